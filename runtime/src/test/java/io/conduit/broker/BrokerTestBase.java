package io.conduit.broker;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A broker on 127.0.0.1 with a free port per test, real HiveMQ clients, and everything stopped after
 * each test. Subclasses may override {@link #options()} (and {@link #clock()}/{@link #scheduler()}).
 */
abstract class BrokerTestBase {
  protected Vertx vertx;
  protected BrokerServer server;
  protected int port;
  private final List<Runnable> cleanups = new ArrayList<>();

  protected BrokerOptions options() {
    return new BrokerOptions().setPort(0).setSysInterval(0);
  }

  protected Clock clock() {
    return Clock.systemUTC();
  }

  protected Scheduler scheduler() {
    return null;
  }

  protected io.conduit.broker.persist.BrokerStore store() {
    return new io.conduit.broker.persist.MemoryBrokerStore();
  }

  @BeforeEach
  void startBroker() throws Exception {
    vertx = Vertx.vertx();
    server = new BrokerServer(vertx, options(), clock(), scheduler(), store());
    join(server.start());
    port = server.actualPort();
  }

  @AfterEach
  void stopBroker() throws Exception {
    for (int i = cleanups.size() - 1; i >= 0; i--) {
      try {
        cleanups.get(i).run();
      } catch (RuntimeException ignored) {
        // best effort: the broker closes the rest
      }
    }
    join(server.stop());
    join(vertx.close());
  }

  /** Runs {@code r} after the test, before the broker stops (reverse order of registration). */
  protected void onCleanup(Runnable r) {
    cleanups.add(r);
  }

  protected static <T> T join(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  /** Runs {@code action} on the broker context and waits for its result. */
  protected <T> T onBroker(Callable<T> action) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    server.broker().context.runOnContext(v -> {
      try {
        result.complete(action.call());
      } catch (Throwable e) {
        result.completeExceptionally(e);
      }
    });
    return result.get(20, TimeUnit.SECONDS);
  }

  /** Waits until the broker has seen {@code clientId}'s connection end (its session is offline or gone). */
  protected void awaitOffline(String clientId) {
    org.awaitility.Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> onBroker(() -> {
      Session s = server.broker().sessions.get(clientId);
      return s == null || s.connection == null;
    }));
  }

  /** Starts a process (output to {@code out}, or discarded when null), killed after the test. */
  protected Process process(java.nio.file.Path out, String... command) throws java.io.IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.redirectOutput(out != null ? ProcessBuilder.Redirect.to(out.toFile()) : ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    onCleanup(() -> {
      p.destroyForcibly();
      try {
        p.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    return p;
  }

  /** True when a connected network client of {@code broker} has a subscription to {@code filter}. */
  protected static boolean hasSubscription(BrokerServer broker, String filter) throws Exception {
    CompletableFuture<Boolean> r = new CompletableFuture<>();
    broker.broker().context.runOnContext(v -> r.complete(broker.broker().sessions.all().stream()
      .anyMatch(s -> s.connection != null && s.subscription(filter) != null)));
    return r.get(30, TimeUnit.SECONDS);
  }

  /** A port free right now (for brokers that must come back on the same port after a restart). */
  static int freePort() {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  protected static String uniqueId(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  protected Mqtt5BlockingClient v5(String clientId) {
    return v5(clientId, null, null);
  }

  /** A v5 client (not connected yet) that logs in as {@code user} when it is not null. */
  protected Mqtt5BlockingClient v5(String clientId, String user, String password) {
    var b = MqttClient.builder().useMqttVersion5().identifier(clientId).serverHost("127.0.0.1").serverPort(port);
    if (user != null) b = b.simpleAuth().username(user).password(password.getBytes(java.nio.charset.StandardCharsets.UTF_8)).applySimpleAuth();
    Mqtt5BlockingClient c = b.buildBlocking();
    onCleanup(() -> {
      if (c.getState().isConnected()) c.disconnect();
    });
    return c;
  }

  protected Mqtt3BlockingClient v3(String clientId) {
    return v3(clientId, null, null);
  }

  /** A 3.1.1 client (not connected yet) that logs in as {@code user} when it is not null. */
  protected Mqtt3BlockingClient v3(String clientId, String user, String password) {
    var b = MqttClient.builder().useMqttVersion3().identifier(clientId).serverHost("127.0.0.1").serverPort(port);
    if (user != null) b = b.simpleAuth().username(user).password(password.getBytes(java.nio.charset.StandardCharsets.UTF_8)).applySimpleAuth();
    Mqtt3BlockingClient c = b.buildBlocking();
    onCleanup(() -> {
      if (c.getState().isConnected()) c.disconnect();
    });
    return c;
  }

  /** A byte-level client, closed after the test. */
  protected RawClient raw(int version) throws java.io.IOException {
    RawClient c = new RawClient(port, version);
    onCleanup(() -> {
      try {
        c.close();
      } catch (java.io.IOException ignored) {
        // already closed
      }
    });
    return c;
  }

  protected Mqtt5BlockingClient connectedV5(String clientId) {
    Mqtt5BlockingClient c = v5(clientId);
    c.connect();
    return c;
  }

  protected Mqtt3BlockingClient connectedV3(String clientId) {
    Mqtt3BlockingClient c = v3(clientId);
    c.connect();
    return c;
  }
}
