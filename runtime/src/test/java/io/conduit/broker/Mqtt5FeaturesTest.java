package io.conduit.broker;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAck;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.unsubscribe.unsuback.Mqtt5UnsubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class Mqtt5FeaturesTest extends BrokerTestBase {

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void noLocalSubscriberDoesNotGetItsOwnMessagesBack() throws Exception {
    Mqtt5BlockingClient c = connectedV5(uniqueId("self"));
    try (Mqtt5BlockingClient.Mqtt5Publishes in = c.publishes(MqttGlobalPublishFilter.ALL)) {
      c.subscribeWith().topicFilter("chat/room").noLocal(true).qos(MqttQos.AT_LEAST_ONCE).send();
      c.publishWith().topic("chat/room").payload(bytes("mine")).qos(MqttQos.AT_LEAST_ONCE).send();
      Mqtt5BlockingClient other = connectedV5(uniqueId("other"));
      other.publishWith().topic("chat/room").payload(bytes("theirs")).qos(MqttQos.AT_LEAST_ONCE).send();
      assertThat(in.receive(5, TimeUnit.SECONDS).orElseThrow().getPayloadAsBytes()).isEqualTo(bytes("theirs"));
      assertThat(in.receive(300, TimeUnit.MILLISECONDS)).isEmpty();
    }
  }

  @Test
  void sharedSubscriptionDeliversEachMessageToOneMemberRoundRobin() throws Exception {
    Mqtt5BlockingClient a = connectedV5(uniqueId("worker-a"));
    Mqtt5BlockingClient b = connectedV5(uniqueId("worker-b"));
    Mqtt5BlockingClient watcher = connectedV5(uniqueId("watcher"));
    try (Mqtt5BlockingClient.Mqtt5Publishes inA = a.publishes(MqttGlobalPublishFilter.ALL);
         Mqtt5BlockingClient.Mqtt5Publishes inB = b.publishes(MqttGlobalPublishFilter.ALL);
         Mqtt5BlockingClient.Mqtt5Publishes inW = watcher.publishes(MqttGlobalPublishFilter.ALL)) {
      a.subscribeWith().topicFilter("$share/workers/jobs/+").qos(MqttQos.AT_LEAST_ONCE).send();
      b.subscribeWith().topicFilter("$share/workers/jobs/+").qos(MqttQos.AT_LEAST_ONCE).send();
      watcher.subscribeWith().topicFilter("jobs/#").qos(MqttQos.AT_LEAST_ONCE).send();
      Mqtt5BlockingClient pub = connectedV5(uniqueId("pub"));
      for (int i = 0; i < 10; i++) pub.publishWith().topic("jobs/" + i).payload(bytes("j" + i)).qos(MqttQos.AT_LEAST_ONCE).send();
      int countA = 0;
      int countB = 0;
      for (int i = 0; i < 10; i++) assertThat(inW.receive(5, TimeUnit.SECONDS)).isPresent();
      while (inA.receive(300, TimeUnit.MILLISECONDS).isPresent()) countA++;
      while (inB.receive(300, TimeUnit.MILLISECONDS).isPresent()) countB++;
      assertThat(countA + countB).isEqualTo(10);
      assertThat(countA).isEqualTo(5);
    }
  }

  @Test
  void userPropertiesContentTypeResponseTopicAndCorrelationDataPassThrough() throws Exception {
    Mqtt5BlockingClient sub = connectedV5(uniqueId("sub"));
    try (Mqtt5BlockingClient.Mqtt5Publishes in = sub.publishes(MqttGlobalPublishFilter.ALL)) {
      sub.subscribeWith().topicFilter("req").qos(MqttQos.AT_LEAST_ONCE).send();
      Mqtt5BlockingClient pub = connectedV5(uniqueId("pub"));
      pub.publishWith().topic("req").payload(bytes("{}")).qos(MqttQos.AT_LEAST_ONCE)
        .contentType("application/json").responseTopic("resp/1").correlationData(bytes("c-1"))
        .payloadFormatIndicator(com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator.UTF_8)
        .userProperties().add("a", "1").add("a", "2").add("b", "3").applyUserProperties()
        .send();
      Mqtt5Publish p = in.receive(5, TimeUnit.SECONDS).orElseThrow();
      assertThat(p.getContentType().orElseThrow().toString()).isEqualTo("application/json");
      assertThat(p.getResponseTopic().orElseThrow().toString()).isEqualTo("resp/1");
      assertThat(StandardCharsets.UTF_8.decode(p.getCorrelationData().orElseThrow()).toString()).isEqualTo("c-1");
      assertThat(p.getPayloadFormatIndicator()).isPresent();
      assertThat(p.getUserProperties().asList()).extracting(u -> u.getName() + "=" + u.getValue())
        .containsExactly("a=1", "a=2", "b=3");
    }
  }

  @Test
  void subscriptionIdentifiersOfEveryMatchingSubscriptionAreSent() throws Exception {
    RawClient sub = raw(5);
    sub.connect("ids", true, 60);
    sub.send(0x82, new byte[] {0, 1, 2, 0x0B, 5}, RawClient.str("ids/+"), new byte[] {1});
    sub.readType(9);
    sub.send(0x82, new byte[] {0, 2, 2, 0x0B, 9}, RawClient.str("ids/#"), new byte[] {0});
    sub.readType(9);
    Mqtt5BlockingClient pub = connectedV5(uniqueId("pub"));
    pub.publishWith().topic("ids/x").payload(bytes("m")).qos(MqttQos.AT_LEAST_ONCE).send();
    RawClient.Packet p = sub.readType(3);
    assertThat(p.qos()).isEqualTo(1);
    byte[] b = p.body();
    int propsAt = 2 + "ids/x".length() + 2;
    int propsLen = b[propsAt];
    byte[] props = java.util.Arrays.copyOfRange(b, propsAt + 1, propsAt + 1 + propsLen);
    assertThat(props).hasSize(4);
    assertThat(props[0]).isEqualTo((byte) 0x0B);
    assertThat(props[2]).isEqualTo((byte) 0x0B);
    assertThat(java.util.Set.of(props[1], props[3])).containsExactlyInAnyOrder((byte) 5, (byte) 9);
  }

  @Test
  void expiredMessagesAreNotDeliveredAndRemainingExpiryIsSent() throws Exception {
    Mqtt5BlockingClient pub = connectedV5(uniqueId("pub"));
    pub.publishWith().topic("exp/keep").payload(bytes("k")).retain(true).messageExpiryInterval(3600).qos(MqttQos.AT_LEAST_ONCE).send();
    Mqtt5BlockingClient sub = connectedV5(uniqueId("sub"));
    try (Mqtt5BlockingClient.Mqtt5Publishes in = sub.publishes(MqttGlobalPublishFilter.ALL)) {
      sub.subscribeWith().topicFilter("exp/#").qos(MqttQos.AT_LEAST_ONCE).send();
      Mqtt5Publish p = in.receive(5, TimeUnit.SECONDS).orElseThrow();
      assertThat(p.getMessageExpiryInterval()).isPresent();
      assertThat(p.getMessageExpiryInterval().getAsLong()).isBetween(3590L, 3600L);
    }
  }

  @Test
  void ackReasonCodesReportNoSubscribersGrantedQosAndMissingSubscriptions() {
    Mqtt5BlockingClient c = connectedV5(uniqueId("codes"));
    Mqtt5PublishResult r = c.publishWith().topic("nobody/listens").payload(bytes("x")).qos(MqttQos.AT_LEAST_ONCE).send();
    assertThat(((Mqtt5PublishResult.Mqtt5Qos1Result) r).getPubAck().getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.NO_MATCHING_SUBSCRIBERS);
    Mqtt5SubAck ack = c.subscribeWith().addSubscription().topicFilter("ok/+").qos(MqttQos.EXACTLY_ONCE).applySubscription()
      .addSubscription().topicFilter("ok/#").qos(MqttQos.AT_MOST_ONCE).applySubscription().send();
    assertThat(ack.getReasonCodes()).containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_2, Mqtt5SubAckReasonCode.GRANTED_QOS_0);
    assertThat(c.unsubscribeWith().topicFilter("never/subscribed").send().getReasonCodes())
      .containsExactly(Mqtt5UnsubAckReasonCode.NO_SUBSCRIPTIONS_EXISTED);
    assertThat(c.unsubscribeWith().topicFilter("ok/+").send().getReasonCodes()).containsExactly(Mqtt5UnsubAckReasonCode.SUCCESS);
  }

  @Test
  void brokerNeverSendsAPacketLargerThanTheClientsMaximumPacketSize() throws Exception {
    Mqtt5BlockingClient small = v5(uniqueId("small"));
    small.connectWith().restrictions().maximumPacketSize(200).applyRestrictions().send();
    try (Mqtt5BlockingClient.Mqtt5Publishes in = small.publishes(MqttGlobalPublishFilter.ALL)) {
      small.subscribeWith().topicFilter("size/#").qos(MqttQos.AT_LEAST_ONCE).send();
      Mqtt5BlockingClient pub = connectedV5(uniqueId("pub"));
      pub.publishWith().topic("size/big").payload(new byte[500]).qos(MqttQos.AT_LEAST_ONCE).send();
      pub.publishWith().topic("size/big").payload(new byte[500]).qos(MqttQos.AT_MOST_ONCE).send();
      pub.publishWith().topic("size/small").payload(new byte[50]).qos(MqttQos.AT_LEAST_ONCE).send();
      Mqtt5Publish p = in.receive(5, TimeUnit.SECONDS).orElseThrow();
      assertThat(p.getTopic().toString()).isEqualTo("size/small");
      assertThat(small.getState().isConnected()).isTrue();
      assertThat(onBroker(() -> server.broker().stats.dropped)).isEqualTo(2);
    }
  }

  @Test
  void connackAnnouncesTheBrokersLimits() {
    Mqtt5BlockingClient c = v5(uniqueId("limits"));
    var ack = c.connect();
    assertThat(ack.getRestrictions().getReceiveMaximum()).isEqualTo(BrokerOptions.DEFAULT_MAX_INFLIGHT_MESSAGES);
    assertThat(ack.getRestrictions().getTopicAliasMaximum()).isEqualTo(BrokerOptions.DEFAULT_MAX_TOPIC_ALIAS);
    Map<String, Boolean> features = new HashMap<>();
    features.put("wildcard", ack.getRestrictions().isWildcardSubscriptionAvailable());
    features.put("shared", ack.getRestrictions().isSharedSubscriptionAvailable());
    features.put("subids", ack.getRestrictions().areSubscriptionIdentifiersAvailable());
    features.put("retain", ack.getRestrictions().isRetainAvailable());
    assertThat(features).allSatisfy((k, v) -> assertThat(v).as(k).isTrue());
  }
}
