package io.conduit.nodes.network;

import io.conduit.spi.MqttPublish;
import io.conduit.spi.NodeServices;
import io.conduit.spi.SubscribeOptions;
import io.conduit.spi.TopicFilter;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A connection to an external MQTT broker, as Node-RED's {@code mqtt-broker} node keeps one:
 * connects, and after any loss reconnects every {@code reconnectPeriod} ms until closed; subscribes
 * every filter again on each connection; publishes the birth message on each connection and the
 * close message before a clean disconnect. Outgoing messages go through the {@link OfflineBuffer}:
 * while connected up to {@link #INFLIGHT_WINDOW} are in flight at once, in order; while away they
 * wait (on disk), and on reconnection the backlog drains in order before anything newer. A message
 * the broker refuses (a v5 reason code) is dropped from the queue and reported, not retried.
 * Messages that arrive are handed to the handler of every subscribed filter that matches.
 */
final class RemoteConnection implements MqttConnection {
  /** Publishes in flight at once (unacknowledged QoS 1/2). */
  static final int INFLIGHT_WINDOW = 100;
  /** How long {@link #close()} waits for the close message and the in-flight acknowledgements. */
  static final long CLOSE_WAIT_MS = 2000;
  static final long DROP_REPORT_INTERVAL_MS = 10_000;

  private record Sub(TopicFilter filter, SubscribeOptions options, Handler<MqttPublish> handler) {
  }

  private final NodeServices services;
  private final String host;
  private final int port;
  private final MqttClientConnection.ConnectOptions connectOptions;
  private final long reconnectMs;
  private final MqttPublish birth;
  private final MqttPublish closeMessage;
  private final OfflineBuffer buffer;
  private final Map<String, Sub> subscriptions = new LinkedHashMap<>();
  private final List<Consumer<State>> listeners = new ArrayList<>();
  private final Map<OfflineBuffer.Entry, Promise<Void>> safe = new LinkedHashMap<>();
  private NetClient netClient;
  private MqttClientConnection conn;
  private State state = State.DISCONNECTED;
  private boolean closing;
  private long reconnectTimer = -1;
  private long lastDropReport;
  private long droppedReported;

  RemoteConnection(NodeServices services, String host, int port, MqttClientConnection.ConnectOptions connectOptions,
                   long reconnectMs, MqttPublish birth, MqttPublish closeMessage, OfflineBuffer buffer) {
    this.services = services;
    this.host = host;
    this.port = port;
    this.connectOptions = connectOptions;
    this.reconnectMs = reconnectMs;
    this.birth = birth;
    this.closeMessage = closeMessage;
    this.buffer = buffer;
    buffer.onDrop(this::taken);
  }

  @Override
  public Future<Void> start() {
    netClient = services.vertx().createNetClient(new NetClientOptions().setConnectTimeout(10_000));
    return buffer.open().map(problems -> {
      problems.forEach(services::warn);
      if (!buffer.isEmpty()) {
        services.log("offline buffer: " + buffer.size() + " messages from the previous run wait for " + host + ":" + port);
      }
      connect();
      return null;
    });
  }

  private void connect() {
    reconnectTimer = -1;
    if (closing) {
      return;
    }
    setState(State.CONNECTING);
    MqttClientConnection.connect(services.vertx(), netClient, host, port, connectOptions, this::dispatch)
      .onSuccess(c -> {
        if (closing) {
          c.disconnect();
          return;
        }
        conn = c;
        services.log("connected to broker: " + connectOptions.clientId() + "@mqtt://" + host + ":" + port);
        setState(State.CONNECTED);
        c.closed().onSuccess(reason -> connectionLost(c, reason));
        subscriptions.forEach((filter, sub) -> c.subscribe(filter, sub.options())
          .onFailure(e -> services.warn(e.getMessage())));
        if (birth != null) {
          c.publish(birth).onFailure(e -> services.warn("birth message not published: " + e.getMessage()));
        }
        pump();
      })
      .onFailure(e -> {
        setState(State.DISCONNECTED);
        services.log("connection to broker " + host + ":" + port + " failed: " + e.getMessage());
        scheduleReconnect();
      });
  }

  private void connectionLost(MqttClientConnection c, String reason) {
    if (conn != c) {
      return;
    }
    conn = null;
    buffer.requeueSending();
    buffer.persistAll().onComplete(ar -> completeSafe());
    if (!closing) {
      services.log("disconnected from broker " + host + ":" + port + ": " + reason);
      setState(State.DISCONNECTED);
      scheduleReconnect();
    }
  }

  private void scheduleReconnect() {
    if (!closing && reconnectTimer == -1) {
      reconnectTimer = services.setTimer(reconnectMs, this::connect);
    }
  }

  private void setState(State s) {
    if (state != s) {
      state = s;
      listeners.forEach(l -> l.accept(s));
    }
  }

  @Override
  public State state() {
    return state;
  }

  @Override
  public void onStateChange(Consumer<State> listener) {
    listeners.add(listener);
  }

  @Override
  public boolean isV5() {
    return connectOptions.protocolVersion() == 5;
  }

  /** Messages buffered and not yet taken by the broker. */
  int buffered() {
    return buffer.size();
  }

  long dropped() {
    return buffer.dropped();
  }

  @Override
  public Future<Void> publish(MqttPublish message) {
    if (closing) {
      return Future.failedFuture("the mqtt-broker node is closing");
    }
    boolean canLeaveNow = conn != null && buffer.size() == buffer.sendingCount()
      && buffer.sendingCount() < INFLIGHT_WINDOW;
    return buffer.add(message, !canLeaveNow).compose(entry -> {
      reportDrops();
      if (entry == null) {
        return Future.succeededFuture(); // refused by a full buffer (drop-newest): counted and reported
      }
      Future<Void> result;
      if (entry.persisted) {
        result = Future.succeededFuture();
      } else {
        Promise<Void> p = Promise.promise();
        safe.put(entry, p);
        result = p.future();
      }
      pump();
      return result;
    });
  }

  /** Sends waiting messages while connected and the window allows, oldest first. */
  private void pump() {
    MqttClientConnection c = conn;
    while (c != null && conn == c && buffer.sendingCount() < INFLIGHT_WINDOW) {
      OfflineBuffer.Entry e = buffer.next();
      if (e == null) {
        return;
      }
      c.publish(e.msg).onComplete(ar -> {
        if (ar.succeeded()) {
          taken(e);
        } else if (ar.cause() instanceof MqttClientConnection.RefusedException) {
          services.error("broker refused the message on '" + e.msg.topic() + "': " + ar.cause().getMessage(), null);
          taken(e);
        }
        // else: the connection is gone; connectionLost requeues it
        pump();
      });
    }
  }

  /** The message left the buffer: the broker has it, refused it, or it was dropped to make room. */
  private void taken(OfflineBuffer.Entry e) {
    buffer.acknowledged(e);
    Promise<Void> p = safe.remove(e);
    if (p != null) {
      p.complete();
    }
  }

  /** Messages that went to disk when the connection dropped are safe now. */
  private void completeSafe() {
    safe.entrySet().removeIf(en -> {
      if (en.getKey().persisted) {
        en.getValue().tryComplete();
        return true;
      }
      return false;
    });
  }

  private void reportDrops() {
    long dropped = buffer.dropped();
    long now = System.currentTimeMillis();
    if (dropped > droppedReported && now - lastDropReport >= DROP_REPORT_INTERVAL_MS) {
      services.warn("offline buffer for " + host + ":" + port + " is full: " + (dropped - droppedReported)
        + " messages dropped (" + dropped + " since start)");
      droppedReported = dropped;
      lastDropReport = now;
    }
  }

  @Override
  public Future<Integer> subscribe(String filter, SubscribeOptions options, Handler<MqttPublish> handler) {
    TopicFilter parsed;
    try {
      parsed = TopicFilter.parse(filter);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    subscriptions.put(filter, new Sub(parsed, options, handler));
    return conn == null ? Future.succeededFuture(options.qos()) : conn.subscribe(filter, options);
  }

  @Override
  public Future<Void> unsubscribe(String filter) {
    subscriptions.remove(filter);
    return conn == null ? Future.succeededFuture() : conn.unsubscribe(filter);
  }

  private void dispatch(MqttPublish m) {
    List<Handler<MqttPublish>> targets = new ArrayList<>();
    for (Sub s : subscriptions.values()) {
      if (s.filter().matches(m.topic())) {
        targets.add(s.handler());
      }
    }
    targets.forEach(h -> h.handle(m));
  }

  @Override
  public Future<Void> close() {
    closing = true;
    if (reconnectTimer != -1) {
      services.cancelTimer(reconnectTimer);
      reconnectTimer = -1;
    }
    MqttClientConnection c = conn;
    Future<Void> farewell = Future.succeededFuture();
    if (c != null) {
      Promise<Void> done = Promise.promise();
      long timer = services.setTimer(CLOSE_WAIT_MS, done::tryComplete);
      Future<Void> closeSent = closeMessage == null ? Future.succeededFuture() : c.publish(closeMessage);
      closeSent.onComplete(ar -> waitForInflight(c, done));
      farewell = done.future().compose(v -> {
        services.cancelTimer(timer);
        return c.disconnect();
      });
    }
    return farewell.transform(ar -> {
      buffer.requeueSending();
      return buffer.persistAll();
    }).transform(ar -> buffer.close()).eventually(() -> {
      completeSafe();
      setState(State.DISCONNECTED);
      return netClient == null ? Future.succeededFuture() : netClient.close();
    });
  }

  private void waitForInflight(MqttClientConnection c, Promise<Void> done) {
    if (c.inflight() == 0 || done.future().isComplete()) {
      done.tryComplete();
    } else {
      services.setTimer(20, () -> waitForInflight(c, done));
    }
  }
}
