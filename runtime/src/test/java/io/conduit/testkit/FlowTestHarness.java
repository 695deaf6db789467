package io.conduit.testkit;

import io.conduit.admin.AdminServer;
import io.conduit.broker.BrokerOptions;
import io.conduit.broker.BrokerServer;
import io.conduit.flow.DeployResult;
import io.conduit.flow.FlowEngine;
import io.conduit.flow.FlowEngineOptions;
import io.conduit.flow.NodeLog;
import io.conduit.flow.NodeRegistry;
import io.conduit.launch.ConduitOptions;
import io.conduit.spi.LocalBroker;
import io.conduit.spi.Message;
import io.conduit.spi.NodeType;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Node tests written as tiny flows, like Node-RED's {@code helper.load(node, flow)}: a real
 * {@link FlowEngine} on its own Vert.x, a temporary data directory, every node type on the class
 * path (ServiceLoader) plus the {@code helper} sink ({@link HelperNode}), and no broker unless you
 * ask for one ({@link Builder#withBroker()}). Usage (JUnit, from the {@code nodes} module's tests,
 * which depend on this module's test-jar):
 * <pre>{@code
 * try (FlowTestHarness h = FlowTestHarness.start()) {
 *   h.load("""
 *     [{"id":"n1","type":"switch","property":"payload","rules":[{"t":"eq","v":"a","vt":"str"}],"outputs":1,"wires":[["out"]]},
 *      {"id":"out","type":"helper"}]""");
 *   h.send("n1", Message.withPayload("a"));          // n1 receives it as input
 *   assertThat(h.sink("out").next().payload()).isEqualTo("a");
 *   assertThat(h.logs("n1")).isEmpty();               // what n1 logged (warn/error/log)
 * }
 * }</pre>
 * Rules:
 * <ul>
 *   <li>Nodes without {@code z} run in the global flow (path {@code global}), as in Node-RED's helper.</li>
 *   <li>{@link #load} is a full deployment and waits until every node started. A configuration a
 *       node rejects throws that error ({@code NodeConfigException} naming node, type, field); a
 *       configuration with missing types throws {@link IllegalStateException} naming them (use
 *       {@link #deploy} to test those cases).</li>
 *   <li>Every wait is bounded by the harness timeout (default 5 s) and fails with an
 *       {@link AssertionError}; nothing sleeps a fixed time.</li>
 *   <li>{@link #close} stops the engine, closes Vert.x (when the harness made it) and deletes the
 *       data directory.</li>
 * </ul>
 */
public final class FlowTestHarness implements AutoCloseable {
  private final Vertx vertx;
  private final boolean ownsVertx;
  private final Path dataDir;
  private final boolean ownsDataDir;
  private final HelperNode.Type helper;
  private final FlowEngine engine;
  private final Duration timeout;
  private final List<NodeLog> logs = new CopyOnWriteArrayList<>();
  private final List<Map.Entry<String, Object>> comms = new CopyOnWriteArrayList<>();
  private final Object monitor = new Object();
  private AdminServer admin;
  private BrokerServer broker;

  private FlowTestHarness(Builder b) throws IOException {
    this.ownsVertx = b.vertx == null;
    this.vertx = ownsVertx ? Vertx.vertx() : b.vertx;
    this.ownsDataDir = b.dataDir == null;
    this.dataDir = ownsDataDir ? Files.createTempDirectory("conduit-test") : b.dataDir;
    this.timeout = b.timeout;
    this.helper = new HelperNode.Type();
    LocalBroker localBroker = b.broker;
    if (b.withBroker) {
      broker = new BrokerServer(vertx, new BrokerOptions().setPort(0));
      await(broker.start());
      localBroker = broker.localBroker();
    }
    NodeRegistry registry = NodeRegistry.fromClassPath(FlowTestHarness.class.getClassLoader())
      .plus(helper).plus(b.types.toArray(new NodeType[0]));
    JsonObject settings = b.settings.copy();
    settings.put("data_dir", dataDir.toString());
    settings.put("examples", settings.getValue("examples", false));
    FlowEngineOptions options = FlowEngineOptions.fromSettings(settings);
    this.engine = new FlowEngine(vertx, options, registry, localBroker);
    engine.comms().listen((topic, data) -> {
      comms.add(Map.entry(topic, data));
      signal();
    });
    await(engine.start());
    engine.onNodeLog(entry -> {
      logs.add(entry);
      signal();
    });
    if (b.admin) {
      JsonObject adminSettings = new JsonObject().put("http_port", 0).put("data_dir", dataDir.toString());
      admin = new AdminServer(vertx, ConduitOptions.fromSettings(adminSettings), engine, broker);
      await(admin.start());
    }
  }

  /** A harness with the defaults: own Vert.x, temporary data dir, no broker, 5 s timeout. */
  public static FlowTestHarness start() {
    return builder().start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Options for {@link #start()}. */
  public static final class Builder {
    private Vertx vertx;
    private Path dataDir;
    private LocalBroker broker;
    private final List<NodeType> types = new ArrayList<>();
    private JsonObject settings = new JsonObject();
    private Duration timeout = Duration.ofSeconds(5);
    private boolean admin;
    private boolean withBroker;

    /** Use this Vert.x (left open at close) instead of a new one. */
    public Builder vertx(Vertx vertx) { this.vertx = vertx; return this; }
    /** Use this data dir (left in place at close) instead of a temporary one. */
    public Builder dataDir(Path dataDir) { this.dataDir = dataDir; return this; }
    /** The in-process broker the mqtt nodes see as {@code NodeServices.localBroker()}. */
    public Builder broker(LocalBroker broker) { this.broker = broker; return this; }
    /** Extra node types (e.g. test doubles) besides those on the class path. */
    public Builder types(NodeType... more) { types.addAll(List.of(more)); return this; }
    /** Engine settings, the flat keys of the config file ({@code context_storage}, {@code node_close_timeout} ...). */
    public Builder settings(JsonObject settings) { this.settings = settings.copy(); return this; }
    public Builder setting(String key, Object value) { settings.put(key, value); return this; }
    /** How long every wait may take (default 5 s). */
    public Builder timeout(Duration timeout) { this.timeout = timeout; return this; }
    /**
     * Start a real built-in broker (127.0.0.1, free port: {@link #mqttPort()}) and give the nodes
     * its {@code LocalBroker}; an {@code mqtt-broker} config with {@code "builtin": true} (or
     * localhost and that port) uses it without a socket, and MQTT clients can connect to it.
     */
    public Builder withBroker() { this.withBroker = true; return this; }
    /** Also serve the Admin API (and comms socket) on 127.0.0.1 with a free port: {@link #httpPort()}. */
    public Builder withAdmin() { this.admin = true; return this; }

    public FlowTestHarness start() {
      try {
        return new FlowTestHarness(this);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Deploys {@code flowJson} (a Node-RED flow array) in full and waits until it runs. */
  public FlowTestHarness load(String flowJson) {
    return load(new JsonArray(flowJson));
  }

  public FlowTestHarness load(JsonArray flow) {
    DeployResult r = deploy(flow, "full");
    if (!r.missingTypes().isEmpty()) {
      throw new IllegalStateException("the flow uses node types this runtime does not have: " + r.missingTypes());
    }
    return this;
  }

  /** Any deployment ({@code full}, {@code nodes}, {@code flows}); throws what the engine refused with. */
  public DeployResult deploy(JsonArray flow, String type) {
    return await(engine.deploy(flow, type, null));
  }

  /** The running configuration and its revision. */
  public FlowEngine.Snapshot flows() {
    return await(engine.flows());
  }

  /** Node {@code id} receives {@code msg} on its input (Node-RED's {@code node.receive(msg)}). */
  public FlowTestHarness send(String nodeId, Message msg) {
    await(engine.receive(nodeId, msg));
    return this;
  }

  /** The messages helper node {@code id} received (survives redeployments). */
  public Sink sink(String nodeId) {
    return new Sink(nodeId, helper.queue(nodeId), timeout);
  }

  /** The running instance of node {@code id}; null if it does not run or is of another class. */
  public <T> T node(String nodeId, Class<T> type) {
    return await(engine.node(nodeId, type));
  }

  /** Everything the nodes logged so far. */
  public List<NodeLog> logs() {
    return List.copyOf(logs);
  }

  /** What node {@code id} logged so far. */
  public List<NodeLog> logs(String nodeId) {
    return logs.stream().filter(l -> nodeId.equals(l.nodeId())).toList();
  }

  private void signal() {
    synchronized (monitor) {
      monitor.notifyAll();
    }
  }

  /** Waits (on events, bounded by the timeout) until {@code check} gives a non-null value. */
  private <T> T waitFor(java.util.function.Supplier<T> check, java.util.function.Supplier<String> failure) {
    long end = System.nanoTime() + timeout.toNanos();
    synchronized (monitor) {
      while (true) {
        T value = check.get();
        if (value != null) return value;
        long left = end - System.nanoTime();
        if (left <= 0) throw new AssertionError(failure.get());
        try {
          TimeUnit.NANOSECONDS.timedWait(monitor, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted", e);
        }
      }
    }
  }

  /** Waits until node {@code id} has logged an entry containing {@code text}; returns it. */
  public NodeLog awaitLog(String nodeId, String text) {
    return waitFor(() -> logs.stream().filter(l -> nodeId.equals(l.nodeId()) && l.text().contains(text)).findFirst().orElse(null),
      () -> "node " + nodeId + " did not log '" + text + "' within " + timeout.toMillis() + " ms; logs: " + logs);
  }

  /** Editor events published so far on {@code topic} (e.g. {@code debug}, {@code status/n1}). */
  public List<Object> comms(String topic) {
    return comms.stream().filter(e -> e.getKey().equals(topic)).map(Map.Entry::getValue).toList();
  }

  /** Waits until {@code count} editor events were published on {@code topic}; returns them. */
  public List<Object> awaitComms(String topic, int count) {
    return waitFor(() -> comms(topic).size() >= count ? comms(topic) : null,
      () -> "expected " + count + " '" + topic + "' events within " + timeout.toMillis() + " ms, got " + comms(topic));
  }

  /** A context value: {@code scope} is {@code global}, a flow id, or {@code <nodeId>:<flowId>}. */
  public Object context(String scope, String key) {
    return await(engine.contextValue(scope, key, null));
  }

  public FlowEngine engine() { return engine; }
  public Vertx vertx() { return vertx; }
  public Path dataDir() { return dataDir; }
  public Duration timeout() { return timeout; }

  /** The built-in broker's MQTT port (with {@link Builder#withBroker()}). */
  public int mqttPort() {
    if (broker == null) throw new IllegalStateException("start the harness withBroker() to run a broker");
    return broker.actualPort();
  }

  /** The Admin API port (with {@link Builder#withAdmin()}). */
  public int httpPort() {
    if (admin == null) throw new IllegalStateException("start the harness withAdmin() to serve the Admin API");
    return admin.actualPort();
  }

  /** Waits for a future (bounded by the harness timeout); rethrows its failure unchanged when unchecked. */
  public <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      if (e.getCause() instanceof Error err) throw err;
      throw new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("no result within " + timeout.toMillis() + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  @Override
  public void close() {
    try {
      if (admin != null) await(admin.stop());
      await(engine.stop());
      if (broker != null) await(broker.stop());
    } finally {
      if (ownsVertx) {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
      }
      if (ownsDataDir) {
        deleteTree(dataDir);
      }
    }
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) return;
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
