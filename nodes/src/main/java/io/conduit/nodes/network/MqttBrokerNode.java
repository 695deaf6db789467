package io.conduit.nodes.network;

import io.conduit.nodes.util.BasicNodeType;
import io.conduit.spi.Done;
import io.conduit.spi.FlowNode;
import io.conduit.spi.LocalBroker;
import io.conduit.spi.Message;
import io.conduit.spi.MqttPublish;
import io.conduit.spi.NodeConfig;
import io.conduit.spi.NodeServices;
import io.conduit.spi.NodeStatus;
import io.conduit.spi.SubscribeOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Node-RED's {@code mqtt-broker} config node ({@code 10-mqtt.js}): one connection shared by the
 * {@code mqtt in} and {@code mqtt out} nodes that name it ({@link MqttBrokerConfig} for its fields).
 * <ul>
 *   <li>The built-in broker (the {@code builtin} flag, or a host and port that
 *       {@link LocalBroker#isSelf} recognises) is reached through {@link LocalConnection}; any other
 *       through {@link RemoteConnection} with its persisted {@link OfflineBuffer}
 *       ({@code <data dir>/mqtt-buffer/<node id>.log}).</li>
 *   <li>As in Node-RED it connects when the first node registers (if {@code autoConnect}) and shows
 *       the connection state under every registered node: connecting (yellow ring), connected
 *       (green dot), disconnected (red ring).</li>
 *   <li>Several nodes may subscribe the same filter: the broker sees one subscription per filter
 *       and each message goes to every node subscribed to it.</li>
 * </ul>
 */
public final class MqttBrokerNode implements FlowNode {
  static final NodeStatus CONNECTING = NodeStatus.of("yellow", "ring", "connecting");
  static final NodeStatus CONNECTED = NodeStatus.of("green", "dot", "connected");
  static final NodeStatus DISCONNECTED = NodeStatus.of("red", "ring", "disconnected");

  private final NodeServices services;
  private final MqttBrokerConfig config;
  private final Map<String, NodeServices> users = new LinkedHashMap<>();
  /** filter → subscriber node id → its handler and options. */
  private final Map<String, Map<String, Subscriber>> subscriptions = new LinkedHashMap<>();
  private MqttConnection connection;

  private record Subscriber(SubscribeOptions options, Handler<MqttPublish> handler) {
  }

  private MqttBrokerNode(NodeConfig nodeConfig, NodeServices services) {
    this.services = services;
    this.config = MqttBrokerConfig.parse(nodeConfig);
  }

  @Override
  public Future<Void> start() {
    config.warnings().forEach(services::warn);
    return Future.succeededFuture();
  }

  /** True when the node talks MQTT 5 (its {@code protocolVersion} is 5): v5 properties travel. */
  public boolean isV5() {
    return config.protocolVersion() == 5;
  }

  /** True when this node uses the broker of this process. */
  public boolean isLocal() {
    LocalBroker local = services.localBroker();
    return local != null && (config.builtin() || local.isSelf(config.host(), config.port()));
  }

  /** The connection's state now; disconnected before the first connection. */
  MqttConnection.State state() {
    return connection == null ? MqttConnection.State.DISCONNECTED : connection.state();
  }

  /**
   * Finds an mqtt node's broker config node and registers the node with it; when there is none,
   * reports "missing broker configuration" as Node-RED does and returns null.
   */
  static MqttBrokerNode attach(String brokerId, NodeServices user) {
    MqttBrokerNode broker = user.configNode(brokerId, MqttBrokerNode.class);
    if (broker == null) {
      user.error("missing broker configuration", null);
      user.status(NodeStatus.of("red", "ring", "missing broker configuration"));
    } else {
      broker.register(user.id(), user);
    }
    return broker;
  }

  /**
   * Node-RED's {@code connect} and {@code disconnect} actions of the mqtt nodes; {@code msg.broker}
   * option overrides are refused (not supported).
   */
  void connectionAction(String action, Message msg, Done done) {
    if (action.equals("disconnect")) {
      disconnect().onComplete(ar -> done.done(ar.cause()));
    } else if (msg.get("broker") instanceof Map) {
      done.done(new IllegalArgumentException("msg.broker options are not supported by Conduit yet"));
    } else {
      connect().onComplete(ar -> done.done(ar.cause()));
    }
  }

  /** An mqtt node uses this broker: it gets the status updates; the first one connects (autoConnect). */
  void register(String nodeId, NodeServices user) {
    users.put(nodeId, user);
    user.status(status(state()));
    if (users.size() == 1 && config.autoConnect()) {
      connect();
    }
  }

  /** The node stops using the broker; when it was removed and was the last one, the connection closes. */
  Future<Void> deregister(String nodeId, boolean removed) {
    NodeServices user = users.remove(nodeId);
    if (user != null) {
      user.status(DISCONNECTED);
    }
    if (removed && users.isEmpty() && connection != null) {
      return disconnect();
    }
    return Future.succeededFuture();
  }

  /** Node-RED's {@code connect} action: connects unless connected or connecting. */
  Future<Void> connect() {
    if (connection != null) {
      return Future.succeededFuture();
    }
    connection = isLocal() ? new LocalConnection(services.localBroker(), config.clientId(), config.birth(), config.close())
      : remote();
    MqttConnection c = connection;
    c.onStateChange(s -> {
      if (connection == c) {
        users.values().forEach(u -> u.status(status(s)));
      }
    });
    return c.start()
      .onSuccess(v -> subscriptions.forEach((filter, subs) -> c.subscribe(filter, strongest(subs), fanOut(filter))
        .onFailure(e -> services.warn(e.getMessage()))))
      .onFailure(e -> services.error("mqtt-broker " + services.id() + ": " + e.getMessage(), null));
  }

  private RemoteConnection remote() {
    Path file = services.dataDir().resolve("mqtt-buffer").resolve(services.id().replaceAll("[^A-Za-z0-9._-]", "_") + ".log");
    OfflineBuffer buffer = new OfflineBuffer(new OfflineBufferFile(file), config.bufferMessages(), config.bufferBytes(),
      config.overflow(), services);
    return new RemoteConnection(services, config.host(), config.port(), config.connectOptions(), config.reconnectMs(),
      config.birth(), config.close(), buffer);
  }

  /** Node-RED's {@code disconnect} action: publishes the close message and disconnects. */
  Future<Void> disconnect() {
    MqttConnection c = connection;
    connection = null;
    if (c == null) {
      return Future.succeededFuture();
    }
    return c.close().onComplete(ar -> users.values().forEach(u -> u.status(DISCONNECTED)));
  }

  static NodeStatus status(MqttConnection.State s) {
    return switch (s) {
      case CONNECTING -> CONNECTING;
      case CONNECTED -> CONNECTED;
      case DISCONNECTED -> DISCONNECTED;
    };
  }

  /**
   * Publishes. Completes when the broker has the message or it is safely buffered; fails when not
   * connected to the built-in broker or when the broker refuses it.
   */
  Future<Void> publish(MqttPublish message) {
    if (connection == null) {
      return Future.failedFuture("not connected to the broker (autoConnect is off or it was disconnected)");
    }
    return connection.publish(message);
  }

  /** Subscribes a node to a filter; the broker's subscription takes the highest QoS asked for it. */
  Future<Integer> subscribe(String nodeId, String filter, SubscribeOptions options, Handler<MqttPublish> handler) {
    Map<String, Subscriber> subs = subscriptions.computeIfAbsent(filter, f -> new LinkedHashMap<>());
    subs.put(nodeId, new Subscriber(options, handler));
    if (connection == null) {
      return Future.succeededFuture(options.qos());
    }
    return connection.subscribe(filter, strongest(subs), fanOut(filter));
  }

  Future<Void> unsubscribe(String nodeId, String filter) {
    Map<String, Subscriber> subs = subscriptions.get(filter);
    if (subs == null || subs.remove(nodeId) == null) {
      return Future.succeededFuture();
    }
    if (!subs.isEmpty()) {
      return Future.succeededFuture();
    }
    subscriptions.remove(filter);
    return connection == null ? Future.succeededFuture() : connection.unsubscribe(filter);
  }

  private static SubscribeOptions strongest(Map<String, Subscriber> subs) {
    SubscribeOptions best = null;
    for (Subscriber s : subs.values()) {
      if (best == null || s.options().qos() > best.qos()) {
        best = s.options();
      }
    }
    return best;
  }

  private Handler<MqttPublish> fanOut(String filter) {
    return m -> {
      Map<String, Subscriber> subs = subscriptions.get(filter);
      if (subs != null) {
        new ArrayList<>(subs.values()).forEach(s -> s.handler().handle(m));
      }
    };
  }

  /** Buffered messages waiting for a remote broker (0 for the built-in one). */
  public int buffered() {
    return connection instanceof RemoteConnection r ? r.buffered() : 0;
  }

  /** Messages the offline buffer dropped because it was full. */
  public long dropped() {
    return connection instanceof RemoteConnection r ? r.dropped() : 0;
  }

  List<String> userIds() {
    return List.copyOf(users.keySet());
  }

  @Override
  public Future<Void> close(boolean removed) {
    return disconnect();
  }

  /** Registers {@code mqtt-broker}. */
  public static final class Type extends BasicNodeType {
    public Type() {
      super("mqtt-broker", "config", true, MqttBrokerNode::new);
    }
  }
}
