package io.conduit.broker;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class SysTopicsTest extends BrokerTestBase {

  @Override
  protected BrokerOptions options() {
    return super.options().setSysInterval(1);
  }

  private Map<String, String> collect(Mqtt3BlockingClient.Mqtt3Publishes in, int count) throws Exception {
    Map<String, String> got = new HashMap<>();
    while (got.size() < count) {
      Mqtt3Publish p = in.receive(5, TimeUnit.SECONDS).orElseThrow();
      got.put(p.getTopic().toString(), new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8));
    }
    return got;
  }

  @Test
  void sysTopicsArePublishedRetainedAndUpdated() throws Exception {
    Mqtt3BlockingClient c = connectedV3(uniqueId("sys"));
    try (Mqtt3BlockingClient.Mqtt3Publishes in = c.publishes(MqttGlobalPublishFilter.ALL)) {
      c.subscribeWith().topicFilter("$SYS/broker/#").qos(MqttQos.AT_MOST_ONCE).send();
      Map<String, String> first = collect(in, 19);
      assertThat(first.get("$SYS/broker/version")).startsWith("conduit version");
      assertThat(first.get("$SYS/broker/uptime")).endsWith(" seconds");
      assertThat(first).containsKeys("$SYS/broker/clients/connected", "$SYS/broker/messages/received",
        "$SYS/broker/messages/sent", "$SYS/broker/retained messages/count");
      c.publishWith().topic("normal").payload(new byte[] {1}).send();
      org.awaitility.Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> {
        Mqtt3Publish p = in.receive(2, TimeUnit.SECONDS).orElse(null);
        return p != null && p.getTopic().toString().equals("$SYS/broker/messages/received")
          && Long.parseLong(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)) >= 1;
      });
    }
  }

  @Test
  void hashSubscriptionDoesNotReceiveSysTopicsAndClientsCannotPublishThere() throws Exception {
    Mqtt3BlockingClient c = connectedV3(uniqueId("all"));
    try (Mqtt3BlockingClient.Mqtt3Publishes in = c.publishes(MqttGlobalPublishFilter.ALL)) {
      c.subscribeWith().topicFilter("#").qos(MqttQos.AT_MOST_ONCE).send();
      assertThat(in.receive(1500, TimeUnit.MILLISECONDS)).isEmpty();
      c.publishWith().topic("$SYS/broker/version").payload("fake".getBytes(StandardCharsets.UTF_8)).qos(MqttQos.AT_LEAST_ONCE).send();
      assertThat(onBroker(() -> new String(server.broker().retained.get("$SYS/broker/version").payloadBytes(), StandardCharsets.UTF_8)))
        .startsWith("conduit version");
    }
  }
}
