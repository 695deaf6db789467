package io.conduit.nodes.function;

import io.conduit.spi.Done;
import io.conduit.spi.FlowNode;
import io.conduit.spi.Message;
import io.conduit.spi.NodeConfig;
import io.conduit.spi.NodeConfigException;
import io.conduit.spi.NodeServices;
import io.conduit.spi.NodeType;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.LoggerFactory;

/**
 * Node-RED's {@code function} node: JavaScript on GraalJS with Node-RED's function API.
 *
 * <p>Fields, as Node-RED names them: {@code func} (the body), {@code outputs} (number of outputs),
 * {@code initialize} (setup code, may be async: messages wait for it), {@code finalize} (run on
 * close), {@code timeout} (seconds; 0 or absent means the runtime's {@code function_timeout},
 * default {@value #DEFAULT_TIMEOUT_SECONDS} s) and {@code libs} (external modules: Conduit loads
 * none, so a node that lists one is rejected at deploy, naming it).
 *
 * <p>Deploy: {@link #prepare()} checks the syntax of all three code fields off the event loop
 * ({@link JsSyntaxCheck}); a syntax error rejects the deployment with the field, line and column.
 * {@link #start()} returns at once, as a Node-RED node is started once constructed: the node's
 * sandbox (its own GraalJS context, the costly part) is built afterwards by its
 * {@link FunctionRunner} (at once when there is setup or close code, which Node-RED runs even for a
 * node that gets no message; else at the first message), which runs
 * the setup code and then the messages that came meanwhile, in order. So a deploy of many function
 * nodes answers without waiting for their contexts.
 */
public final class FunctionNode implements FlowNode {
  /** Runtime default time limit of one run, when the node sets none. */
  public static final double DEFAULT_TIMEOUT_SECONDS = 5;
  /** Setting: default time limit in seconds (a number > 0). */
  public static final String SETTING_TIMEOUT = "function_timeout";
  /** Setting: {@code worker} (default) or {@code event_loop}; see {@link FunctionRunner.Dispatch}. */
  public static final String SETTING_DISPATCH = "function_dispatch";

  private final NodeServices services;
  private final JsSandbox.NodeInfo info;
  private final FunctionCode code;
  private final long timeoutMillis;
  private final FunctionRunner runner;
  private Future<Void> prepared;
  private boolean started;

  private FunctionNode(NodeServices services, JsSandbox.NodeInfo info, FunctionCode code, long timeoutMillis,
                       FunctionRunner.Dispatch dispatch) {
    this.services = services;
    this.info = info;
    this.code = code;
    this.timeoutMillis = timeoutMillis;
    this.runner = new FunctionRunner(services, dispatch);
  }

  /** The {@code function} node type. */
  public static final class Type implements NodeType {
    /**
     * Once the runtime is ready: starts GraalJS (and logs its mode) and the deploy-time syntax check,
     * then runs one message through a throw-away sandbox ({@link JsSandbox#warmUp()}).
     */
    @Override
    public void warmUp() {
      try {
        JsSyntaxCheck.warmUp();
      } catch (RuntimeException | Error e) {
        LoggerFactory.getLogger(FunctionNode.class).error("GraalJS could not start: function nodes will fail to deploy", e);
        return;
      }
      try {
        JsSandbox.warmUp();
      } catch (RuntimeException e) {
        LoggerFactory.getLogger(FunctionNode.class).warn("GraalJS sandbox warm-up failed (function nodes still work; "
          + "the first one built is slower): {}", e.toString());
      }
    }

    @Override
    public String type() {
      return "function";
    }

    @Override
    public String category() {
      return "function";
    }

    @Override
    public FlowNode create(NodeConfig config, NodeServices services) {
      int outputs = (int) config.integer("outputs", 1, 0, 1000);
      double seconds = config.number("timeout", 0);
      if (seconds < 0 || Double.isNaN(seconds)) {
        throw config.invalid("timeout", "'" + config.string("timeout", "") + "' must be a number of seconds >= 0");
      }
      checkLibs(config);
      JsonObject settings = services.settings() == null ? new JsonObject() : services.settings();
      long timeoutMillis = seconds > 0 ? toMillis(seconds) : toMillis(defaultTimeoutSeconds(settings));
      FunctionCode code = FunctionCode.of(config.string("func", ""), config.string("initialize", ""),
        config.string("finalize", ""));
      String path = services.path() == null ? config.id() : services.path();
      JsSandbox.NodeInfo info = new JsSandbox.NodeInfo(config.id(), config.name(), path, outputs);
      return new FunctionNode(services, info, code, timeoutMillis, dispatch(settings));
    }

    private static void checkLibs(NodeConfig config) {
      JsonArray libs = config.array("libs");
      for (int i = 0; i < libs.size(); i++) {
        Object lib = libs.getValue(i);
        String module = lib instanceof JsonObject o ? o.getString("module", o.getString("var", "?")) : String.valueOf(lib);
        throw config.invalid("libs[" + i + "]", "module '" + module
          + "' cannot be loaded: Conduit's function nodes have no module loader (remove it from the Setup tab)");
      }
    }
  }

  static double defaultTimeoutSeconds(JsonObject settings) {
    Object v = settings.getValue(SETTING_TIMEOUT);
    if (v == null) {
      return DEFAULT_TIMEOUT_SECONDS;
    }
    double seconds;
    try {
      seconds = v instanceof Number n ? n.doubleValue() : Double.parseDouble(v.toString().trim());
    } catch (NumberFormatException e) {
      seconds = Double.NaN;
    }
    if (!(seconds > 0)) {
      throw new IllegalArgumentException("setting " + SETTING_TIMEOUT + " '" + v + "' must be a number of seconds > 0");
    }
    return seconds;
  }

  static FunctionRunner.Dispatch dispatch(JsonObject settings) {
    String v = settings.getString(SETTING_DISPATCH, "worker");
    return switch (v.trim().toLowerCase()) {
      case "worker" -> FunctionRunner.Dispatch.WORKER;
      case "event_loop", "event-loop" -> FunctionRunner.Dispatch.EVENT_LOOP;
      default -> throw new IllegalArgumentException("setting " + SETTING_DISPATCH + " '" + v + "' must be worker or event_loop");
    };
  }

  private static long toMillis(double seconds) {
    return Math.max(1, Math.round(seconds * 1000));
  }

  /** The Vert.x context of the caller (the engine's), or one of the node's Vert.x outside any. */
  private Context currentContext() {
    Context caller = Vertx.currentContext();
    return caller == null ? services.vertx().getOrCreateContext() : caller;
  }

  @Override
  public Future<Void> prepare() {
    if (prepared == null) {
      prepared = JsSyntaxCheck.check(currentContext(), info, code).recover(err -> Future.failedFuture(err instanceof JsSandbox.CompileException c
          ? new NodeConfigException(info.id(), "function", c.field, c.getMessage())
          : err));
    }
    return prepared;
  }

  @Override
  public Future<Void> start() {
    return prepare().map(v -> {
      runner.start(currentContext(),
        () -> JsSandbox.create(info, code, timeoutMillis, runner), !code.setup().isBlank() || !code.cleanup().isBlank());
      started = true;
      return null;
    });
  }

  @Override
  public void input(Message msg, Done done) {
    runner.input(msg, done);
  }

  @Override
  public Future<Void> close(boolean removed) {
    // prepared but never started (e.g. the deployment was rejected): no sandbox was built
    return started ? runner.close(removed) : Future.succeededFuture();
  }
}
