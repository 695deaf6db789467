package io.conduit.broker;

import io.conduit.broker.persist.BrokerStore;
import io.conduit.broker.persist.MemoryBrokerStore;
import io.conduit.spi.LocalBroker;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * The built-in MQTT broker (3.1.1 and 5.0): starts vertx-mqtt's server from a verticle of its own,
 * so that the broker state and every client connection live on that verticle's event loop (see
 * {@link Broker}), and gives each accepted endpoint to {@link ConnectHandler}.
 * <p>
 * vertx-mqtt's defaults are replaced explicitly: max message size = {@code max_packet_size},
 * client ids up to 65,535 characters, CONNECT timeout = {@code connect_timeout}, and no automatic
 * client ids (the broker applies MQTT's client-id rules itself).
 */
public final class BrokerServer {
  private static final Logger log = LoggerFactory.getLogger(BrokerServer.class);
  /** The longest client id vertx-mqtt is told to accept (MQTT's string limit). */
  static final int MAX_CLIENT_ID_LENGTH = 65_535;

  private final Vertx vertx;
  private final BrokerOptions options;
  private final Clock clock;
  private final Scheduler scheduler;
  private final BrokerStore store;
  private final InProcessBroker local;
  private final BrokerInspector inspector;
  private volatile Broker broker;
  private volatile int actualPort = -1;
  private String deploymentId;

  public BrokerServer(Vertx vertx, BrokerOptions options) {
    this(vertx, options, Clock.systemUTC(), null);
  }

  /**
   * @param clock     time for message expiry and $SYS uptime
   * @param scheduler timed actions (will delay, session expiry); null: the broker's event loop
   */
  public BrokerServer(Vertx vertx, BrokerOptions options, Clock clock, Scheduler scheduler) {
    this(vertx, options, clock, scheduler, new MemoryBrokerStore());
  }

  /**
   * @param store what survives a restart; the broker is rebuilt from it at start
   */
  public BrokerServer(Vertx vertx, BrokerOptions options, Clock clock, Scheduler scheduler, BrokerStore store) {
    this.vertx = vertx;
    this.store = store;
    this.options = options.copy();
    this.clock = clock;
    this.scheduler = scheduler;
    this.local = new InProcessBroker(vertx, this);
    this.inspector = new BrokerInspector(vertx, this);
  }

  /** Conduit's version as $SYS and the inspector report it. */
  public static String version() {
    String v = BrokerServer.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  /** Binds the listener; fails (naming the address) when the port is taken. */
  public Future<Void> start() {
    if (deploymentId != null) return Future.failedFuture(new IllegalStateException("broker already started"));
    return vertx.deployVerticle(new BrokerVerticle())
      .onSuccess(id -> deploymentId = id)
      .mapEmpty();
  }

  /** Closes every connection and the listener; releases all broker state. */
  public Future<Void> stop() {
    String id = deploymentId;
    if (id == null) return Future.succeededFuture();
    deploymentId = null;
    return vertx.undeploy(id);
  }

  public LocalBroker localBroker() {
    return local;
  }

  InProcessBroker inProcess() {
    return local;
  }

  /** Read-only snapshots for the editor's broker sidebar. */
  public BrokerInspector inspector() {
    return inspector;
  }

  /** The MQTT port actually bound (useful with port 0), -1 when not listening. */
  public int actualPort() {
    return actualPort;
  }

  BrokerOptions options() {
    return options;
  }

  /** The running broker state (package-private, for tests and the in-process API), or null. */
  Broker broker() {
    return broker;
  }

  private final class BrokerVerticle extends VerticleBase {
    private MqttServer server;
    private long sweepTimer = -1;
    private long sysTimer = -1;

    @Override
    public Future<?> start() {
      ContextInternal ctx = (ContextInternal) context;
      Broker b = new Broker(options, clock, scheduler, store, ctx);
      MqttServerOptions mqttOptions = new MqttServerOptions()
        .setHost(options.getBind())
        .setPort(options.getPort())
        .setMaxMessageSize(options.getMaxPacketSize())
        .setMaxClientIdLength(MAX_CLIENT_ID_LENGTH)
        .setTimeoutOnConnect(options.getConnectTimeout())
        .setAutoClientId(false);
      mqttOptions.setTcpNoDelay(true);
      mqttOptions.setReuseAddress(true);
      server = MqttServer.create(vertx, mqttOptions);
      server.endpointHandler(b.connects::connect);
      server.exceptionHandler(e -> log.debug("MQTT connection refused: {}", e.getMessage()));
      return store.load().compose(state -> {
        b.restore(state);
        return server.listen();
      }).map(s -> {
        broker = b;
        actualPort = s.actualPort();
        sweepTimer = vertx.setPeriodic(1000, t -> b.keepAliveSweep());
        if (options.getSysInterval() > 0) {
          SysTopics sys = new SysTopics(b, version());
          sys.publish();
          sysTimer = vertx.setPeriodic(options.getSysInterval() * 1000L, t -> sys.publish());
        }
        log.info("MQTT broker listening on {}:{}", options.getBind(), actualPort);
        return null;
      });
    }

    @Override
    public Future<?> stop() {
      Broker b = broker;
      broker = null;
      actualPort = -1;
      if (sweepTimer >= 0) vertx.cancelTimer(sweepTimer);
      if (sysTimer >= 0) vertx.cancelTimer(sysTimer);
      Promise<Void> closed = Promise.promise();
      server.close().onComplete(ar -> {
        if (b != null) {
          for (Session s : new java.util.ArrayList<>(b.sessions.all())) {
            if (s.connection != null) s.connection.ctx.close();
          }
          b.clear();
        }
        store.close().onComplete(x -> closed.complete());
      });
      return closed.future().timeout(10, TimeUnit.SECONDS);
    }
  }
}
