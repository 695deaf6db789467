package io.conduit.broker;

import io.conduit.broker.auth.Authenticator;
import io.conduit.broker.persist.BrokerStore;
import io.conduit.broker.persist.StoredState;
import io.netty.channel.EventLoop;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.internal.ContextInternal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;

/**
 * The broker's state and its parts, wired together; lives on ONE Vert.x context (the broker
 * verticle's), whose event loop also runs every client connection: a single writer, no locks.
 * Anything arriving from another context (in-process clients, the inspector) hops onto this one.
 * Also runs the keep-alive sweep (as Mosquitto's keepalive.c): once a second, every connection
 * silent for more than 1.5 × its keep-alive is closed (v5 DISCONNECT 0x8D) and its will published.
 */
final class Broker {
  private static final Logger log = LoggerFactory.getLogger(Broker.class);

  final BrokerOptions options;
  final Clock clock;
  final Scheduler scheduler;
  final BrokerStore store;
  final ContextInternal context;
  final EventLoop loop;
  final BrokerStats stats;
  final SessionStore sessions = new SessionStore();
  final MessageRouter router = new MessageRouter();
  final RetainedStore retained = new RetainedStore();
  final FlushScheduler flusher;
  final ConnectHandler connects = new ConnectHandler(this);
  final PublishHandler publishes = new PublishHandler(this);
  final PublisherPacing pacing = new PublisherPacing(this);
  /** The in-process clients' side (flows back-pressure), set by {@link BrokerServer}; null in bare broker tests. */
  InProcessBroker local;
  final SubscribeHandler subscribes = new SubscribeHandler(this);
  final WillPublisher wills = new WillPublisher(this);
  final SessionExpiry expiry = new SessionExpiry(this);
  final TopicActivity activity = new TopicActivity();
  /** Who may log in and what they may do (never null: {@link Authenticator#open()} when unsecured). */
  final Authenticator auth;
  /** Where password hashes are checked. */
  final WorkerExecutor loginWorkers;
  final SessionPersistence persistence;
  /** Seconds since start, advanced by the keep-alive sweep; connections note it on each packet. */
  long tick;

  Broker(BrokerOptions options, Clock clock, Scheduler scheduler, BrokerStore store, ContextInternal context,
         Authenticator auth, WorkerExecutor loginWorkers) {
    this.options = options;
    this.auth = auth;
    this.loginWorkers = loginWorkers;
    this.store = store;
    this.clock = clock;
    this.context = context;
    this.loop = context.nettyEventLoop();
    this.scheduler = scheduler != null ? scheduler : Scheduler.onEventLoop(loop);
    this.stats = new BrokerStats(clock.millis());
    this.flusher = new FlushScheduler(loop);
    this.persistence = new SessionPersistence(this, store);
  }

  /** Stores a retained message and routes {@code m}; returns the number of deliveries. */
  int publish(BrokerMessage m) {
    stats.messagesReceived++;
    if (activity.on) activity.record(m, clock.millis());
    if (m.retain) {
      retained.put(m);
      persistence.retainedChanged(m);
    }
    return router.route(m);
  }

  /** Writes a persistent session's state through to the store (non-persistent ones are not stored). */
  void persist(Session s) {
    persistence.sessionChanged(s);
  }

  /** Rebuilds the broker from the store (at start, before the listener opens). */
  void restore(StoredState state) {
    new StoreRestore(this).restore(state);
  }

  /** Ends a session: its subscriptions, queued and in-flight messages go; a delayed will goes out. */
  void endSession(Session s) {
    router.unsubscribeAll(s);
    pacing.release(s);
    s.discard(true);
    if (sessions.remove(s) && s.stored) persistence.sessionEnded(s.clientId);
    expiry.cancel(s.clientId);
    wills.sessionEnded(s.clientId);
  }

  /** One keep-alive sweep (called every second on the broker context). */
  void keepAliveSweep() {
    tick++;
    ArrayList<ClientConnection> late = null;
    for (Session s : sessions.all()) {
      ClientConnection c = s.connection;
      if (c == null || c.keepAlive == 0) continue;
      // 1.5 × keep-alive, rounded up as vertx-mqtt and Mosquitto do
      long limit = (c.keepAlive * 3L + 1) / 2;
      if (tick - c.lastPacketTick > limit) {
        if (late == null) late = new ArrayList<>();
        late.add(c);
      }
    }
    if (late != null) {
      for (ClientConnection c : late) {
        log.info("{}: no packet for {} s (keep-alive {} s), closing", c.name(), tick - c.lastPacketTick, c.keepAlive);
        c.disconnect(0x8D);
      }
    }
  }

  /** Releases everything (the broker stops; connections are already closed). */
  void clear() {
    for (Session s : new ArrayList<>(sessions.all())) {
      router.unsubscribeAll(s);
      s.discard(false);
    }
    wills.clear();
    expiry.clear();
    retained.clear();
  }
}
