package io.conduit.broker;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue #7's durability rule against a real process: Conduit runs as a child JVM, a persistent
 * subscriber goes away, a publisher sends N = 10,000 messages and counts the acknowledgements,
 * the broker gets {@code kill -9} mid-stream and is started again on the same data directory; every
 * acknowledged message must then reach the subscriber (duplicates allowed for QoS 1, none for QoS 2),
 * and (the QoS 1 messages are retained, one topic each) every acknowledged retained message must be
 * there. A damaged store at start-up: {@code io.conduit.launch.StoreStartupTest}.
 */
class KillNineTest {
  private static final int N = 10_000;
  /** The broker is killed once this many messages were acknowledged. */
  private static final int KILL_AFTER = 3_000;

  @TempDir
  Path tmp;
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void cleanUp() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
  }

  private ConduitProcess broker(Path data, int port, String... extra) throws Exception {
    ConduitProcess p = ConduitProcess.start(data, port, extra);
    open.add(p);
    return p;
  }

  private final Map<String, Integer> ports = new HashMap<>();

  private int portOf(String clientId) {
    return ports.get(clientId);
  }

  private Mqtt3BlockingClient client(String id, int port) {
    ports.put(id, port);
    Mqtt3BlockingClient c = MqttClient.builder().useMqttVersion3().identifier(id).serverHost("127.0.0.1").serverPort(port).buildBlocking();
    open.add(() -> {
      if (c.getState().isConnected()) c.disconnect();
    });
    return c;
  }

  /** Subscribes a persistent session and leaves (the broker queues for it from now on). */
  private void persistentSubscriberGoesAway(String id, int port, String filter, MqttQos qos) {
    Mqtt3BlockingClient sub = client(id, port);
    sub.connectWith().cleanSession(false).send();
    sub.subscribeWith().topicFilter(filter).qos(qos).send();
    sub.disconnect();
  }

  /**
   * Publishes messages 0..N-1 (payload = the number) with at most 200 unacknowledged, and kills the
   * broker once {@link #KILL_AFTER} are acknowledged. Returns the acknowledged numbers.
   */
  private Set<Integer> publishAndKill(ConduitProcess broker, int port, MqttQos qos, boolean retain, java.util.function.IntFunction<String> topic)
    throws Exception {
    Mqtt3AsyncClient pub = MqttClient.builder().useMqttVersion3().identifier("kill9-pub").serverHost("127.0.0.1").serverPort(port).buildAsync();
    pub.connectWith().cleanSession(true).send().get(10, TimeUnit.SECONDS);
    Set<Integer> acked = ConcurrentHashMap.newKeySet();
    Semaphore window = new Semaphore(200);
    Thread killer = new Thread(() -> {
      await().atMost(120, TimeUnit.SECONDS).pollInterval(2, TimeUnit.MILLISECONDS).until(() -> acked.size() >= KILL_AFTER);
      try {
        broker.kill9();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    killer.start();
    int sent = 0;
    for (int i = 0; i < N; i++) {
      if (!window.tryAcquire(10, TimeUnit.SECONDS)) break; // the broker is gone
      int n = i;
      pub.publishWith().topic(topic.apply(i)).payload(Integer.toString(i).getBytes(StandardCharsets.UTF_8)).qos(qos).retain(retain)
        .send().whenComplete((p, e) -> {
          if (e == null) acked.add(n);
          window.release();
        });
      sent++;
    }
    killer.join(TimeUnit.SECONDS.toMillis(130));
    assertThat(acked.size()).as("acknowledged before the kill (of %d sent)", sent).isBetween(KILL_AFTER, N - 1);
    Set<Integer> result = Set.copyOf(acked);
    pub.disconnect();
    return result;
  }

  /** Receives until every number in {@code expected} arrived, then until 2 s of silence; counts per number. */
  private static Map<Integer, Integer> receiveAll(Mqtt3BlockingClient.Mqtt3Publishes in, Set<Integer> expected) throws Exception {
    Map<Integer, Integer> got = new HashMap<>();
    while (true) {
      boolean complete = got.keySet().containsAll(expected);
      Optional<Mqtt3Publish> p = in.receive(complete ? 2 : 20, TimeUnit.SECONDS);
      if (p.isEmpty()) return got;
      got.merge(Integer.parseInt(new String(p.get().getPayloadAsBytes(), StandardCharsets.UTF_8)), 1, Integer::sum);
    }
  }

  private Map<Integer, Integer> queueScenario(MqttQos qos, String fsync, boolean retain, Set<Integer> ackedOut) throws Exception {
    Path data = tmp.resolve("data");
    int port = BrokerTestBase.freePort();
    ConduitProcess first = broker(data, port, "--max-queued-messages", "0", "--fsync", fsync);
    persistentSubscriberGoesAway("kill9-sub", port, "k/#", qos);
    Set<Integer> acked = publishAndKill(first, port, qos, retain, i -> retain ? "k/" + i : "k/t");
    ackedOut.addAll(acked);

    broker(data, port, "--max-queued-messages", "0", "--fsync", fsync);
    Mqtt3BlockingClient sub = client("kill9-sub", port);
    try (Mqtt3BlockingClient.Mqtt3Publishes in = sub.publishes(MqttGlobalPublishFilter.ALL)) {
      assertThat(sub.connectWith().cleanSession(false).send().isSessionPresent()).isTrue();
      Map<Integer, Integer> got = receiveAll(in, acked);
      assertThat(got.keySet()).as("every acknowledged message arrives").containsAll(acked);
      assertThat(got.keySet()).allMatch(n -> n >= 0 && n < N);
      return got;
    }
  }

  @Test
  void everyAcknowledgedQos1AndRetainedMessageSurvivesKill9() throws Exception {
    Set<Integer> acked = new java.util.HashSet<>();
    queueScenario(MqttQos.AT_LEAST_ONCE, "interval", true, acked);
    // the broker is running again: every acknowledged retained message is there for a new subscriber
    int port = portOf("kill9-sub");
    Mqtt3BlockingClient late = client("kill9-late", port);
    try (Mqtt3BlockingClient.Mqtt3Publishes in = late.publishes(MqttGlobalPublishFilter.ALL)) {
      late.connect();
      late.subscribeWith().topicFilter("k/#").qos(MqttQos.AT_LEAST_ONCE).send();
      Map<Integer, Integer> got = receiveAll(in, acked);
      assertThat(got.keySet()).as("every acknowledged retained message is kept").containsAll(acked);
    }
  }

  @Test
  void everyAcknowledgedQos2MessageArrivesExactlyOnceAfterKill9() throws Exception {
    Map<Integer, Integer> got = queueScenario(MqttQos.EXACTLY_ONCE, "never", false, new java.util.HashSet<>());
    assertThat(got.entrySet()).as("no duplicates for QoS 2").allMatch(e -> e.getValue() == 1);
  }
}
