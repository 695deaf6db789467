package io.conduit.broker;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A subscriber that never reads its socket next to nine that do, all on the same topics: the nine
 * get every message, the broker's memory for the slow one stays bounded (socket buffer up to its
 * high-water mark, QoS 1 window, bounded queue), QoS 0 to it is dropped and counted, QoS 1 beyond
 * its queue is dropped and counted.
 */
class SlowConsumerTest extends BrokerTestBase {
  private static final int MESSAGES = 4000;
  private static final int PAYLOAD = 4096;
  private static final int QUEUE = 200;

  @Override
  protected BrokerOptions options() {
    return super.options().setMaxQueuedMessages(QUEUE);
  }

  /** CONNECT (3.1.1, persistent) + SUBSCRIBE both filters, then never read again. */
  private Socket stalledSubscriber() throws Exception {
    Socket s = new Socket();
    s.setReceiveBufferSize(4096);
    s.connect(new InetSocketAddress("127.0.0.1", port));
    OutputStream out = s.getOutputStream();
    byte[] id = "stalled".getBytes();
    byte[] connect = new byte[12 + 2 + id.length];
    System.arraycopy(new byte[] {0x10, (byte) (10 + 2 + id.length), 0, 4, 'M', 'Q', 'T', 'T', 4, 0, 0, 0}, 0, connect, 0, 12);
    connect[12] = 0;
    connect[13] = (byte) id.length;
    System.arraycopy(id, 0, connect, 14, id.length);
    out.write(connect);
    // SUBSCRIBE id 1: "slow/q0" QoS 0 and "slow/q1" QoS 1
    out.write(new byte[] {(byte) 0x82, 22, 0, 1, 0, 7, 's', 'l', 'o', 'w', '/', 'q', '0', 0, 0, 7, 's', 'l', 'o', 'w', '/', 'q', '1', 1});
    out.flush();
    onCleanup(() -> {
      try {
        s.close();
      } catch (java.io.IOException ignored) {
        // closed
      }
    });
    await().atMost(10, TimeUnit.SECONDS).until(() -> onBroker(() -> {
      Session sess = server.broker().sessions.get("stalled");
      return sess != null && sess.subscriptions().size() == 2;
    }));
    return s;
  }

  private Mqtt3AsyncClient counting(String id, AtomicInteger q0, AtomicInteger q1) throws Exception {
    Mqtt3AsyncClient c = MqttClient.builder().useMqttVersion3().identifier(id).serverHost("127.0.0.1").serverPort(port).buildAsync();
    c.connect().get(10, TimeUnit.SECONDS);
    c.subscribeWith().topicFilter("slow/q0").qos(MqttQos.AT_MOST_ONCE).callback(p -> q0.incrementAndGet()).send().get(10, TimeUnit.SECONDS);
    c.subscribeWith().topicFilter("slow/q1").qos(MqttQos.AT_LEAST_ONCE).callback(p -> q1.incrementAndGet()).send().get(10, TimeUnit.SECONDS);
    onCleanup(() -> c.disconnect());
    return c;
  }

  @Test
  void aStalledSubscriberDoesNotHoldBackTheOthersAndItsBuffersStayBounded() throws Exception {
    stalledSubscriber();
    List<AtomicInteger> q0 = new ArrayList<>();
    List<AtomicInteger> q1 = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      q0.add(new AtomicInteger());
      q1.add(new AtomicInteger());
      counting("reader-" + i, q0.get(i), q1.get(i));
    }
    Mqtt3BlockingClient pub = connectedV3("publisher");
    byte[] payload = new byte[PAYLOAD];
    for (int i = 0; i < MESSAGES; i++) {
      // QoS 1 publishes (the publisher waits for each PUBACK); half reach the subscribers as QoS 0
      pub.publishWith().topic(i % 2 == 0 ? "slow/q0" : "slow/q1").payload(payload).qos(MqttQos.AT_LEAST_ONCE).send();
    }
    await().atMost(60, TimeUnit.SECONDS).untilAsserted(() -> {
      for (int i = 0; i < 9; i++) {
        assertThat(q0.get(i).get()).as("reader %d, QoS 0", i).isEqualTo(MESSAGES / 2);
        assertThat(q1.get(i).get()).as("reader %d, QoS 1", i).isEqualTo(MESSAGES / 2);
      }
    });
    long[] seen = onBroker(() -> {
      Broker b = server.broker();
      Session s = b.sessions.get("stalled");
      long pending = s.connection.ctx.channel().unsafe().outboundBuffer().totalPendingWriteBytes();
      long readersDropped = 0;
      for (int i = 0; i < 9; i++) readersDropped += b.sessions.get("reader-" + i).droppedMessages;
      return new long[] {pending, s.inflightCount(), s.queuedCount(), b.stats.congestedDrops, b.stats.queueFullDrops,
        readersDropped, s.droppedMessages};
    });
    assertThat(seen[0]).as("bytes waiting in the stalled socket's buffer").isLessThanOrEqualTo(1024 * 1024 + 2 * PAYLOAD);
    assertThat(seen[1]).as("QoS 1 in flight").isLessThanOrEqualTo(BrokerOptions.DEFAULT_MAX_INFLIGHT_MESSAGES);
    assertThat(seen[2]).as("QoS 1 queued").isEqualTo(QUEUE);
    assertThat(seen[3]).as("QoS 0 dropped for the stalled subscriber").isPositive();
    assertThat(seen[4]).as("QoS 1 dropped: its queue was full").isPositive();
    // the readers' QoS 1 drops used to hide among the stalled subscriber's (a reader stuck at 1749/2000)
    assertThat(seen[5]).as("QoS 1 dropped for the nine readers").isZero();
    assertThat(seen[4]).as("only the stalled subscriber lost QoS 1 messages").isEqualTo(seen[6]);
    assertThat(seen[3] + seen[4]).as("only the stalled subscriber lost messages")
      .isLessThanOrEqualTo(MESSAGES);
  }
}
