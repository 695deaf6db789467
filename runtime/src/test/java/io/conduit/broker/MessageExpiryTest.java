package io.conduit.broker;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** v5 Message Expiry Interval (5.0 3.3.2.3.3) with a manual clock. */
class MessageExpiryTest extends BrokerTestBase {
  private final ManualTime time = new ManualTime();

  @Override
  protected Clock clock() {
    return time;
  }

  @Override
  protected Scheduler scheduler() {
    return time;
  }

  private void advance(long millis) throws Exception {
    onBroker(() -> {
      time.advance(millis);
      return null;
    });
  }

  private void publish(String topic, String payload, long expirySeconds, boolean retain) {
    Mqtt5BlockingClient pub = connectedV5(uniqueId("pub"));
    pub.publishWith().topic(topic).payload(payload.getBytes(StandardCharsets.UTF_8)).qos(MqttQos.AT_LEAST_ONCE)
      .messageExpiryInterval(expirySeconds).retain(retain).send();
    pub.disconnect();
  }

  @Test
  void queuedMessageThatExpiredWhileTheClientWasAwayIsNotDelivered() throws Exception {
    Mqtt5BlockingClient sub = v5("away");
    sub.connectWith().cleanStart(true).sessionExpiryInterval(3600).send();
    sub.subscribeWith().topicFilter("exp/#").qos(MqttQos.AT_LEAST_ONCE).send();
    sub.disconnect();
    awaitOffline("away");
    publish("exp/short", "short", 10, false);
    publish("exp/long", "long", 100, false);
    advance(30_000);
    Mqtt5BlockingClient again = v5("away");
    try (Mqtt5BlockingClient.Mqtt5Publishes in = again.publishes(MqttGlobalPublishFilter.ALL)) {
      again.connectWith().cleanStart(false).sessionExpiryInterval(3600).send();
      Mqtt5Publish p = in.receive(5, TimeUnit.SECONDS).orElseThrow();
      assertThat(p.getTopic().toString()).isEqualTo("exp/long");
      assertThat(p.getMessageExpiryInterval().orElseThrow()).isEqualTo(70);
      assertThat(in.receive(300, TimeUnit.MILLISECONDS)).isEmpty();
    }
  }

  @Test
  void expiredRetainedMessageIsNotSentToNewSubscribers() throws Exception {
    publish("ret/short", "s", 5, true);
    publish("ret/long", "l", 500, true);
    advance(6_000);
    Mqtt5BlockingClient sub = connectedV5(uniqueId("sub"));
    try (Mqtt5BlockingClient.Mqtt5Publishes in = sub.publishes(MqttGlobalPublishFilter.ALL)) {
      sub.subscribeWith().topicFilter("ret/#").qos(MqttQos.AT_LEAST_ONCE).send();
      Mqtt5Publish p = in.receive(5, TimeUnit.SECONDS).orElseThrow();
      assertThat(p.getTopic().toString()).isEqualTo("ret/long");
      assertThat(p.getMessageExpiryInterval().orElseThrow()).isEqualTo(494);
      assertThat(in.receive(300, TimeUnit.MILLISECONDS)).isEmpty();
    }
    assertThat(onBroker(() -> server.broker().retained.size())).isEqualTo(1);
  }
}
