package io.conduit.broker;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** QoS 1/2 handshakes, exactly-once, redelivery, in-flight windows and topic aliases at the byte level. */
class QosFlowTest extends BrokerTestBase {
  private static final int PUBLISH = 3;
  private static final int PUBREC = 5;
  private static final int PUBREL = 6;
  private static final int PUBCOMP = 7;
  private static final int SUBACK = 9;
  private static final int DISCONNECT = 14;

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void duplicateQos2PublishIsDeliveredOnlyOnce() throws Exception {
    Mqtt5BlockingClient sub = connectedV5(uniqueId("sub"));
    try (Mqtt5BlockingClient.Mqtt5Publishes in = sub.publishes(MqttGlobalPublishFilter.ALL)) {
      sub.subscribeWith().topicFilter("once").qos(MqttQos.EXACTLY_ONCE).send();
      RawClient pub = raw(4);
      pub.connect("raw-pub", true, 60);
      pub.publish("once", 2, 7, false, null, bytes("x"));
      assertThat(pub.readType(PUBREC).packetId()).isEqualTo(7);
      pub.publish("once", 2, 7, true, null, bytes("x")); // resent with DUP before PUBREL
      assertThat(pub.readType(PUBREC).packetId()).isEqualTo(7);
      pub.ack(0x62, 7);
      assertThat(pub.readType(PUBCOMP).packetId()).isEqualTo(7);
      assertThat(in.receive(5, TimeUnit.SECONDS)).isPresent();
      assertThat(in.receive(500, TimeUnit.MILLISECONDS)).isEmpty();
      pub.publish("once", 2, 7, false, null, bytes("y")); // the id is free again: a new message
      assertThat(pub.readType(PUBREC).packetId()).isEqualTo(7);
      assertThat(in.receive(5, TimeUnit.SECONDS).orElseThrow().getPayloadAsBytes()).isEqualTo(bytes("y"));
    }
  }

  @Test
  void unacknowledgedQos1IsRedeliveredWithDupWhenThePersistentSessionReconnects() throws Exception {
    RawClient sub = raw(4);
    sub.connect("redeliver", false, 60);
    sub.subscribe(1, "rd/t", 1);
    sub.readType(SUBACK);
    Mqtt5BlockingClient pub = connectedV5(uniqueId("pub"));
    pub.publishWith().topic("rd/t").payload(bytes("m1")).qos(MqttQos.AT_LEAST_ONCE).send();
    RawClient.Packet first = sub.readType(PUBLISH);
    assertThat(first.dup()).isFalse();
    sub.close(); // no PUBACK

    RawClient again = raw(4);
    RawClient.Packet connack = again.connect("redeliver", false, 60);
    assertThat(connack.body()[0] & 1).as("session present").isEqualTo(1);
    RawClient.Packet resent = again.readType(PUBLISH);
    assertThat(resent.dup()).isTrue();
    assertThat(resent.publishPacketId()).isEqualTo(first.publishPacketId());
    again.ack(0x40, resent.publishPacketId());
  }

  @Test
  void qos2ReleasedMessageGetsPubrelAgainAfterReconnect() throws Exception {
    RawClient sub = raw(4);
    sub.connect("rel", false, 60);
    sub.subscribe(1, "rel/t", 2);
    sub.readType(SUBACK);
    Mqtt5BlockingClient pub = connectedV5(uniqueId("pub"));
    pub.publishWith().topic("rel/t").payload(bytes("m")).qos(MqttQos.EXACTLY_ONCE).send();
    RawClient.Packet p = sub.readType(PUBLISH);
    sub.ack(0x50, p.publishPacketId()); // PUBREC
    assertThat(sub.readType(PUBREL).packetId()).isEqualTo(p.publishPacketId());
    sub.close(); // no PUBCOMP

    RawClient again = raw(4);
    again.connect("rel", false, 60);
    assertThat(again.readType(PUBREL).packetId()).isEqualTo(p.publishPacketId());
    again.ack(0x70, p.publishPacketId());
    org.awaitility.Awaitility.await().atMost(5, TimeUnit.SECONDS)
      .until(() -> onBroker(() -> server.broker().sessions.get("rel").inflightCount()) == 0);
  }

  @Test
  void inflightWindowHoldsBackMessagesUntilAcknowledged() throws Exception {
    onBroker(() -> server.broker().options.setMaxInflightMessages(2));
    RawClient sub = raw(4);
    sub.connect("window", true, 60);
    sub.subscribe(1, "w/t", 1);
    sub.readType(SUBACK);
    Mqtt5BlockingClient pub = connectedV5(uniqueId("pub"));
    for (int i = 0; i < 5; i++) pub.publishWith().topic("w/t").payload(bytes("m" + i)).qos(MqttQos.AT_LEAST_ONCE).send();
    RawClient.Packet a = sub.readType(PUBLISH);
    RawClient.Packet b = sub.readType(PUBLISH);
    assertThat(onBroker(() -> server.broker().sessions.get("window").queuedCount())).isEqualTo(3);
    sub.ack(0x40, a.publishPacketId());
    RawClient.Packet c = sub.readType(PUBLISH);
    assertThat(new String(c.body(), StandardCharsets.UTF_8)).endsWith("m2");
    sub.ack(0x40, b.publishPacketId());
    sub.ack(0x40, c.publishPacketId());
    sub.ack(0x40, sub.readType(PUBLISH).publishPacketId());
    sub.ack(0x40, sub.readType(PUBLISH).publishPacketId());
    org.awaitility.Awaitility.await().atMost(5, TimeUnit.SECONDS)
      .until(() -> onBroker(() -> server.broker().sessions.get("window").inflightCount()) == 0);
  }

  @Test
  void clientExceedingOurReceiveMaximumIsDisconnectedWith0x93() throws Exception {
    RawClient pub = raw(5);
    pub.connect("flood", true, 60);
    int max = BrokerOptions.DEFAULT_MAX_INFLIGHT_MESSAGES;
    for (int i = 1; i <= max + 1; i++) pub.publish("flood/t", 2, i, false, null, bytes("x"));
    RawClient.Packet d = pub.readType(DISCONNECT);
    assertThat(d.body()[0] & 0xFF).isEqualTo(0x93);
    assertThat(pub.closedByBroker()).isTrue();
  }

  @Test
  void invalidFilterGetsAFailureCodeWhileValidOnesInTheSameSubscribeAreGranted() throws Exception {
    RawClient v5 = raw(5);
    v5.connect("bad-filter-5", true, 60);
    v5.send(0x82, new byte[] {0, 1, 0}, RawClient.str("ok/+"), new byte[] {1}, RawClient.str("bad/#/x"), new byte[] {0});
    RawClient.Packet ack = v5.readType(SUBACK);
    assertThat(ack.body()).containsExactly(0, 1, 0, 1, 0x8F);
    RawClient v3 = raw(4);
    v3.connect("bad-filter-3", true, 60);
    v3.send(0x82, new byte[] {0, 2}, RawClient.str("a+"), new byte[] {0}, RawClient.str("ok/#"), new byte[] {2});
    assertThat(v3.readType(SUBACK).body()).containsExactly(0, 2, 0x80, 2);
  }

  @Test
  void topicAliasMapsAnEmptyTopicToTheAliasedOne() throws Exception {
    Mqtt5BlockingClient sub = connectedV5(uniqueId("sub"));
    try (Mqtt5BlockingClient.Mqtt5Publishes in = sub.publishes(MqttGlobalPublishFilter.ALL)) {
      sub.subscribeWith().topicFilter("alias/#").qos(MqttQos.AT_LEAST_ONCE).send();
      RawClient pub = raw(5);
      pub.connect("aliaser", true, 60);
      byte[] alias1 = {3, 0x23, 0, 1};
      pub.publish("alias/long/name", 0, 0, false, alias1, bytes("first"));
      pub.publish("", 0, 0, false, alias1, bytes("second"));
      Mqtt5Publish a = in.receive(5, TimeUnit.SECONDS).orElseThrow();
      Mqtt5Publish b = in.receive(5, TimeUnit.SECONDS).orElseThrow();
      assertThat(a.getTopic().toString()).isEqualTo("alias/long/name");
      assertThat(b.getTopic().toString()).isEqualTo("alias/long/name");
      assertThat(b.getPayloadAsBytes()).isEqualTo(bytes("second"));
    }
  }

  @Test
  void topicAliasAboveTheMaximumIsDisconnectedWith0x94AndUnknownAliasWith0x82() throws Exception {
    RawClient a = raw(5);
    a.connect("alias-big", true, 60);
    a.publish("t", 0, 0, false, new byte[] {3, 0x23, 0, (byte) (BrokerOptions.DEFAULT_MAX_TOPIC_ALIAS + 1)}, bytes("x"));
    assertThat(a.readType(DISCONNECT).body()[0] & 0xFF).isEqualTo(0x94);
    RawClient b = raw(5);
    b.connect("alias-unknown", true, 60);
    b.publish("", 0, 0, false, new byte[] {3, 0x23, 0, 2}, bytes("x"));
    assertThat(b.readType(DISCONNECT).body()[0] & 0xFF).isEqualTo(0x82);
  }
}
