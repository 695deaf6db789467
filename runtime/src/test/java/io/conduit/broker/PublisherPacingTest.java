package io.conduit.broker;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link PublisherPacing} with real clients: a publisher that sends QoS 1 messages without waiting
 * for each PUBACK (thousands in flight) to a subscriber that can only have 20 unacknowledged. The
 * subscriber must get every message: the publisher is held while the subscriber catches up instead
 * of overflowing its session queue (before, a QoS 1 run at full rate lost most of its messages at
 * {@code max_queued_messages}); the same for QoS 0 and the subscriber's socket buffer. A subscriber that stops acknowledging holds the publisher only for
 * a bounded time, after which its own messages are dropped and counted.
 */
class PublisherPacingTest extends BrokerTestBase {
  private static final int MESSAGES = 10_000;
  private static final int QUEUE = 100;

  @Override
  protected BrokerOptions options() {
    return super.options().setMaxQueuedMessages(QUEUE);
  }

  private Mqtt3AsyncClient client(String id) throws Exception {
    Mqtt3AsyncClient c = MqttClient.builder().useMqttVersion3().identifier(id).serverHost("127.0.0.1").serverPort(port).buildAsync();
    c.connect().get(10, TimeUnit.SECONDS);
    onCleanup(c::disconnect);
    return c;
  }

  /** Sends {@link #MESSAGES} QoS 1 messages at once (no waiting between them); completes with every PUBACK. */
  private static CompletableFuture<Void> publishAll(Mqtt3AsyncClient pub, String topic) {
    List<CompletableFuture<Mqtt3Publish>> acks = new ArrayList<>(MESSAGES);
    for (int i = 0; i < MESSAGES; i++) {
      acks.add(pub.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(new byte[64]).send());
    }
    return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new));
  }

  private long queueFullDrops() throws Exception {
    return onBroker(() -> server.broker().stats.queueFullDrops);
  }

  @Test
  void aSubscriberThatAcknowledgesGetsEveryMessageOfAPublisherFasterThanIt() throws Exception {
    AtomicInteger received = new AtomicInteger();
    Mqtt3AsyncClient sub = client("pacing-sub");
    sub.subscribeWith().topicFilter("pace/t").qos(MqttQos.AT_LEAST_ONCE).callback(p -> received.incrementAndGet())
      .send().get(10, TimeUnit.SECONDS);
    Mqtt3AsyncClient pub = client("pacing-pub");

    publishAll(pub, "pace/t").get(120, TimeUnit.SECONDS);

    await().atMost(60, TimeUnit.SECONDS).untilAsserted(() -> assertThat(received.get()).isEqualTo(MESSAGES));
    assertThat(queueFullDrops()).as("QoS 1 messages dropped at a full queue").isZero();
  }

  @Test
  void aQos0SubscriberThatReadsGetsEveryMessageOfAPublisherFasterThanIt() throws Exception {
    AtomicInteger received = new AtomicInteger();
    Mqtt3AsyncClient sub = client("pacing-sub0");
    sub.subscribeWith().topicFilter("pace/0").qos(MqttQos.AT_MOST_ONCE).callback(p -> received.incrementAndGet())
      .send().get(10, TimeUnit.SECONDS);
    Mqtt3AsyncClient pub = client("pacing-pub0");
    // 20 MB: far above the subscriber's 1 MB high-water mark if the broker read the publisher freely
    for (int i = 0; i < MESSAGES; i++) {
      pub.publishWith().topic("pace/0").qos(MqttQos.AT_MOST_ONCE).payload(new byte[2048]).send();
    }

    await().atMost(60, TimeUnit.SECONDS).untilAsserted(() -> assertThat(received.get()).isEqualTo(MESSAGES));
    assertThat(onBroker(() -> server.broker().stats.congestedDrops)).as("QoS 0 messages dropped at a full socket").isZero();
  }

  @Test
  void aSubscriberThatStopsAcknowledgingHoldsThePublisherOnlyBriefly() throws Exception {
    AtomicInteger received = new AtomicInteger();
    Mqtt3AsyncClient reader = client("pacing-reader");
    reader.subscribeWith().topicFilter("pace/s").qos(MqttQos.AT_LEAST_ONCE).callback(p -> received.incrementAndGet())
      .send().get(10, TimeUnit.SECONDS);
    AtomicInteger unacknowledged = new AtomicInteger();
    Mqtt3AsyncClient stuck = client("pacing-stuck");
    // reads its socket, never acknowledges: its window stays full, its socket stays writable
    stuck.subscribeWith().topicFilter("pace/s").qos(MqttQos.AT_LEAST_ONCE).callback(p -> unacknowledged.incrementAndGet())
      .manualAcknowledgement(true).send().get(10, TimeUnit.SECONDS);
    Mqtt3AsyncClient pub = client("pacing-pub2");

    // every PUBACK comes back (a publisher held for good would time out here)
    publishAll(pub, "pace/s").get(120, TimeUnit.SECONDS);

    await().atMost(60, TimeUnit.SECONDS).untilAsserted(() -> assertThat(received.get()).isEqualTo(MESSAGES));
    assertThat(unacknowledged.get()).as("messages the stuck subscriber got").isEqualTo(BrokerOptions.DEFAULT_MAX_INFLIGHT_MESSAGES);
    long[] seen = onBroker(() -> {
      Session s = server.broker().sessions.get("pacing-stuck");
      return new long[] {s.queuedCount(), s.droppedMessages, server.broker().sessions.get("pacing-reader").droppedMessages};
    });
    assertThat(seen[0]).as("queued for the stuck subscriber").isEqualTo(QUEUE);
    assertThat(seen[1]).as("dropped for the stuck subscriber").isEqualTo(MESSAGES - QUEUE - BrokerOptions.DEFAULT_MAX_INFLIGHT_MESSAGES);
    assertThat(seen[2]).as("dropped for the reader").isZero();
  }
}
