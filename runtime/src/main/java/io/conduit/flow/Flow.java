package io.conduit.flow;

import io.conduit.spi.ContextScope;
import io.conduit.spi.Message;
import io.conduit.spi.NodeConfig;
import io.conduit.spi.NodeConfigException;
import io.conduit.spi.NodeStatus;
import io.conduit.spi.NodeType;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One running flow: a tab, the global flow, or (subclass {@link SubflowInstance}) a subflow
 * instance. Node-RED's {@code flows/Flow.js}, split so the deployer drives creation, start and
 * stop. Rules:
 * <ul>
 *   <li>Start: config nodes first, one after another in the dependency order the deployer created
 *       them in; then the other nodes together. A node whose start fails reports the error; the
 *       others go on.</li>
 *   <li>Stop: the regular nodes first, then the config nodes; each close is raced against
 *       {@code node_close_timeout}.</li>
 *   <li>Errors ({@link #handleError}) go to this flow's {@code catch} nodes: those whose
 *       {@code scope} lists the reporting node, those in the reporting node's group (nearest group
 *       first) for {@code scope: "group"}, and unscoped ones; {@code uncaught: true} catch nodes
 *       only get errors no other catch node took. The message is a copy with {@code error:
 *       {message, source:{id,type,name,count}}} (an existing {@code error} moves to {@code _error});
 *       an error that loops through the same node 10 times is dropped with a warning.</li>
 *   <li>Status ({@link #handleStatus}) is published to the editor ({@code status/<id>}, retained)
 *       and sent as {@code {status:{fill,shape,text,source}}} to matching {@code status} nodes,
 *       with the same scope rules (no {@code uncaught}).</li>
 *   <li>{@code done()} of a node goes to the {@code complete} nodes whose {@code scope} lists it.</li>
 *   <li>{@code status} and {@code complete} nodes ignore, in their scope, the nodes they are wired
 *       to directly (Node-RED's loop guard).</li>
 * </ul>
 */
class Flow {
  final Engine engine;
  final String id;
  final String path;
  final Flow parent;
  FlowModel.Container container;
  final JsonObject def;
  final Map<String, NodeInstance> active = new LinkedHashMap<>();
  private final Map<String, Map<String, Object>> groupEnv = new HashMap<>();
  private List<NodeInstance> catchNodes = List.of();
  private List<NodeInstance> statusNodes = List.of();
  private Map<String, List<NodeInstance>> completeNodes = Map.of();
  private ContextScope context;
  Map<String, Object> env = Map.of();

  Flow(Engine engine, String id, String path, Flow parent, FlowModel.Container container, JsonObject def) {
    this.engine = engine;
    this.id = id;
    this.path = path;
    this.parent = parent;
    this.container = container;
    this.def = def;
  }

  static Flow global(Engine engine, FlowModel model) {
    Flow f = new Flow(engine, FlowModel.GLOBAL, FlowModel.GLOBAL, null, model.global(), null);
    Map<String, Object> env = new LinkedHashMap<>();
    for (JsonObject config : model.global().configs().values()) {
      if (NodeRegistry.GLOBAL_CONFIG.equals(config.getString("type"))) {
        env.putAll(FlowEnv.evaluate(config.getValue("env"), System::getenv, f::envError));
      }
    }
    f.env = env;
    return f;
  }

  static Flow tab(Engine engine, Flow global, FlowModel.Container tab) {
    Flow f = new Flow(engine, tab.id(), tab.id(), global, tab, tab.def());
    f.env = FlowEnv.evaluate(tab.def() == null ? null : tab.def().getValue("env"), k -> global.setting(k, null), f::envError);
    return f;
  }

  /** A kept flow takes the new configuration of its tab (nodes not restarted keep running). */
  void update(FlowModel.Container newContainer) {
    this.container = newContainer;
    groupEnv.clear();
  }

  void envError(String text) {
    engine.log(new NodeLog(NodeLog.ERROR, id, "flow", "", id, path, text));
  }

  ContextScope context() {
    if (context == null) {
      context = engine.contexts.flow(id, null);
    }
    return context;
  }

  boolean inSubflow() {
    return false;
  }

  // ---- environment ----

  /** Node-RED's {@code getSetting} from a node in {@code groupId} (may be null) upwards. */
  Object setting(String key, String groupId) {
    String gid = groupId;
    while (gid != null) {
      JsonObject group = container.groups.get(gid);
      if (group == null) break;
      if (key.equals("NR_GROUP_NAME")) return group.getString("name");
      if (key.equals("NR_GROUP_ID")) return gid;
      if (key.startsWith("$parent.")) {
        key = key.substring(8);
      } else {
        Map<String, Object> genv = groupEnv.computeIfAbsent(gid, g -> FlowEnv.evaluate(group.getValue("env"), k -> null, this::envError));
        if (genv.containsKey(key)) return genv.get(key);
      }
      gid = group.getString("g");
    }
    return flowSetting(key);
  }

  Object flowSetting(String key) {
    if (def != null && key.equals("NR_FLOW_NAME")) return def.getString("label");
    if (def != null && key.equals("NR_FLOW_ID")) return id;
    if (key.startsWith("$parent.")) {
      key = key.substring(8);
    } else if (env.containsKey(key)) {
      return Message.deepCopy(env.get(key));
    }
    return parent != null ? parent.setting(key, null) : System.getenv(key);
  }

  // ---- creating and running nodes ----

  /**
   * Creates (not starts) the node for {@code config}.
   *
   * @throws NodeConfigException naming the node when its type rejects the configuration
   */
  NodeInstance createNode(JsonObject config, List<List<String>> wires, FlowModel model) {
    String nodeId = config.getString("id");
    String type = config.getString("type");
    String group = config.getString("g");
    JsonObject conf = FlowEnv.substitute(config, k -> switch (k) {
      case "NR_NODE_ID" -> nodeId;
      case "NR_NODE_NAME" -> config.getString("name");
      default -> setting(k, group);
    });
    JsonObject creds = engine.credentials.get(nodeId);
    if (creds == null && config.getString("_alias") != null) creds = engine.credentials.get(config.getString("_alias"));
    if (creds != null) conf.put("credentials", creds.copy());
    NodeInstance inst = new NodeInstance(engine, this, conf, wires);
    if (type.startsWith("subflow:")) {
      FlowModel.Container sf = model.subflows().get(type.substring(8));
      if (sf == null) throw new NodeConfigException(nodeId, type, "type", "names a subflow that does not exist");
      inst.node = new SubflowInstance(this, sf, conf, inst, model);
      return inst;
    }
    NodeType nodeType = engine.registry.get(type);
    if (nodeType == null) {
      throw new NodeConfigException(nodeId, type, "type", "is not a node type this runtime has");
    }
    try {
      inst.node = nodeType.create(new NodeConfig(conf), inst);
    } catch (NodeConfigException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new NodeConfigException(nodeId, type, "", NodeInstance.messageOf(e));
    }
    if (inst.node == null) {
      throw new NodeConfigException(nodeId, type, "", "its type created no node");
    }
    return inst;
  }

  /** Registers the created nodes as running and starts them (config nodes first, in order). */
  Future<Void> start(List<NodeInstance> created) {
    for (NodeInstance n : created) {
      active.put(n.id, n);
      engine.index.put(n.id, n);
    }
    engine.topology++;
    reindex();
    Future<Void> chain = Future.succeededFuture();
    List<NodeInstance> regular = new ArrayList<>();
    for (NodeInstance n : created) {
      if (container.configs.containsKey(n.id) || engine.registry.isConfigNode(n.type)) {
        chain = chain.compose(v -> startOne(n));
      } else {
        regular.add(n);
      }
    }
    return chain.compose(v -> {
      List<Future<Void>> all = new ArrayList<>();
      for (NodeInstance n : regular) {
        all.add(startOne(n));
      }
      return Future.join(all).mapEmpty();
    });
  }

  private Future<Void> startOne(NodeInstance n) {
    return n.start()
      .timeout(engine.options.getNodeCloseTimeoutMs(), java.util.concurrent.TimeUnit.MILLISECONDS)
      .recover(err -> {
        n.log(NodeLog.ERROR, "failed to start: " + NodeInstance.messageOf(err));
        return Future.succeededFuture();
      });
  }

  /** Stops the listed running nodes (regular ones first, then config nodes). */
  Future<Void> stop(Collection<String> ids, Set<String> removed) {
    List<NodeInstance> regular = new ArrayList<>();
    List<NodeInstance> configs = new ArrayList<>();
    for (String nodeId : ids) {
      NodeInstance n = active.remove(nodeId);
      if (n == null) continue;
      engine.index.remove(nodeId);
      (engine.registry.isConfigNode(n.type) ? configs : regular).add(n);
    }
    engine.topology++;
    reindex();
    return closeAll(regular, removed).compose(v -> closeAll(configs, removed));
  }

  Future<Void> stopAll(Set<String> removed) {
    return stop(new ArrayList<>(active.keySet()), removed);
  }

  private Future<Void> closeAll(List<NodeInstance> nodes, Set<String> removed) {
    List<Future<Void>> all = new ArrayList<>();
    for (NodeInstance n : nodes) {
      boolean gone = removed.contains(n.id);
      all.add(n.close(gone, engine.options.getNodeCloseTimeoutMs()));
      if (gone) {
        engine.comms.forget("status/" + n.id);
      }
    }
    return Future.join(all).mapEmpty();
  }

  /** Rebuilds the catch, status and complete indexes from the running nodes. */
  void reindex() {
    List<NodeInstance> catches = new ArrayList<>();
    List<NodeInstance> statuses = new ArrayList<>();
    Map<String, List<NodeInstance>> completes = new HashMap<>();
    for (NodeInstance n : active.values()) {
      switch (n.type) {
        case "catch" -> catches.add(n);
        case "status" -> statuses.add(n);
        case "complete" -> {
          for (String target : scopeList(n, true)) {
            completes.computeIfAbsent(target, k -> new ArrayList<>()).add(n);
          }
        }
        default -> { }
      }
    }
    catches.sort(Comparator.comparingInt(c -> c.config.getValue("scope") != null ? 0 : truthy(c.config.getValue("uncaught")) ? 2 : 1));
    catchNodes = catches;
    statusNodes = statuses;
    completeNodes = completes;
  }

  private static List<String> scopeList(NodeInstance n, boolean skipWired) {
    Object scope = n.config.getValue("scope");
    if (!(scope instanceof JsonArray arr)) return null;
    List<String> out = new ArrayList<>();
    for (Object o : arr) {
      if (o == null) continue;
      String target = o.toString();
      boolean wired = skipWired && n.wires().stream().anyMatch(port -> port.contains(target));
      if (!wired) out.add(target);
    }
    return out;
  }

  private static boolean truthy(Object v) {
    return v != null && !Boolean.FALSE.equals(v) && !"".equals(v) && !"false".equals(v);
  }

  // ---- errors, status, completion ----

  /**
   * Distance from the reporting node's group to the target's group, or -1 when the target
   * (a catch or status node) does not see the reporting node.
   */
  private int reach(NodeInstance target, NodeInstance reporting, boolean skipWired) {
    Object scope = target.config.getValue("scope");
    boolean groupScope = "group".equals(scope);
    if (target.group != null && groupScope && reporting.group == null) return -1;
    if (scope instanceof JsonArray) {
      if (!scopeList(target, skipWired).contains(reporting.id)) return -1;
    }
    int distance = 0;
    if (reporting.group != null) {
      String g = reporting.group;
      while (g != null && !g.equals(target.group)) {
        distance++;
        JsonObject group = container.groups.get(g);
        g = group == null ? null : group.getString("g");
      }
      if (g == null && target.group != null && groupScope) return -1;
    }
    return distance;
  }

  private List<NodeInstance> candidates(List<NodeInstance> targets, NodeInstance reporting, boolean skipWired) {
    List<Map.Entry<Integer, NodeInstance>> found = new ArrayList<>();
    for (NodeInstance t : targets) {
      int d = reach(t, reporting, skipWired);
      if (d >= 0) found.add(Map.entry(d, t));
    }
    found.sort(Map.Entry.comparingByKey());
    List<NodeInstance> out = new ArrayList<>(found.size());
    found.forEach(e -> out.add(e.getValue()));
    return out;
  }

  /** @return true when a catch node took the error */
  boolean handleError(NodeInstance node, String text, Message msg, NodeInstance reporting) {
    int count = 1;
    if (msg != null && msg.get("error") instanceof Map<?, ?> err && err.get("source") instanceof Map<?, ?> source
      && node.id.equals(source.get("id"))) {
      Object c = source.get("count");
      count = (c instanceof Number n ? n.intValue() : 0) + 1;
      if (count == 10) {
        node.log(NodeLog.WARN, "Message exceeded maximum number of catches");
        return false;
      }
    }
    boolean handled = false;
    boolean handledByUncaught = false;
    for (NodeInstance c : candidates(catchNodes, reporting, false)) {
      if (truthy(c.config.getValue("uncaught")) && !handledByUncaught) {
        if (handled) continue;
        handledByUncaught = true;
      }
      Message errorMessage = msg != null ? msg.copy() : new Message();
      if (errorMessage.has("error")) {
        errorMessage.set("_error", errorMessage.get("error"));
      }
      Map<String, Object> source = source(node);
      source.put("count", count);
      Map<String, Object> error = new LinkedHashMap<>();
      error.put("message", text);
      error.put("source", source);
      errorMessage.set("error", error);
      engine.delivery.deliver(c, errorMessage);
      handled = true;
    }
    return handled;
  }

  /** @return true when a status node took the status */
  boolean handleStatus(NodeInstance node, NodeStatus status, NodeInstance reporting, boolean mute) {
    if (!mute) {
      publishStatus(node.id, status);
    }
    boolean handled = false;
    for (NodeInstance s : candidates(statusNodes, reporting, true)) {
      Map<String, Object> st = new LinkedHashMap<>(status.toMap());
      st.put("source", source(node));
      engine.delivery.deliver(s, new Message().set("status", st));
      handled = true;
    }
    return handled;
  }

  void publishStatus(String nodeId, NodeStatus status) {
    String topic = "status/" + nodeId;
    if (blank(status.fill()) && blank(status.shape()) && blank(status.text())) {
      if (engine.comms.hasRetained(topic)) {
        engine.comms.publish(topic, Map.of(), false);
      }
    } else {
      engine.comms.publish(topic, status.toMap(), true);
    }
  }

  /** Node-RED's {@code {id, type, name}} of the node an error, status or completion came from. */
  private static Map<String, Object> source(NodeInstance node) {
    Map<String, Object> source = new LinkedHashMap<>();
    source.put("id", node.id);
    source.put("type", node.type);
    if (!node.name.isEmpty()) source.put("name", node.name);
    return source;
  }

  private static boolean blank(String s) {
    return s == null || s.isEmpty();
  }

  void handleComplete(NodeInstance node, Message msg) {
    List<NodeInstance> targets = completeNodes.get(node.id);
    if (targets == null) return;
    for (NodeInstance c : targets) {
      Message m = msg.copy();
      Map<String, Object> complete = new LinkedHashMap<>();
      complete.put("source", source(node));
      m.set("complete", complete);
      engine.delivery.deliver(c, m);
    }
  }
}
