package io.conduit.broker;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5RetainHandling;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class RetainedMessagesTest extends BrokerTestBase {

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private void retain(String topic, String payload, MqttQos qos) {
    Mqtt3BlockingClient pub = connectedV3(uniqueId("pub"));
    pub.publishWith().topic(topic).payload(bytes(payload)).qos(qos).retain(true).send();
    pub.disconnect();
  }

  @Test
  void newSubscriberGetsTheLastRetainedMessageWithRetainFlag() throws Exception {
    retain("home/door", "open", MqttQos.AT_LEAST_ONCE);
    retain("home/door", "closed", MqttQos.AT_LEAST_ONCE);
    Mqtt3BlockingClient sub = connectedV3(uniqueId("sub"));
    try (Mqtt3BlockingClient.Mqtt3Publishes in = sub.publishes(MqttGlobalPublishFilter.ALL)) {
      sub.subscribeWith().topicFilter("home/+").qos(MqttQos.AT_LEAST_ONCE).send();
      Mqtt3Publish p = in.receive(5, TimeUnit.SECONDS).orElseThrow();
      assertThat(p.getPayloadAsBytes()).isEqualTo(bytes("closed"));
      assertThat(p.isRetain()).isTrue();
      assertThat(in.receive(200, TimeUnit.MILLISECONDS)).isEmpty();
    }
  }

  @Test
  void liveDeliveryToExistingSubscriberClearsTheRetainFlag() throws Exception {
    Mqtt3BlockingClient sub = connectedV3(uniqueId("sub"));
    try (Mqtt3BlockingClient.Mqtt3Publishes in = sub.publishes(MqttGlobalPublishFilter.ALL)) {
      sub.subscribeWith().topicFilter("live/x").qos(MqttQos.AT_LEAST_ONCE).send();
      retain("live/x", "v", MqttQos.AT_LEAST_ONCE);
      assertThat(in.receive(5, TimeUnit.SECONDS).orElseThrow().isRetain()).isFalse();
    }
  }

  @Test
  void emptyRetainedPayloadClearsTheTopic() throws Exception {
    retain("clear/me", "something", MqttQos.AT_LEAST_ONCE);
    retain("clear/me", "", MqttQos.AT_LEAST_ONCE);
    assertThat(onBroker(() -> server.broker().retained.size())).isZero();
    Mqtt3BlockingClient sub = connectedV3(uniqueId("sub"));
    try (Mqtt3BlockingClient.Mqtt3Publishes in = sub.publishes(MqttGlobalPublishFilter.ALL)) {
      sub.subscribeWith().topicFilter("clear/#").qos(MqttQos.AT_LEAST_ONCE).send();
      assertThat(in.receive(300, TimeUnit.MILLISECONDS)).isEmpty();
    }
  }

  @Test
  void wildcardSubscriptionGetsEveryMatchingRetainedTopicButNotDollarTopics() throws Exception {
    retain("r/a", "1", MqttQos.AT_MOST_ONCE);
    retain("r/b/c", "2", MqttQos.AT_MOST_ONCE);
    retain("r", "0", MqttQos.AT_MOST_ONCE);
    retain("other", "x", MqttQos.AT_MOST_ONCE);
    onBroker(() -> {
      server.broker().retained.put(new BrokerMessage("$SYS/test", io.netty.buffer.Unpooled.wrappedBuffer(bytes("s")), 0, true, null, BrokerMessage.NEVER, null));
      return null;
    });
    Mqtt3BlockingClient sub = connectedV3(uniqueId("sub"));
    try (Mqtt3BlockingClient.Mqtt3Publishes in = sub.publishes(MqttGlobalPublishFilter.ALL)) {
      sub.subscribeWith().topicFilter("r/#").qos(MqttQos.AT_MOST_ONCE).send();
      Set<String> topics = new HashSet<>();
      for (int i = 0; i < 3; i++) topics.add(in.receive(5, TimeUnit.SECONDS).orElseThrow().getTopic().toString());
      assertThat(topics).containsExactlyInAnyOrder("r", "r/a", "r/b/c");
      sub.subscribeWith().topicFilter("#").qos(MqttQos.AT_MOST_ONCE).send();
      topics.clear();
      for (int i = 0; i < 4; i++) topics.add(in.receive(5, TimeUnit.SECONDS).orElseThrow().getTopic().toString());
      assertThat(topics).containsExactlyInAnyOrder("r", "r/a", "r/b/c", "other");
      assertThat(in.receive(300, TimeUnit.MILLISECONDS)).isEmpty();
    }
  }

  @Test
  void retainedMessageIsDeliveredAtTheLowerOfStoredAndSubscribedQos() throws Exception {
    retain("qos/r", "v", MqttQos.EXACTLY_ONCE);
    Mqtt5BlockingClient sub = connectedV5(uniqueId("sub"));
    try (Mqtt5BlockingClient.Mqtt5Publishes in = sub.publishes(MqttGlobalPublishFilter.ALL)) {
      sub.subscribeWith().topicFilter("qos/r").qos(MqttQos.AT_LEAST_ONCE).send();
      assertThat(in.receive(5, TimeUnit.SECONDS).orElseThrow().getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
    }
  }

  @Test
  void retainHandlingOneSendsOnlyForNewSubscriptionsAndTwoNever() throws Exception {
    retain("rh/t", "v", MqttQos.AT_LEAST_ONCE);
    Mqtt5BlockingClient sub = connectedV5(uniqueId("sub"));
    try (Mqtt5BlockingClient.Mqtt5Publishes in = sub.publishes(MqttGlobalPublishFilter.ALL)) {
      sub.subscribeWith().topicFilter("rh/t").qos(MqttQos.AT_LEAST_ONCE).retainHandling(Mqtt5RetainHandling.SEND_IF_SUBSCRIPTION_DOES_NOT_EXIST).send();
      assertThat(in.receive(5, TimeUnit.SECONDS)).isPresent();
      sub.subscribeWith().topicFilter("rh/t").qos(MqttQos.AT_LEAST_ONCE).retainHandling(Mqtt5RetainHandling.SEND_IF_SUBSCRIPTION_DOES_NOT_EXIST).send();
      assertThat(in.receive(300, TimeUnit.MILLISECONDS)).isEmpty();
      sub.subscribeWith().topicFilter("rh/+").qos(MqttQos.AT_LEAST_ONCE).retainHandling(Mqtt5RetainHandling.DO_NOT_SEND).send();
      assertThat(in.receive(300, TimeUnit.MILLISECONDS)).isEmpty();
      sub.subscribeWith().topicFilter("rh/#").qos(MqttQos.AT_LEAST_ONCE).retainHandling(Mqtt5RetainHandling.SEND).send();
      assertThat(in.receive(5, TimeUnit.SECONDS)).isPresent();
    }
  }

  @Test
  void retainAsPublishedKeepsTheRetainFlagOnLiveDelivery() throws Exception {
    Mqtt5BlockingClient sub = connectedV5(uniqueId("sub"));
    try (Mqtt5BlockingClient.Mqtt5Publishes in = sub.publishes(MqttGlobalPublishFilter.ALL)) {
      sub.subscribeWith().topicFilter("rap/t").qos(MqttQos.AT_LEAST_ONCE).retainAsPublished(true).send();
      Mqtt5BlockingClient pub = connectedV5(uniqueId("pub"));
      pub.publishWith().topic("rap/t").payload(bytes("v")).retain(true).qos(MqttQos.AT_LEAST_ONCE).send();
      Mqtt5Publish p = in.receive(5, TimeUnit.SECONDS).orElseThrow();
      assertThat(p.isRetain()).isTrue();
    }
  }
}
