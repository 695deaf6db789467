package io.conduit.broker;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class PublishSubscribeTest extends BrokerTestBase {

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void qos0MessageReachesMatchingSubscriberOfEitherProtocolVersion() throws Exception {
    Mqtt3BlockingClient sub3 = connectedV3(uniqueId("sub3"));
    Mqtt5BlockingClient sub5 = connectedV5(uniqueId("sub5"));
    try (Mqtt3BlockingClient.Mqtt3Publishes in3 = sub3.publishes(MqttGlobalPublishFilter.ALL);
         Mqtt5BlockingClient.Mqtt5Publishes in5 = sub5.publishes(MqttGlobalPublishFilter.ALL)) {
      sub3.subscribeWith().topicFilter("sensors/+/temp").qos(MqttQos.AT_MOST_ONCE).send();
      sub5.subscribeWith().topicFilter("sensors/#").qos(MqttQos.AT_MOST_ONCE).send();
      Mqtt5BlockingClient pub = connectedV5(uniqueId("pub"));
      pub.publishWith().topic("sensors/kitchen/temp").payload(bytes("21.5")).send();

      Mqtt3Publish got3 = in3.receive(5, TimeUnit.SECONDS).orElseThrow();
      assertThat(got3.getTopic().toString()).isEqualTo("sensors/kitchen/temp");
      assertThat(got3.getPayloadAsBytes()).isEqualTo(bytes("21.5"));
      assertThat(got3.isRetain()).isFalse();
      Mqtt5Publish got5 = in5.receive(5, TimeUnit.SECONDS).orElseThrow();
      assertThat(got5.getPayloadAsBytes()).isEqualTo(bytes("21.5"));
    }
  }

  @Test
  void nonMatchingSubscriberGetsNothing() throws Exception {
    Mqtt5BlockingClient sub = connectedV5(uniqueId("sub"));
    try (Mqtt5BlockingClient.Mqtt5Publishes in = sub.publishes(MqttGlobalPublishFilter.ALL)) {
      sub.subscribeWith().topicFilter("a/b").qos(MqttQos.AT_LEAST_ONCE).send();
      Mqtt5BlockingClient pub = connectedV5(uniqueId("pub"));
      pub.publishWith().topic("a/c").payload(bytes("x")).qos(MqttQos.AT_LEAST_ONCE).send();
      pub.publishWith().topic("a/b").payload(bytes("y")).qos(MqttQos.AT_LEAST_ONCE).send();
      assertThat(in.receive(5, TimeUnit.SECONDS).orElseThrow().getPayloadAsBytes()).isEqualTo(bytes("y"));
      assertThat(in.receive(200, TimeUnit.MILLISECONDS)).isEmpty();
    }
  }

  @Test
  void deliveredQosIsTheMinimumOfPublishedAndSubscribed() throws Exception {
    Mqtt5BlockingClient sub = connectedV5(uniqueId("sub"));
    try (Mqtt5BlockingClient.Mqtt5Publishes in = sub.publishes(MqttGlobalPublishFilter.ALL)) {
      sub.subscribeWith().topicFilter("q/low").qos(MqttQos.AT_LEAST_ONCE).send();
      sub.subscribeWith().topicFilter("q/high").qos(MqttQos.EXACTLY_ONCE).send();
      Mqtt5BlockingClient pub = connectedV5(uniqueId("pub"));
      pub.publishWith().topic("q/low").payload(bytes("1")).qos(MqttQos.EXACTLY_ONCE).send();
      assertThat(in.receive(5, TimeUnit.SECONDS).orElseThrow().getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
      pub.publishWith().topic("q/high").payload(bytes("2")).qos(MqttQos.AT_LEAST_ONCE).send();
      assertThat(in.receive(5, TimeUnit.SECONDS).orElseThrow().getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
      pub.publishWith().topic("q/high").payload(bytes("3")).qos(MqttQos.EXACTLY_ONCE).send();
      assertThat(in.receive(5, TimeUnit.SECONDS).orElseThrow().getQos()).isEqualTo(MqttQos.EXACTLY_ONCE);
    }
  }

  @Test
  void qos1And2MessagesArriveInPublishOrder() throws Exception {
    Mqtt3BlockingClient sub = connectedV3(uniqueId("sub"));
    try (Mqtt3BlockingClient.Mqtt3Publishes in = sub.publishes(MqttGlobalPublishFilter.ALL)) {
      sub.subscribeWith().topicFilter("order/#").qos(MqttQos.EXACTLY_ONCE).send();
      Mqtt3BlockingClient pub = connectedV3(uniqueId("pub"));
      for (int i = 0; i < 200; i++) {
        pub.publishWith().topic("order/x").payload(bytes(Integer.toString(i)))
          .qos(i % 2 == 0 ? MqttQos.AT_LEAST_ONCE : MqttQos.EXACTLY_ONCE).send();
      }
      for (int i = 0; i < 200; i++) {
        Optional<Mqtt3Publish> p = in.receive(5, TimeUnit.SECONDS);
        assertThat(p).as("message " + i).isPresent();
        assertThat(new String(p.get().getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo(Integer.toString(i));
      }
    }
  }

  @Test
  void overlappingSubscriptionsGiveOneDeliveryWithTheHighestQos() throws Exception {
    Mqtt5BlockingClient sub = connectedV5(uniqueId("sub"));
    try (Mqtt5BlockingClient.Mqtt5Publishes in = sub.publishes(MqttGlobalPublishFilter.ALL)) {
      sub.subscribeWith().topicFilter("o/#").qos(MqttQos.AT_MOST_ONCE).send();
      sub.subscribeWith().topicFilter("o/+").qos(MqttQos.AT_LEAST_ONCE).send();
      Mqtt5BlockingClient pub = connectedV5(uniqueId("pub"));
      pub.publishWith().topic("o/x").payload(bytes("m")).qos(MqttQos.EXACTLY_ONCE).send();
      assertThat(in.receive(5, TimeUnit.SECONDS).orElseThrow().getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
      assertThat(in.receive(300, TimeUnit.MILLISECONDS)).isEmpty();
    }
  }

  @Test
  void largePayloadsArriveIntact() throws Exception {
    Mqtt5BlockingClient sub = connectedV5(uniqueId("sub"));
    try (Mqtt5BlockingClient.Mqtt5Publishes in = sub.publishes(MqttGlobalPublishFilter.ALL)) {
      sub.subscribeWith().topicFilter("big").qos(MqttQos.AT_LEAST_ONCE).send();
      Mqtt5BlockingClient pub = connectedV5(uniqueId("pub"));
      byte[] payload = new byte[300_000];
      new java.util.Random(1).nextBytes(payload);
      pub.publishWith().topic("big").payload(payload).qos(MqttQos.AT_MOST_ONCE).send();
      pub.publishWith().topic("big").payload(payload).qos(MqttQos.AT_LEAST_ONCE).send();
      assertThat(in.receive(5, TimeUnit.SECONDS).orElseThrow().getPayloadAsBytes()).isEqualTo(payload);
      assertThat(in.receive(5, TimeUnit.SECONDS).orElseThrow().getPayloadAsBytes()).isEqualTo(payload);
    }
  }

  @Test
  void unsubscribedFilterReceivesNoMore() throws Exception {
    Mqtt3BlockingClient sub = connectedV3(uniqueId("sub"));
    try (Mqtt3BlockingClient.Mqtt3Publishes in = sub.publishes(MqttGlobalPublishFilter.ALL)) {
      sub.subscribeWith().topicFilter("u/t").qos(MqttQos.AT_LEAST_ONCE).send();
      sub.unsubscribeWith().topicFilter("u/t").send();
      Mqtt3BlockingClient pub = connectedV3(uniqueId("pub"));
      pub.publishWith().topic("u/t").payload(bytes("gone")).qos(MqttQos.AT_LEAST_ONCE).send();
      assertThat(in.receive(300, TimeUnit.MILLISECONDS)).isEmpty();
    }
  }
}
