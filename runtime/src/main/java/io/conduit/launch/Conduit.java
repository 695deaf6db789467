package io.conduit.launch;

import io.conduit.admin.AdminServer;
import io.conduit.broker.BrokerServer;
import io.conduit.flow.FlowEngine;
import io.conduit.flow.FlowEngineOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.util.concurrent.TimeUnit;

/**
 * One running Conduit: the broker, then the flow engine, then the admin/editor HTTP server, started
 * as one Future chain and stopped in reverse; once all are up, the node types warm up in the
 * background (GraalJS: it is not needed to be ready, and it would slow the start down), unless
 * {@link #WARM_UP_PROPERTY} is {@code false}. Tests start it with port 0 for both listeners.
 */
public final class Conduit {
  /** How long {@link #stop()} waits for each component, like Node-RED's 15 s node close timeout. */
  public static final long STOP_TIMEOUT_SECONDS = 15;
  /**
   * System property; {@code false} skips the node types' warm-up after ready. For the build's AOT
   * cache training run (dist/src/main/runtime/link-runtime.sh), which must record the start up to
   * ready only: classes GraalJS loads while warming up would be loaded by every start.
   */
  public static final String WARM_UP_PROPERTY = "conduit.warmup";

  private final Vertx vertx;
  private final boolean ownsVertx;
  private final ConduitOptions options;
  private final BrokerServer broker;
  private final FlowEngine flows;
  private final AdminServer admin;

  private Conduit(Vertx vertx, boolean ownsVertx, ConduitOptions options) {
    this.vertx = vertx;
    this.ownsVertx = ownsVertx;
    this.options = options;
    this.broker = new BrokerServer(vertx, options.broker(), java.time.Clock.systemUTC(), null,
      BrokerServer.storeFor(options.broker(), options.dataDir()));
    this.flows = new FlowEngine(vertx, FlowEngineOptions.fromSettings(options.settings()), broker.localBroker());
    this.admin = new AdminServer(vertx, options, flows, broker);
  }

  /** Starts Conduit on a Vert.x instance of its own, closed again by {@link #stop()}. */
  public static Future<Conduit> start(ConduitOptions options) {
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    return start(vertx, true, options);
  }

  /** Starts Conduit on the given Vert.x instance, which {@link #stop()} leaves open. */
  public static Future<Conduit> start(Vertx vertx, ConduitOptions options) {
    return start(vertx, false, options);
  }

  private static Future<Conduit> start(Vertx vertx, boolean ownsVertx, ConduitOptions options) {
    Conduit conduit;
    try {
      conduit = new Conduit(vertx, ownsVertx, options);
    } catch (RuntimeException e) {
      return ownsVertx ? vertx.close().transform(v -> Future.failedFuture(e)) : Future.failedFuture(e);
    }
    // As in stop(): the result goes through a promise bound to no context, because a failed start
    // closes Vert.x, whose event loops would otherwise be the ones to deliver the failure.
    Promise<Conduit> started = Promise.promise();
    conduit.broker.start()
      .compose(v -> conduit.flows.onEventLoop(conduit.broker.eventLoop()).start())
      .compose(v -> conduit.admin.start())
      .onComplete(ar -> {
        if (ar.succeeded()) {
          if (!"false".equals(System.getProperty(WARM_UP_PROPERTY))) {
            conduit.flows.warmUpNodeTypes();
          }
          started.complete(conduit);
        } else {
          conduit.stop().onComplete(v -> started.fail(ar.cause()));
        }
      });
    return started.future();
  }

  /** Stops admin, flows, broker in that order; each gets {@link #STOP_TIMEOUT_SECONDS}. */
  public Future<Void> stop() {
    Future<Void> components = admin.stop().timeout(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS).transform(a -> Future.<Void>succeededFuture())
      .compose(v -> flows.stop().timeout(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS).transform(a -> Future.<Void>succeededFuture()))
      .compose(v -> broker.stop().timeout(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS).transform(a -> Future.<Void>succeededFuture()));
    // The chain above completes on the contexts of the components; a future composed from it would
    // deliver its result on one of them, whose event loop vertx.close() shuts down: it would never
    // complete. So the result goes through a promise bound to no context.
    Promise<Void> stopped = Promise.promise();
    components.onComplete(v -> {
      if (ownsVertx) {
        vertx.close().onComplete(stopped);
      } else {
        stopped.complete();
      }
    });
    return stopped.future();
  }

  public Vertx vertx() {
    return vertx;
  }

  public ConduitOptions options() {
    return options;
  }

  public BrokerServer broker() {
    return broker;
  }

  public FlowEngine flows() {
    return flows;
  }

  public AdminServer admin() {
    return admin;
  }

  /** The MQTT port actually bound (useful with port 0). */
  public int mqttPort() {
    return broker.actualPort();
  }

  /** The HTTP port actually bound (useful with port 0). */
  public int httpPort() {
    return admin.actualPort();
  }
}
