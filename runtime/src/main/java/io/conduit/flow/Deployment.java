package io.conduit.flow;

import io.conduit.spi.NodeConfigException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One deployment in progress: which running nodes stop, which nodes are created, and their
 * validation, before anything running is touched. Rules (Node-RED's {@code flows/index.js}
 * {@code stop}/{@code start} with the diff, plus validation up front):
 * <ul>
 *   <li>{@code full}: every running flow stops and every node is created anew.</li>
 *   <li>{@code nodes}: the changed and removed nodes stop; {@code flows}: also the nodes linked
 *       to them and the rewired ones. A tab that was added, removed, disabled or enabled, or whose
 *       {@code env} changed, is restarted as a whole. A rewired subflow instance is restarted.</li>
 *   <li>A node is created when it is not running, or when it stops in this deployment; disabled
 *       nodes ({@code d: true}) and disabled tabs are not created.</li>
 *   <li>Config nodes are created before the other nodes of their flow, each after the config
 *       nodes it refers to; a loop fails with "Circular config node dependency detected".</li>
 *   <li>Validation = every created node's {@code NodeType.create} and {@code FlowNode.prepare};
 *       any failure discards the created nodes ({@code close(false)}) and leaves the running
 *       flows as they were.</li>
 * </ul>
 */
final class Deployment {
  final Engine engine;
  final FlowModel model;
  final FlowDiff diff;
  final boolean full;
  private final Map<String, Flow> running;
  private final Set<String> stopIds = new HashSet<>();
  private final Set<String> droppedFlows = new LinkedHashSet<>();
  /** The flows after this deployment, global first, each with the nodes to create in start order. */
  private final Map<Flow, List<NodeInstance>> created = new LinkedHashMap<>();
  private final List<NodeInstance> all = new ArrayList<>();

  Deployment(Engine engine, Map<String, Flow> running, FlowModel model, FlowDiff diff, String type) {
    this.engine = engine;
    this.running = running;
    this.model = model;
    this.diff = diff;
    this.full = type.equals("full") || diff.globalConfigChanged() || engine.global == null;
    if (!full) {
      stopIds.addAll(diff.changed());
      stopIds.addAll(diff.removed());
      if (type.equals("flows")) {
        stopIds.addAll(diff.linked());
        stopIds.addAll(diff.rewired());
      }
      for (String id : diff.rewired()) {
        JsonObject n = model.node(id);
        if (n != null && n.getString("type").startsWith("subflow:")) stopIds.add(id);
      }
    }
    for (Map.Entry<String, Flow> e : running.entrySet()) {
      String id = e.getKey();
      FlowModel.Container tab = model.tabs().get(id);
      if (full || tab == null || tab.disabled() || diff.flowChanged().contains(id)
        || diff.added().contains(id) || diff.removed().contains(id)) {
        droppedFlows.add(id);
      }
    }
  }

  /** Nodes whose status and context go away with this deployment. */
  Set<String> removed() {
    return diff.removed();
  }

  /**
   * Creates every node to start (not yet started), making them visible to lookups.
   *
   * @throws NodeConfigException  naming the node when a type rejects its configuration
   * @throws InvalidFlowException on a config node dependency loop
   */
  void create() {
    Flow global = full || engine.global == null ? Flow.global(engine, model) : engine.global;
    createIn(global, model.global(), global != engine.global);
    for (FlowModel.Container tab : model.tabs().values()) {
      if (tab.disabled()) continue;
      Flow kept = droppedFlows.contains(tab.id()) ? null : running.get(tab.id());
      Flow flow = kept != null ? kept : Flow.tab(engine, global, tab);
      createIn(flow, tab, kept == null);
    }
  }

  private void createIn(Flow flow, FlowModel.Container container, boolean fresh) {
    List<NodeInstance> list = new ArrayList<>();
    created.put(flow, list);
    for (JsonObject config : configOrder(container.configs())) {
      if (needed(flow, config, fresh)) list.add(create(flow, config));
    }
    for (JsonObject node : container.nodes().values()) {
      if (needed(flow, node, fresh)) list.add(create(flow, node));
    }
  }

  private boolean needed(Flow flow, JsonObject node, boolean fresh) {
    if (Boolean.TRUE.equals(node.getValue("d"))) return false;
    String id = node.getString("id");
    return fresh || !flow.active.containsKey(id) || stopIds.contains(id);
  }

  private NodeInstance create(Flow flow, JsonObject config) {
    NodeInstance n = flow.createNode(config, model.wires(config), model);
    engine.pending.put(n.id, n);
    all.add(n);
    return n;
  }

  /** Runs every created node's {@code prepare}; fails with the first problem, naming the node. */
  Future<Void> prepareAll() {
    List<Future<Void>> futures = new ArrayList<>();
    for (NodeInstance n : all) {
      futures.add(prepare(n));
    }
    return Future.all(futures).mapEmpty();
  }

  static Future<Void> prepare(NodeInstance n) {
    Future<Void> f;
    try {
      f = n.node.prepare();
    } catch (RuntimeException e) {
      f = Future.failedFuture(e);
    }
    return f.recover(err -> Future.failedFuture(err instanceof NodeConfigException ? err
      : new NodeConfigException(n.id, n.type, "", NodeInstance.messageOf(err))));
  }

  /** Drops the created nodes after a failed validation; the running flows are untouched. */
  Future<Void> discard() {
    engine.pending.clear();
    List<Future<Void>> futures = new ArrayList<>();
    for (NodeInstance n : all) {
      futures.add(n.close(false, engine.options.getNodeCloseTimeoutMs()));
    }
    return Future.join(futures).mapEmpty();
  }

  /** Stops what this deployment replaces: whole flows, then single nodes; the global flow last. */
  Future<Void> stopOld() {
    List<Future<Void>> futures = new ArrayList<>();
    for (Map.Entry<String, Flow> e : running.entrySet()) {
      if (droppedFlows.contains(e.getKey())) {
        futures.add(e.getValue().stopAll(diff.removed()));
      } else {
        futures.add(e.getValue().stop(stopIds, diff.removed()));
      }
    }
    droppedFlows.forEach(running::remove);
    return Future.join(futures).transform(v -> {
      if (engine.global == null) return Future.succeededFuture();
      return full ? engine.global.stopAll(diff.removed()) : engine.global.stop(stopIds, diff.removed());
    }).mapEmpty();
  }

  /** Stops every running flow (no new configuration will start). */
  static Future<Void> stopEverything(Engine engine, Map<String, Flow> running, Set<String> removed) {
    List<Future<Void>> futures = new ArrayList<>();
    running.values().forEach(f -> futures.add(f.stopAll(removed)));
    running.clear();
    return Future.join(futures).transform(v -> engine.global == null ? Future.succeededFuture()
      : engine.global.stopAll(removed)).mapEmpty();
  }

  /** Starts the created nodes (global flow first) and rewires the nodes that kept running. */
  Future<Void> startNew() {
    engine.pending.clear();
    Future<Void> chain = Future.succeededFuture();
    for (Map.Entry<Flow, List<NodeInstance>> e : created.entrySet()) {
      Flow flow = e.getKey();
      FlowModel.Container container = flow.id.equals(FlowModel.GLOBAL) ? model.global() : model.tabs().get(flow.id);
      flow.update(container);
      if (flow.id.equals(FlowModel.GLOBAL)) {
        engine.global = flow;
      } else {
        running.put(flow.id, flow);
      }
      for (NodeInstance kept : flow.active.values()) {
        JsonObject config = model.node(kept.id);
        if (config != null && !kept.type.startsWith("subflow:")) {
          kept.updateWires(model.wires(config));
        }
      }
      List<NodeInstance> nodes = e.getValue();
      chain = chain.compose(v -> flow.start(nodes));
    }
    return chain;
  }

  /**
   * Node-RED's order for starting config nodes: each after the config nodes (of the same
   * container) that it names in a property.
   */
  static List<JsonObject> configOrder(Map<String, JsonObject> configs) {
    List<JsonObject> order = new ArrayList<>();
    Set<String> done = new HashSet<>();
    Set<String> visiting = new HashSet<>();
    for (JsonObject c : configs.values()) {
      visit(c, configs, done, visiting, order);
    }
    return order;
  }

  private static void visit(JsonObject c, Map<String, JsonObject> configs, Set<String> done, Set<String> visiting, List<JsonObject> order) {
    String id = c.getString("id");
    if (done.contains(id)) return;
    if (!visiting.add(id)) {
      throw new InvalidFlowException("Circular config node dependency detected: " + id);
    }
    for (String key : c.fieldNames()) {
      if (key.equals("id") || key.equals("wires") || key.equals("_users") || key.equals("_alias") || key.equals("z")) continue;
      Object v = c.getValue(key);
      if (v instanceof String ref && !ref.equals(id) && configs.containsKey(ref)
        && !Boolean.TRUE.equals(configs.get(ref).getValue("d"))) {
        visit(configs.get(ref), configs, done, visiting, order);
      }
    }
    visiting.remove(id);
    done.add(id);
    order.add(c);
  }

  /** Ids of everything deployed, for context clean-up: nodes, flows, and subflow instance inner nodes. */
  Set<String> knownIds() {
    Set<String> ids = new HashSet<>(model.allNodes().keySet());
    ids.add(FlowModel.GLOBAL);
    for (FlowModel.Container sf : model.subflows().values()) {
      for (JsonObject instance : sf.instances()) {
        String inst = instance.getString("id");
        sf.nodes().keySet().forEach(n -> ids.add(inst + "-" + n));
        sf.configs().keySet().forEach(n -> ids.add(inst + "-" + n));
      }
    }
    return ids;
  }
}
