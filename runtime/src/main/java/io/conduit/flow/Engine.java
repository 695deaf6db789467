package io.conduit.flow;

import io.conduit.flow.context.ContextStorage;
import io.conduit.spi.LocalBroker;
import io.vertx.core.internal.ContextInternal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The state every running flow and node shares, owned by the engine's Vert.x context (one
 * thread): node types, delivery queue, editor comms, context stores, and the index of running
 * nodes by id. Rules:
 * <ul>
 *   <li>The index holds every running node, including the inner nodes of subflow instances
 *       ({@code <instanceId>-<nodeId>}); ids are unique, so one map serves every lookup.</li>
 *   <li>While a deployment is being validated, {@link #pending} holds the nodes created for it, and
 *       lookups see them before the running ones (a new node finds its new config node).</li>
 *   <li>{@link #topology} increases whenever nodes start or stop, invalidating every node's cached
 *       wire targets.</li>
 * </ul>
 */
final class Engine {
  static final Logger NODE_LOG = LoggerFactory.getLogger("io.conduit.flow.nodes");

  final ContextInternal context;
  final FlowEngineOptions options;
  final NodeRegistry registry;
  final LocalBroker localBroker;
  final CommsHub comms;
  final Delivery delivery;
  final ContextStorage contexts;
  final Map<String, NodeInstance> index = new HashMap<>();
  final Map<String, NodeInstance> pending = new HashMap<>();
  final List<Consumer<NodeLog>> logListeners = new CopyOnWriteArrayList<>();
  /** Node credentials by node id ({@link FlowCredentials}); replaced, never changed in place. */
  Map<String, io.vertx.core.json.JsonObject> credentials = Map.of();
  /** The global flow (global config nodes, nodes without a tab); parent of every tab. */
  Flow global;
  int topology;
  /** Running nodes whose input queue is too long ({@link io.conduit.spi.NodeServices#backlog}). */
  private int behindNodes;

  Engine(ContextInternal context, FlowEngineOptions options, NodeRegistry registry, LocalBroker localBroker,
         CommsHub comms, ContextStorage contexts) {
    this.context = context;
    this.options = options;
    this.registry = registry;
    this.localBroker = localBroker;
    this.comms = comms;
    this.delivery = new Delivery(context);
    this.contexts = contexts;
  }

  /** A node's input queue became too long ({@code true}) or caught up: the broker hears of the first and the last. */
  void nodeBehind(boolean behind) {
    behindNodes += behind ? 1 : -1;
    if (localBroker != null && (behind ? behindNodes == 1 : behindNodes == 0)) localBroker.flowsBehind(behind);
  }

  /** A running (or, during validation, newly created) node by id; null if none. */
  NodeInstance lookup(String id) {
    NodeInstance n = pending.get(id);
    return n != null ? n : index.get(id);
  }

  void log(NodeLog entry) {
    String text = "[" + entry.type() + (entry.name() == null || entry.name().isEmpty() ? "" : ":" + entry.name()) + "] " + entry.text();
    switch (entry.level()) {
      case NodeLog.ERROR -> NODE_LOG.error(text);
      case NodeLog.WARN -> NODE_LOG.warn(text);
      case NodeLog.INFO -> NODE_LOG.info(text);
      default -> NODE_LOG.debug(text);
    }
    for (Consumer<NodeLog> l : logListeners) {
      l.accept(entry);
    }
  }
}
