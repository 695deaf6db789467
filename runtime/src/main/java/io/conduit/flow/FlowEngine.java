package io.conduit.flow;

import io.conduit.flow.context.ContextStorage;
import io.conduit.spi.Activatable;
import io.conduit.spi.LocalBroker;
import io.conduit.spi.Message;
import io.netty.channel.EventLoop;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.internal.CloseFuture;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The flow engine: runs the deployed flows on a Vert.x context of its own (one event loop thread
 * owns every flow, node and message) and offers the operations of Node-RED's runtime API to the
 * Admin API. Rules:
 * <ul>
 *   <li>Every public method may be called from any thread; the work hops onto the engine context
 *       and the returned future completes on the caller's context.</li>
 *   <li>Start: open the context stores, read the flows file; with no file, the example flows are
 *       deployed and saved (unless {@code examples} is false); then the flows start. A flows file
 *       that cannot be read stops the start; flows that fail validation are kept but not
 *       started, with the error logged.</li>
 *   <li>Stop: every node closes (config nodes last), then the context stores flush.</li>
 * </ul>
 */
public final class FlowEngine {
  private static final Logger log = LoggerFactory.getLogger(FlowEngine.class);

  /** The settings keys the engine reads. */
  public static final Set<String> KEYS = FlowEngineOptions.KEYS;

  /** A snapshot of the deployed configuration and its revision. */
  public record Snapshot(String rev, JsonArray flows) {
  }

  private final Vertx vertx;
  private final FlowEngineOptions options;
  private final NodeRegistry registry;
  private final LocalBroker localBroker;
  private final CommsHub comms = new CommsHub();
  private ContextInternal context;
  /** The event loop to run on (the broker's), or null for one Vert.x picks. */
  private EventLoop eventLoop;
  /** Closes the engine's context (its timers, blocking work) at stop. */
  private final CloseFuture contextClose = new CloseFuture();
  private Engine engine;
  private FlowDeployer deployer;

  /** The engine with the node types found on the class path. */
  public FlowEngine(Vertx vertx, FlowEngineOptions options, LocalBroker localBroker) {
    this(vertx, options, NodeRegistry.fromClassPath(FlowEngine.class.getClassLoader()), localBroker);
  }

  public FlowEngine(Vertx vertx, FlowEngineOptions options, NodeRegistry registry, LocalBroker localBroker) {
    this.vertx = vertx;
    this.options = options.copy();
    this.registry = registry;
    this.localBroker = localBroker;
  }

  /**
   * Runs the engine on {@code loop} instead of an event loop of its own; call before {@link #start()}.
   * Conduit passes the broker's loop: a message from a network client to an mqtt in node, and from an
   * mqtt out node back to the broker, then stays on one thread (the deliveries are still one task
   * each on that loop's queue, in routing order, as the in-process client promises).
   */
  public FlowEngine onEventLoop(EventLoop loop) {
    this.eventLoop = loop;
    return this;
  }

  /** The event loop the engine runs on, once started. */
  public EventLoop eventLoop() {
    if (context == null) throw new IllegalStateException("the flow engine is not running");
    return context.nettyEventLoop();
  }

  /** Starts the engine on a Vert.x context of its own, on {@link #onEventLoop}'s loop or, without one, a loop Vert.x picks. */
  public Future<Void> start() {
    context = ((VertxInternal) vertx).contextBuilder()
      .withThreadingModel(ThreadingModel.EVENT_LOOP)
      .withEventLoop(eventLoop)
      .withCloseFuture(contextClose)
      .withClassLoader(FlowEngine.class.getClassLoader())
      .build();
    return onEngine(this::startOnContext);
  }

  private Future<Void> startOnContext() {
    ContextStorage contexts = ContextStorage.fromSetting(options.getContextStorage(), options.getDataDir(), context);
    engine = new Engine(context, options, registry, localBroker, comms, contexts);
    FlowStorage storage = new FlowStorage(context, options.getFlowsFile());
    deployer = new FlowDeployer(engine, storage);
    return contexts.open()
      .compose(v -> storage.loadCredentials())
      .compose(creds -> {
        engine.credentials = creds;
        return storage.load();
      })
      .compose(stored -> {
        if (stored != null) {
          log.info("Flows file: {}", storage.file().toAbsolutePath());
          return deployer.load(stored).mapEmpty();
        }
        if (!options.isLoadExamples()) {
          return deployer.load(new JsonArray()).mapEmpty();
        }
        return context.executeBlocking(() -> ExampleFlows.load(FlowEngine.class.getClassLoader()))
          .compose(examples -> {
            log.info("No flows file at {}: starting with the example flows", storage.file().toAbsolutePath());
            return deployer.deploy(examples, "full", null).mapEmpty();
          });
      });
  }

  /**
   * Calls every node type's {@link io.conduit.spi.NodeType#warmUp()} on a daemon thread of its own,
   * once the runtime is ready: what is costly to start (GraalJS) must not delay the start.
   */
  public void warmUpNodeTypes() {
    Thread t = new Thread(() -> {
      for (io.conduit.spi.NodeType type : registry.all()) {
        try {
          type.warmUp();
        } catch (RuntimeException | Error e) {
          log.warn("Node type {} could not warm up: {}", type.type(), e.toString(), e);
        }
      }
    }, "conduit-node-types-warm-up");
    t.setDaemon(true);
    t.start();
  }

  public Future<Void> stop() {
    if (context == null) {
      return Future.succeededFuture();
    }
    return onEngine(() -> (deployer == null ? Future.<Void>succeededFuture() : deployer.stop())
        .transform(v -> engine == null ? Future.<Void>succeededFuture() : engine.contexts.close()))
      .transform(v -> contextClose.close());
  }

  /** Runs {@code work} on the engine context; the result completes on the caller's context. */
  private <T> Future<T> onEngine(Supplier<Future<T>> work) {
    ContextInternal caller = ContextInternal.current();
    Promise<T> promise = caller != null ? caller.promise() : Promise.promise();
    context.runOnContext(v -> {
      try {
        work.get().onComplete(promise);
      } catch (RuntimeException e) {
        promise.fail(e);
      }
    });
    return promise.future();
  }

  // ---- Node-RED runtime API ----

  public Future<Snapshot> flows() {
    return onEngine(() -> Future.succeededFuture(new Snapshot(deployer.rev(), deployer.config())));
  }

  /**
   * Deploys a configuration.
   *
   * @param type        {@code full}, {@code nodes} or {@code flows}
   * @param expectedRev the revision the caller based its change on, or null to skip the check
   */
  public Future<DeployResult> deploy(JsonArray flows, String type, String expectedRev) {
    return onEngine(() -> deployer.deploy(flows, type, expectedRev));
  }

  /** Node-RED's {@code reload} deployment: reads the flows file again and restarts everything. */
  public Future<DeployResult> reload() {
    FlowStorage storage = new FlowStorage(context, options.getFlowsFile());
    return onEngine(() -> storage.loadCredentials()
      .compose(creds -> {
        engine.credentials = creds;
        return storage.load();
      })
      .compose(stored -> deployer.load(stored == null ? new JsonArray() : stored)));
  }

  /** {@code {state: "start"|"stop", missingTypes?, error?}}. */
  public Future<JsonObject> state() {
    return onEngine(() -> {
      JsonObject state = new JsonObject().put("state", deployer.state());
      if (!deployer.missingTypes().isEmpty()) state.put("missingTypes", new JsonArray(deployer.missingTypes()));
      if (deployer.error() != null) state.put("error", deployer.error());
      return Future.succeededFuture(state);
    });
  }

  public Future<JsonObject> flow(String id) {
    return onEngine(() -> Future.succeededFuture(FlowEdits.get(deployer.model(), id)));
  }

  public Future<String> addFlow(JsonObject flow) {
    String[] id = new String[1];
    return onEngine(() -> deployer.deploy(FlowEdits.add(deployer.config(), flow, id), "flows", null)).map(r -> id[0]);
  }

  public Future<Void> updateFlow(String id, JsonObject flow) {
    return onEngine(() -> deployer.deploy(FlowEdits.update(deployer.config(),
      FlowEdits.tabIds(deployer.model(), deployer.config()), id, flow), "flows", null)).mapEmpty();
  }

  public Future<Void> removeFlow(String id) {
    return onEngine(() -> deployer.deploy(FlowEdits.remove(deployer.config(),
      FlowEdits.tabIds(deployer.model(), deployer.config()), id), "flows", null)).mapEmpty();
  }

  /** Node-RED's {@code node.receive(msg)} from outside the flows (e.g. {@code POST /inject/:id}). */
  public Future<Void> receive(String nodeId, Message msg) {
    return onEngine(() -> {
      NodeInstance n = engine.index.get(nodeId);
      if (n == null) return Future.failedFuture(FlowApiException.notFound("node " + nodeId));
      engine.delivery.deliver(n, msg == null ? new Message() : msg);
      return Future.succeededFuture();
    });
  }

  /** The debug node's active toggle; fails with 404 when no such node runs or it has no toggle. */
  public Future<Void> setActive(String nodeId, boolean active) {
    return onEngine(() -> {
      NodeInstance n = engine.index.get(nodeId);
      if (n == null || !(n.node instanceof Activatable a)) {
        return Future.failedFuture(FlowApiException.notFound("node " + nodeId));
      }
      a.setActive(active);
      return Future.succeededFuture();
    });
  }

  /** A running node's instance (for tests and tools); null when absent or of another class. */
  public <T> Future<T> node(String nodeId, Class<T> type) {
    return onEngine(() -> {
      NodeInstance n = engine.index.get(nodeId);
      return Future.succeededFuture(n != null && type.isInstance(n.node) ? type.cast(n.node) : null);
    });
  }

  /** Reads a context value: scope {@code global}, a flow id, or {@code <nodeId>:<flowId>}. */
  public Future<Object> contextValue(String scope, String key, String store) {
    return onEngine(() -> Future.succeededFuture(engine.contexts.store(store).get(scope, key)));
  }

  /** Ids of the running nodes (for tests and tools). */
  public Future<List<String>> runningNodeIds() {
    return onEngine(() -> Future.succeededFuture(List.copyOf(engine.index.keySet())));
  }

  /** Adds a listener for node log entries (called on the engine thread); the runnable removes it. */
  public Runnable onNodeLog(Consumer<NodeLog> listener) {
    engineOrFail();
    engine.logListeners.add(listener);
    return () -> engine.logListeners.remove(listener);
  }

  private void engineOrFail() {
    if (engine == null) throw new IllegalStateException("the flow engine is not started");
  }

  /** {@code {"default": name, "stores": [...]}} for {@code GET /settings}. */
  public JsonObject contextStores() {
    engineOrFail();
    return engine.contexts.describe();
  }

  public CommsHub comms() {
    return comms;
  }

  public NodeRegistry registry() {
    return registry;
  }

  public FlowEngineOptions options() {
    return options;
  }

  public Vertx vertx() {
    return vertx;
  }
}
