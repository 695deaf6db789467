package io.conduit.broker;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Eclipse Paho (3.1.1 and 5) against the broker: a second client library with its own codec. */
class PahoClientTest extends BrokerTestBase {

  @Test
  void paho311SubscriberGetsPaho5PublisherMessagesAtEachQos() throws Exception {
    MqttClient sub = new MqttClient("tcp://127.0.0.1:" + port, uniqueId("paho3"), new MemoryPersistence());
    onCleanup(() -> {
      try {
        if (sub.isConnected()) sub.disconnect();
        sub.close();
      } catch (Exception ignored) {
        // best effort
      }
    });
    MqttConnectOptions o = new MqttConnectOptions();
    o.setCleanSession(true);
    sub.connect(o);
    BlockingQueue<MqttMessage> got = new LinkedBlockingQueue<>();
    sub.subscribe("paho/#", 2, (topic, m) -> got.add(m));

    org.eclipse.paho.mqttv5.client.MqttClient pub = new org.eclipse.paho.mqttv5.client.MqttClient(
      "tcp://127.0.0.1:" + port, uniqueId("paho5"), new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
    onCleanup(() -> {
      try {
        if (pub.isConnected()) pub.disconnect();
        pub.close();
      } catch (Exception ignored) {
        // best effort
      }
    });
    pub.connect(new MqttConnectionOptions());
    for (int qos = 0; qos <= 2; qos++) {
      pub.publish("paho/q" + qos, ("m" + qos).getBytes(StandardCharsets.UTF_8), qos, false);
    }
    for (int qos = 0; qos <= 2; qos++) {
      MqttMessage m = got.poll(5, TimeUnit.SECONDS);
      assertThat(m).isNotNull();
      assertThat(new String(m.getPayload(), StandardCharsets.UTF_8)).isEqualTo("m" + qos);
      assertThat(m.getQos()).isEqualTo(qos);
    }
  }
}
