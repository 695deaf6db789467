package io.conduit.broker;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each configurable limit triggers its reason code (v5) or its documented 3.1.1 behaviour, and is
 * counted in {@code $SYS/broker/...}: max_connections (0x97), max_connection_rate (0x9F),
 * max_queued_messages and max_queued_bytes (PUBACK 0x97), max_packet_size (0x95),
 * max_inflight_messages (0x93).
 */
class LimitsTest extends BrokerTestBase {
  private static final int CONNACK = 2;
  private static final int PUBACK = 4;
  private static final int SUBACK = 9;
  private static final int DISCONNECT = 14;

  @Override
  protected BrokerOptions options() {
    return super.options().setMaxPacketSize(1000);
  }

  private void set(java.util.function.Consumer<BrokerOptions> change) throws Exception {
    onBroker(() -> {
      change.accept(server.broker().options);
      return null;
    });
  }

  /** Publishes the $SYS values now and returns the one of {@code name}. */
  private String sys(String name) throws Exception {
    return onBroker(() -> {
      new SysTopics(server.broker(), "test").publish();
      BrokerMessage m = server.broker().retained.get(SysTopics.PREFIX + name);
      return m == null ? null : new String(m.payloadBytes(), StandardCharsets.UTF_8);
    });
  }

  private static int reasonOfConnack(RawClient.Packet connack) {
    assertThat(connack.type()).isEqualTo(CONNACK);
    return connack.body()[1] & 0xFF;
  }

  @Test
  void maxConnectionsRefusesWith0x97AndV311WithServerUnavailableButAllowsATakeOver() throws Exception {
    set(o -> o.setMaxConnections(2));
    RawClient a = raw(5);
    assertThat(reasonOfConnack(a.connect("a", true, 0))).isZero();
    RawClient b = raw(4);
    assertThat(reasonOfConnack(b.connect("b", true, 0))).isZero();
    assertThat(reasonOfConnack(raw(5).connect("c", true, 0))).isEqualTo(0x97);
    assertThat(reasonOfConnack(raw(4).connect("d", true, 0))).isEqualTo(0x03);
    assertThat(reasonOfConnack(raw(5).connect("a", true, 0))).as("take-over of a connected id").isZero();
    assertThat(sys("clients/refused/max_connections")).isEqualTo("2");
  }

  @Test
  void maxConnectionRateRefusesWith0x9F() throws Exception {
    set(o -> o.setMaxConnectionRate(2));
    int accepted = 0;
    int refused = 0;
    for (int i = 0; i < 6; i++) {
      int reason = reasonOfConnack(raw(5).connect("r" + i, true, 0));
      if (reason == 0) accepted++;
      else if (reason == 0x9F) refused++;
    }
    // six connections within at most two seconds (windows) of two each
    assertThat(accepted).isLessThanOrEqualTo(4);
    assertThat(refused).isEqualTo(6 - accepted);
    RawClient v3 = raw(4);
    int v3reason = reasonOfConnack(v3.connect("r-v3", true, 0));
    assertThat(v3reason).isIn(0, 0x03);
    assertThat(Long.parseLong(sys("clients/refused/connection_rate"))).isGreaterThanOrEqualTo(refused);
  }

  private void offlinePersistentSubscriber(String id, String filter) throws Exception {
    RawClient sub = raw(4);
    sub.connect(id, false, 0);
    sub.subscribe(1, filter, 1);
    sub.readType(SUBACK);
    sub.close();
    awaitOffline(id);
  }

  private int publishReason(RawClient pub, int packetId, String topic, String payload) throws Exception {
    pub.publish(topic, 1, packetId, false, null, payload.getBytes(StandardCharsets.UTF_8));
    RawClient.Packet ack = pub.readType(PUBACK);
    assertThat(ack.packetId()).isEqualTo(packetId);
    return ack.body().length > 2 ? ack.body()[2] & 0xFF : 0;
  }

  @Test
  void aFullQueueAnswersV5PublishersWith0x97() throws Exception {
    set(o -> o.setMaxQueuedMessages(2));
    offlinePersistentSubscriber("slowpoke", "q/t");
    RawClient pub = raw(5);
    pub.connect("qpub", true, 0);
    assertThat(publishReason(pub, 1, "q/t", "1")).isZero();
    assertThat(publishReason(pub, 2, "q/t", "2")).isZero();
    assertThat(publishReason(pub, 3, "q/t", "3")).isEqualTo(0x97);
    assertThat(onBroker(() -> server.broker().sessions.get("slowpoke").queuedCount())).isEqualTo(2);
    assertThat(sys("publish/messages/dropped/queue_full")).isEqualTo("1");
  }

  @Test
  void maxQueuedBytesBoundsTheQueueByPayloadSize() throws Exception {
    set(o -> o.setMaxQueuedBytes(10));
    offlinePersistentSubscriber("bytes", "b/t");
    RawClient pub = raw(5);
    pub.connect("bpub", true, 0);
    assertThat(publishReason(pub, 1, "b/t", "123456")).isZero();
    assertThat(publishReason(pub, 2, "b/t", "123456")).isEqualTo(0x97);
    assertThat(publishReason(pub, 3, "b/t", "1234")).as("still fits").isZero();
    assertThat(onBroker(() -> server.broker().sessions.get("bytes").queuedBytes())).isEqualTo(10);
  }

  @Test
  void aPacketAboveMaxPacketSizeGetsDisconnect0x95AndIsCounted() throws Exception {
    RawClient big = raw(5);
    big.connect("big", true, 0);
    big.publish("t", 0, 0, false, null, new byte[2000]);
    RawClient.Packet d = big.readType(DISCONNECT);
    assertThat(d.body()[0] & 0xFF).isEqualTo(0x95);
    assertThat(sys("clients/disconnected/packet_too_large")).isEqualTo("1");
  }

  @Test
  void exceedingMaxInflightMessagesGetsDisconnect0x93AndIsCounted() throws Exception {
    set(o -> o.setMaxInflightMessages(3));
    RawClient pub = raw(5);
    pub.connect("flood", true, 0);
    for (int i = 1; i <= 4; i++) pub.publish("flood/t", 2, i, false, null, new byte[] {1});
    RawClient.Packet d = pub.readType(DISCONNECT);
    assertThat(d.body()[0] & 0xFF).isEqualTo(0x93);
    assertThat(sys("clients/disconnected/receive_maximum")).isEqualTo("1");
  }
}
