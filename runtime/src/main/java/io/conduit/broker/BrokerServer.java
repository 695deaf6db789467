package io.conduit.broker;

import io.conduit.broker.auth.Authenticator;
import io.conduit.broker.persist.BrokerStore;
import io.conduit.broker.persist.MemoryBrokerStore;
import io.conduit.broker.persist.RocksDbBrokerStore;
import io.conduit.spi.LocalBroker;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.internal.ContextInternal;
import io.vertx.mqtt.MqttServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The built-in MQTT broker (3.1.1 and 5.0): starts vertx-mqtt's server from a verticle of its own,
 * so that the broker state and every client connection live on that verticle's event loop (see
 * {@link Broker}), and gives each accepted endpoint to {@link ConnectHandler}.
 * <p>
 * vertx-mqtt's defaults are replaced explicitly: max message size = {@code max_packet_size},
 * client ids up to 65,535 characters, CONNECT timeout = {@code connect_timeout}, and no automatic
 * client ids (the broker applies MQTT's client-id rules itself).
 * <p>
 * Before the verticle starts, the password and ACL files are read off the event loop
 * ({@link Authenticator#load}); a broker that would be open to the network by default refuses to
 * start there. Then every listener ({@link BrokerListeners}: MQTT, TLS, WebSocket, secure
 * WebSocket) is started from the same verticle, so all connections share the one event loop.
 * Password hashes are checked on a worker pool of {@value #LOGIN_WORKERS} threads of its own, so a
 * burst of logins cannot starve other blocking work.
 */
public final class BrokerServer {
  private static final Logger log = LoggerFactory.getLogger(BrokerServer.class);
  /** The longest client id vertx-mqtt is told to accept (MQTT's string limit). */
  static final int MAX_CLIENT_ID_LENGTH = 65_535;
  /** Threads that check password hashes. */
  static final int LOGIN_WORKERS = 2;

  private final Vertx vertx;
  private final BrokerOptions options;
  private final Clock clock;
  private final Scheduler scheduler;
  private final BrokerStore store;
  private final InProcessBroker local;
  private final BrokerInspector inspector;
  private volatile Broker broker;
  private volatile int actualPort = -1;
  private final Map<BrokerListeners.Kind, Integer> listenerPorts = new EnumMap<>(BrokerListeners.Kind.class);
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

  /**
   * The store {@code options} ask for: RocksDB in {@code <dataDir>/broker-store} (repaired or reset
   * first if asked), or memory when {@code persistence} is off.
   */
  public static BrokerStore storeFor(BrokerOptions options, java.nio.file.Path dataDir) {
    if (!options.isPersistence()) return new MemoryBrokerStore();
    RocksDbBrokerStore.Opening opening = options.isResetStore() ? RocksDbBrokerStore.Opening.RESET
      : options.isRepairStore() ? RocksDbBrokerStore.Opening.REPAIR : RocksDbBrokerStore.Opening.NORMAL;
    return new RocksDbBrokerStore(dataDir.resolve(RocksDbBrokerStore.DIRECTORY), options.getFsync(),
      options.getFsyncInterval() * 1000L, opening);
  }

  /** Conduit's version as $SYS and the inspector report it. */
  public static String version() {
    String v = BrokerServer.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  /** Binds the listener; fails (naming the address) when the port is taken. */
  public Future<Void> start() {
    if (deploymentId != null) return Future.failedFuture(new IllegalStateException("broker already started"));
    return vertx.executeBlocking(() -> Authenticator.load(options.getBind(), options.getAuth(), options.getListeners()))
      .compose(auth -> vertx.deployVerticle(new BrokerVerticle(auth)))
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

  /** The MQTT-over-TLS port actually bound, -1 when there is no such listener. */
  public int tlsPort() {
    return listenerPort(BrokerListeners.Kind.TLS);
  }

  /** The MQTT-over-WebSocket port actually bound (path {@code /mqtt}), -1 when there is none. */
  public int wsPort() {
    return listenerPort(BrokerListeners.Kind.WS);
  }

  /** The MQTT-over-secure-WebSocket port actually bound (path {@code /mqtt}), -1 when there is none. */
  public int wssPort() {
    return listenerPort(BrokerListeners.Kind.WSS);
  }

  private int listenerPort(BrokerListeners.Kind kind) {
    synchronized (listenerPorts) {
      return listenerPorts.getOrDefault(kind, -1);
    }
  }

  BrokerOptions options() {
    return options;
  }

  /** The event loop the broker runs on, once started (the flow engine runs on it too). */
  public io.netty.channel.EventLoop eventLoop() {
    Broker b = broker;
    if (b == null) throw new IllegalStateException("the broker is not running");
    return b.context.nettyEventLoop();
  }

  /** The running broker state (package-private, for tests and the in-process API), or null. */
  Broker broker() {
    return broker;
  }

  private final class BrokerVerticle extends VerticleBase {
    private final Authenticator auth;
    private final List<MqttServer> servers = new ArrayList<>();
    private WorkerExecutor loginWorkers;
    private long sweepTimer = -1;
    private long sysTimer = -1;

    BrokerVerticle(Authenticator auth) {
      this.auth = auth;
    }

    @Override
    public Future<?> start() {
      ContextInternal ctx = (ContextInternal) context;
      loginWorkers = vertx.createSharedWorkerExecutor("conduit-mqtt-login", LOGIN_WORKERS);
      Broker b = new Broker(options, clock, scheduler, store, ctx, auth, loginWorkers);
      b.local = local;
      List<BrokerListeners.Listener> listeners = BrokerListeners.of(options);
      return store.load().compose(state -> {
        b.restore(state);
        List<Future<MqttServer>> started = new ArrayList<>();
        for (BrokerListeners.Listener l : listeners) {
          MqttServer server = MqttServer.create(vertx, l.options());
          servers.add(server);
          server.endpointHandler(b.connects::connect);
          server.exceptionHandler(e -> log.debug("MQTT connection refused: {}", e.getMessage()));
          started.add(server.listen().recover(e -> Future.failedFuture(new IllegalStateException(
            "cannot listen for " + l.kind().scheme + " on " + options.getBind() + ":" + l.options().getPort() + ": " + e.getMessage(), e))));
        }
        return Future.all(started);
      }).map(all -> {
        broker = b;
        synchronized (listenerPorts) {
          for (int i = 0; i < listeners.size(); i++) {
            BrokerListeners.Listener l = listeners.get(i);
            int p = servers.get(i).actualPort();
            listenerPorts.put(l.kind(), p);
            if (l.kind() == BrokerListeners.Kind.MQTT) actualPort = p;
            log.info("MQTT broker listening on {}://{}:{}{}", l.kind().scheme, options.getBind(), p, l.kind().webSocket ? "/mqtt" : "");
          }
        }
        sweepTimer = vertx.setPeriodic(1000, t -> b.keepAliveSweep());
        if (options.getSysInterval() > 0) {
          SysTopics sys = new SysTopics(b, version());
          sys.publish();
          sysTimer = vertx.setPeriodic(options.getSysInterval() * 1000L, t -> sys.publish());
        }
        return null;
      });
    }

    @Override
    public Future<?> stop() {
      Broker b = broker;
      broker = null;
      actualPort = -1;
      synchronized (listenerPorts) {
        listenerPorts.clear();
      }
      if (sweepTimer >= 0) vertx.cancelTimer(sweepTimer);
      if (sysTimer >= 0) vertx.cancelTimer(sysTimer);
      Promise<Void> closed = Promise.promise();
      List<Future<Void>> closing = new ArrayList<>();
      for (MqttServer server : servers) closing.add(server.close());
      if (loginWorkers != null) closing.add(loginWorkers.close());
      // the servers' close completes on Vert.x's acceptor thread: hop onto the broker context before
      // touching the sessions (read from another thread, the session table raced with the event
      // loop and the stop could fail with an NPE and never complete)
      Future.join(closing).onComplete(ar -> context.runOnContext(ignored -> {
        List<Future<Void>> connections = new ArrayList<>();
        if (b != null) {
          for (Session s : new java.util.ArrayList<>(b.sessions.all())) {
            if (s.connection == null) continue;
            Promise<Void> p = Promise.promise();
            s.connection.ctx.close().addListener(f -> p.complete());
            connections.add(p.future());
          }
        }
        // once every connection is closed (their sessions written as offline), release the state and
        // close the store; a task of its own so that the channels' inactive events have run first
        Future.join(connections).onComplete(x -> context.runOnContext(v -> {
          if (b != null) b.clear();
          store.close().onComplete(y -> closed.complete());
        }));
      }));
      return closed.future().timeout(10, TimeUnit.SECONDS);
    }
  }
}
