package io.conduit.flow;

import io.conduit.spi.ContextScope;
import io.conduit.spi.Done;
import io.conduit.spi.FlowNode;
import io.conduit.spi.Message;
import io.conduit.spi.NodeStatus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One {@code subflow:<id>} node running: Node-RED's {@code flows/Subflow.js}. It is both a flow
 * (the copied inner nodes) and the {@link FlowNode} of the instance node in the parent flow.
 * Rules:
 * <ul>
 *   <li>Every inner node (and group and config node) is copied with id {@code <instanceId>-<id>}
 *       and {@code _alias} = its template id; wires, {@code scope} lists, {@code links} and any
 *       property naming another inner node are rewritten to the new ids.</li>
 *   <li>A message into the instance goes to the nodes wired to the subflow input; subflow output
 *       {@code i} is the instance's output {@code i}: the inner nodes wired to it (or the input,
 *       when wired straight through) get the instance's {@code wires[i]} added.</li>
 *   <li>The optional status output drives the instance node's status: a string payload is the
 *       text, a status-shaped object is the status, {@code msg.status} otherwise.</li>
 *   <li>env: the template's {@code env}, overridden by the instance's; {@code NR_SUBFLOW_NAME},
 *       {@code NR_SUBFLOW_ID}, {@code NR_SUBFLOW_PATH} (and {@code NR_NODE_*}) name the instance;
 *       anything else is looked up from the instance's place in the parent flow.</li>
 *   <li>Errors and status not taken by the subflow's own catch/status nodes go to the parent
 *       flow, reported as coming from the instance node; the flow context's {@code $parent} is the
 *       parent flow's context.</li>
 * </ul>
 */
final class SubflowInstance extends Flow implements FlowNode {
  private final FlowModel.Container template;
  private final NodeInstance instanceNode;
  private final List<NodeInstance> created = new ArrayList<>();
  private final NodeInstance statusNode;
  private boolean started;

  SubflowInstance(Flow parent, FlowModel.Container template, JsonObject instance, NodeInstance instanceNode, FlowModel model) {
    super(parent.engine, instance.getString("id"),
      parent.path + "/" + (instance.getString("_alias") != null ? instance.getString("_alias") : instance.getString("id")),
      parent, new FlowModel.Container(instance.getString("id"), FlowModel.Container.Kind.SUBFLOW, template.def()), instance);
    this.template = template;
    this.instanceNode = instanceNode;
    String instId = id;
    JsonObject tdef = template.def();
    String group = instance.getString("g");

    Map<String, Object> envDefs = new LinkedHashMap<>();
    JsonArray merged = new JsonArray();
    for (JsonArray list : new JsonArray[] {tdef.getJsonArray("env"), instance.getJsonArray("env")}) {
      if (list == null) continue;
      for (Object o : list) {
        if (o instanceof JsonObject e && e.getString("name") != null) envDefs.put(e.getString("name"), e);
      }
    }
    envDefs.values().forEach(merged::add);
    this.env = FlowEnv.evaluate(merged, k -> parent.setting(k, group), this::envError);

    Map<String, String> idMap = new LinkedHashMap<>();
    template.groups().keySet().forEach(k -> idMap.put(k, instId + "-" + k));
    template.configs().keySet().forEach(k -> idMap.put(k, instId + "-" + k));
    template.nodes().keySet().forEach(k -> idMap.put(k, instId + "-" + k));
    Map<String, List<List<String>>> wires = new LinkedHashMap<>();
    copyInto(template.groups(), container.groups, instId, idMap, null, model);
    copyInto(template.configs(), container.configs, instId, idMap, wires, model);
    copyInto(template.nodes(), container.nodes, instId, idMap, wires, model);

    List<List<String>> instanceWires = new ArrayList<>();
    JsonArray in = tdef.getJsonArray("in");
    List<String> inputs = new ArrayList<>();
    if (in != null && !in.isEmpty()) {
      for (Object w : in.getJsonObject(0).getJsonArray("wires", new JsonArray())) {
        String target = idMap.get(((JsonObject) w).getString("id"));
        if (target != null) inputs.add(target);
      }
    }
    instanceWires.add(inputs);
    List<List<String>> outer = instanceNode.wires();
    JsonArray out = tdef.getJsonArray("out");
    for (int i = 0; out != null && i < out.size(); i++) {
      List<String> outerTargets = i < outer.size() ? outer.get(i) : List.of();
      for (Object w : out.getJsonObject(i).getJsonArray("wires", new JsonArray())) {
        JsonObject wire = (JsonObject) w;
        int port = wire.getInteger("port", 0);
        List<List<String>> target = tdef.getString("id").equals(wire.getString("id")) ? instanceWires : wires.get(idMap.get(wire.getString("id")));
        if (target == null) {
          envError("Unknown node referenced inside subflow: " + wire.getString("id"));
          continue;
        }
        while (target.size() <= port) target.add(new ArrayList<>());
        target.get(port).addAll(outerTargets);
      }
    }
    instanceNode.updateWires(instanceWires);

    JsonObject status = tdef.getJsonObject("status");
    if (status != null) {
      JsonObject statusConfig = new JsonObject().put("id", instId + ":status").put("type", "subflow-status").put("z", instId);
      statusNode = new NodeInstance(engine, parent, statusConfig, List.of());
      statusNode.node = new StatusOutput();
      for (Object w : status.getJsonArray("wires", new JsonArray())) {
        JsonObject wire = (JsonObject) w;
        int port = wire.getInteger("port", 0);
        List<List<String>> target = tdef.getString("id").equals(wire.getString("id")) ? instanceWires : wires.get(idMap.get(wire.getString("id")));
        if (target == null) continue;
        while (target.size() <= port) target.add(new ArrayList<>());
        target.get(port).add(statusNode.id);
      }
    } else {
      statusNode = null;
    }

    for (JsonObject config : Deployment.configOrder(container.configs)) {
      if (!Boolean.TRUE.equals(config.getValue("d"))) {
        created.add(createNode(config, wires.get(config.getString("id")), model));
      }
    }
    for (JsonObject node : container.nodes.values()) {
      if (!Boolean.TRUE.equals(node.getValue("d"))) {
        created.add(createNode(node, wires.get(node.getString("id")), model));
      }
    }
  }

  private static void copyInto(Map<String, JsonObject> from, Map<String, JsonObject> to, String instId,
                               Map<String, String> idMap, Map<String, List<List<String>>> wires, FlowModel model) {
    for (JsonObject def : from.values()) {
      String origId = def.getString("id");
      JsonObject copy = def.copy();
      String newId = idMap.get(origId);
      copy.put("_alias", origId).put("id", newId).put("z", instId);
      String type = copy.getString("type");
      boolean scoped = type.equals("catch") || type.equals("status") || type.equals("complete");
      for (String key : new ArrayList<>(copy.fieldNames())) {
        if (key.equals("id") || key.equals("z") || key.equals("_alias") || key.equals("wires")) continue;
        Object v = copy.getValue(key);
        if (v instanceof String s && idMap.containsKey(s)) {
          copy.put(key, idMap.get(s));
        } else if (v instanceof JsonArray arr && ((scoped && key.equals("scope")) || key.equals("links") || key.equals("nodes"))) {
          JsonArray mapped = new JsonArray();
          for (Object o : arr) {
            String s = o == null ? null : o.toString();
            mapped.add(s != null && idMap.containsKey(s) ? idMap.get(s) : (scoped && key.equals("scope") ? "" : o));
          }
          copy.put(key, mapped);
        }
      }
      if (wires != null) {
        List<List<String>> mapped = new ArrayList<>();
        for (List<String> port : model.wires(def)) {
          List<String> ids = new ArrayList<>();
          for (String t : port) {
            if (idMap.containsKey(t)) ids.add(idMap.get(t));
          }
          mapped.add(ids);
        }
        wires.put(newId, mapped);
      }
      to.put(newId, copy);
    }
  }

  @Override
  boolean inSubflow() {
    return true;
  }

  private ContextScope flowContext;

  @Override
  ContextScope context() {
    if (flowContext == null) {
      flowContext = engine.contexts.flow(id, parent.context());
    }
    return flowContext;
  }

  @Override
  Object flowSetting(String key) {
    switch (key) {
      case "NR_NODE_NAME", "NR_SUBFLOW_NAME" -> {
        return def.getString("name");
      }
      case "NR_NODE_ID", "NR_SUBFLOW_ID" -> {
        return id;
      }
      case "NR_NODE_PATH", "NR_SUBFLOW_PATH" -> {
        return instanceNode.path();
      }
      default -> { }
    }
    if (key.startsWith("$parent.")) {
      key = key.substring(8);
    } else if (env.containsKey(key)) {
      return Message.deepCopy(env.get(key));
    }
    return parent.setting(key, def.getString("g"));
  }

  @Override
  boolean handleError(NodeInstance node, String text, Message msg, NodeInstance reporting) {
    return super.handleError(node, text, msg, reporting) || parent.handleError(node, text, msg, instanceNode);
  }

  @Override
  boolean handleStatus(NodeInstance node, NodeStatus status, NodeInstance reporting, boolean mute) {
    boolean handled = super.handleStatus(node, status, reporting, mute);
    if (!handled && (statusNode == null || node == instanceNode)) {
      handled = parent.handleStatus(node, status, instanceNode, true);
    }
    return handled;
  }

  // ---- the instance node ----

  @Override
  public Future<Void> prepare() {
    List<Future<Void>> all = new ArrayList<>();
    for (NodeInstance n : created) {
      all.add(Deployment.prepare(n));
    }
    return Future.all(all).mapEmpty();
  }

  @Override
  public Future<Void> start() {
    started = true;
    if (statusNode != null) {
      engine.index.put(statusNode.id, statusNode);
    }
    return start(created);
  }

  @Override
  public void input(Message msg, Done done) {
    instanceNode.send(msg);
  }

  @Override
  public Future<Void> close(boolean removed) {
    if (statusNode != null) {
      engine.index.remove(statusNode.id);
    }
    if (!started) {
      List<Future<Void>> all = new ArrayList<>();
      for (NodeInstance n : created) {
        all.add(n.close(false, engine.options.getNodeCloseTimeoutMs()));
      }
      return Future.join(all).mapEmpty();
    }
    Set<String> ids = removed ? Set.copyOf(active.keySet()) : Set.of();
    for (String inner : active.keySet()) {
      engine.comms.forget("status/" + inner);
    }
    instanceNode.status(NodeStatus.CLEAR);
    return stopAll(ids);
  }

  /** The subflow's status output: sets the instance node's status. */
  private final class StatusOutput implements FlowNode {
    @Override
    public void input(Message msg, Done done) {
      Object payload = msg.payload();
      if (payload instanceof String s) {
        instanceNode.status(NodeStatus.of(null, null, s));
      } else if (payload instanceof Map<?, ?> m && (m.isEmpty() || m.containsKey("text") || m.containsKey("fill") || m.containsKey("shape"))) {
        instanceNode.status(statusOf(m));
      } else if (payload != null) {
        String text = FlowJson.compact(payload);
        instanceNode.status(NodeStatus.of(null, null, text.length() > 32 ? text.substring(0, 32) + "..." : text));
      } else if (msg.get("status") instanceof Map<?, ?> st) {
        instanceNode.status(statusOf(st));
      }
      done.done();
    }

    private NodeStatus statusOf(Map<?, ?> m) {
      Object text = m.get("text");
      return new NodeStatus(str(m.get("fill")), str(m.get("shape")), text == null ? null : text.toString());
    }

    private String str(Object o) {
      return o == null ? null : o.toString();
    }
  }
}
