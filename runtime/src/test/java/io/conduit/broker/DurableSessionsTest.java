package io.conduit.broker;

import io.conduit.broker.persist.BrokerStore;
import io.conduit.broker.persist.FsyncPolicy;
import io.conduit.broker.persist.RocksDbBrokerStore;
import io.conduit.broker.persist.StoredState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Persistent sessions on the RocksDB store across broker restarts (in this process, same data
 * directory, same port): queues, in-flight windows with their packet ids, released QoS 2 entries,
 * incoming QoS 2 ids, message and session expiry. The kill -9 case runs in {@link KillNineTest}.
 */
class DurableSessionsTest extends BrokerTestBase {
  private static final int CONNACK = 2;
  private static final int PUBLISH = 3;
  private static final int PUBREC = 5;
  private static final int PUBREL = 6;
  private static final int PUBCOMP = 7;
  private static final int SUBACK = 9;

  @TempDir
  static Path dataDir;
  private static int testNo;
  private Path storeDir;
  private final ManualTime time = new ManualTime();
  private int fixedPort;

  @Override
  protected Clock clock() {
    return time;
  }

  @Override
  protected Scheduler scheduler() {
    return time;
  }

  @Override
  protected BrokerStore store() {
    storeDir = dataDir.resolve("store-" + (++testNo));
    return new RocksDbBrokerStore(storeDir, FsyncPolicy.INTERVAL, 1000);
  }

  @Override
  protected BrokerOptions options() {
    if (fixedPort == 0) fixedPort = freePort();
    return super.options().setPort(fixedPort);
  }

  /** Stops the broker (the store is flushed and closed) and starts a new one on the same directory and port. */
  private void restart() throws Exception {
    join(server.stop());
    server = new BrokerServer(vertx, options(), time, time, new RocksDbBrokerStore(storeDir, FsyncPolicy.INTERVAL, 1000));
    join(server.start());
  }

  /** What the store holds after the broker stopped (opened on its own). */
  private StoredState storedAfterStop() throws Exception {
    join(server.stop());
    RocksDbBrokerStore s = new RocksDbBrokerStore(storeDir, FsyncPolicy.NEVER, 1000);
    java.util.concurrent.CompletableFuture<StoredState> r = new java.util.concurrent.CompletableFuture<>();
    vertx.getOrCreateContext().runOnContext(v -> s.load().onComplete(ar -> {
      if (ar.succeeded()) r.complete(ar.result());
      else r.completeExceptionally(ar.cause());
    }));
    StoredState state = r.get(20, TimeUnit.SECONDS);
    join(s.close());
    server = new BrokerServer(vertx, options(), time, time, new RocksDbBrokerStore(storeDir, FsyncPolicy.INTERVAL, 1000));
    join(server.start());
    return state;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private RawClient persistentSubscriber(String id, String filter, int qos) throws Exception {
    RawClient sub = raw(4);
    assertThat(sub.connect(id, false, 0).type()).isEqualTo(CONNACK);
    sub.subscribe(1, filter, qos);
    sub.readType(SUBACK);
    return sub;
  }

  private void publishQos1(RawClient pub, String topic, int packetId, String payload) throws Exception {
    pub.publish(topic, 1, packetId, false, null, bytes(payload));
    assertThat(pub.readType(4).packetId()).isEqualTo(packetId);
  }

  @Test
  void queuedAndUnacknowledgedMessagesComeBackInOrderWithTheirPacketIds() throws Exception {
    RawClient sub = persistentSubscriber("durable", "d/t", 1);
    RawClient pub = raw(4);
    pub.connect("pub", true, 0);
    for (int i = 1; i <= 3; i++) publishQos1(pub, "d/t", i, "m" + i);
    List<RawClient.Packet> inflight = new ArrayList<>();
    for (int i = 0; i < 3; i++) inflight.add(sub.readType(PUBLISH));
    sub.ack(0x40, inflight.get(0).publishPacketId()); // m1 acknowledged, m2 and m3 not
    await().atMost(5, TimeUnit.SECONDS).until(() -> onBroker(() -> server.broker().sessions.get("durable").inflightCount()) == 2);
    sub.close();
    awaitOffline("durable");
    publishQos1(pub, "d/t", 4, "m4");
    publishQos1(pub, "d/t", 5, "m5");
    pub.close();

    restart();
    RawClient again = raw(4);
    RawClient.Packet connack = again.connect("durable", false, 0);
    assertThat(connack.body()[0] & 1).as("session present").isEqualTo(1);
    RawClient.Packet m2 = again.readType(PUBLISH);
    RawClient.Packet m3 = again.readType(PUBLISH);
    assertThat(List.of(m2.payloadText(), m3.payloadText())).containsExactly("m2", "m3");
    assertThat(m2.dup()).isTrue();
    assertThat(m2.publishPacketId()).isEqualTo(inflight.get(1).publishPacketId());
    assertThat(m3.publishPacketId()).isEqualTo(inflight.get(2).publishPacketId());
    RawClient.Packet m4 = again.readType(PUBLISH);
    RawClient.Packet m5 = again.readType(PUBLISH);
    assertThat(List.of(m4.payloadText(), m5.payloadText())).containsExactly("m4", "m5");
    assertThat(m4.dup()).isFalse();
    for (RawClient.Packet p : List.of(m2, m3, m4, m5)) again.ack(0x40, p.publishPacketId());
    await().atMost(5, TimeUnit.SECONDS).until(() -> onBroker(() -> server.broker().sessions.get("durable").inflightCount()) == 0);
    again.close();
    awaitOffline("durable");

    StoredState stored = storedAfterStop();
    assertThat(stored.entries()).as("acknowledged entries are deleted").isEmpty();
    assertThat(stored.messages()).as("messages without entries are deleted").isEmpty();
    assertThat(stored.sessions()).extracting(s -> s.clientId()).containsExactly("durable");
  }

  @Test
  void qos2ExchangesResumeAfterARestartWithoutDuplicates() throws Exception {
    RawClient sub = persistentSubscriber("q2sub", "q/t", 2);
    RawClient pub = raw(4);
    pub.connect("q2pub", false, 0);
    // publisher: PUBLISH 7 → PUBREC, no PUBREL yet (its id stays held across the restart)
    pub.publish("q/t", 2, 7, false, null, bytes("once"));
    assertThat(pub.readType(PUBREC).packetId()).isEqualTo(7);
    // subscriber: PUBLISH → PUBREC → PUBREL from the broker, no PUBCOMP yet
    RawClient.Packet got = sub.readType(PUBLISH);
    sub.ack(0x50, got.publishPacketId());
    assertThat(sub.readType(PUBREL).packetId()).isEqualTo(got.publishPacketId());
    pub.close();
    sub.close();
    awaitOffline("q2sub");
    awaitOffline("q2pub");

    restart();
    RawClient pub2 = raw(4);
    pub2.connect("q2pub", false, 0);
    pub2.publish("q/t", 2, 7, true, null, bytes("once")); // the publisher did not see PUBREC... or did: resends anyway
    assertThat(pub2.readType(PUBREC).packetId()).isEqualTo(7);
    pub2.ack(0x62, 7);
    assertThat(pub2.readType(PUBCOMP).packetId()).isEqualTo(7);

    RawClient sub2 = raw(4);
    sub2.connect("q2sub", false, 0);
    RawClient.Packet next = sub2.read();
    assertThat(next.type()).as("the released message continues with PUBREL, not a second PUBLISH").isEqualTo(PUBREL);
    assertThat(next.packetId()).isEqualTo(got.publishPacketId());
    sub2.ack(0x70, next.packetId());
    assertThat(sub2.closedByBroker()).as("nothing else arrives (socket timeout)").isFalse();
  }

  @Test
  void expiryKeepsCountingWhileTheBrokerIsDown() throws Exception {
    RawClient keep = raw(5);
    keep.connectV5("long-lived", false, 0, 100);
    keep.subscribe(1, "e/t", 1);
    keep.readType(SUBACK);
    keep.close();
    RawClient brief = raw(5);
    brief.connectV5("short-lived", false, 0, 3);
    brief.close();
    awaitOffline("long-lived");
    awaitOffline("short-lived");
    RawClient pub = raw(5);
    pub.connect("epub", true, 0);
    // Message Expiry Interval 5 s, then one that never expires
    pub.publish("e/t", 1, 1, false, new byte[] {5, 0x02, 0, 0, 0, 5}, bytes("expires"));
    pub.readType(4);
    pub.publish("e/t", 1, 2, false, null, bytes("stays"));
    pub.readType(4);
    pub.close();

    join(server.stop());
    time.advance(6_000);
    restart();
    assertThat(onBroker(() -> server.broker().sessions.get("short-lived"))).as("3 s session expired while down").isNull();
    RawClient back = raw(5);
    RawClient.Packet connack = back.connectV5("long-lived", false, 0, 100);
    assertThat(connack.body()[0] & 1).isEqualTo(1);
    RawClient.Packet p = back.readType(PUBLISH);
    int topicLen = ((p.body()[0] & 0xFF) << 8) | (p.body()[1] & 0xFF);
    int propsLen = p.body()[2 + topicLen + 2];
    String payload = new String(p.body(), 2 + topicLen + 2 + 1 + propsLen, p.body().length - (2 + topicLen + 2 + 1 + propsLen), StandardCharsets.UTF_8);
    assertThat(payload).isEqualTo("stays");
  }
}
