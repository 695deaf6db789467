package io.conduit.flow;

import io.conduit.spi.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Set;

/**
 * The single-flow Admin API ({@code GET/POST/PUT/DELETE /flow/:id}) as pure edits of the flat
 * configuration: Node-RED's {@code flows/index.js} {@code getFlow}, {@code addFlow},
 * {@code updateFlow}, {@code removeFlow}. A flow object is {@code {id, label, disabled?, info?,
 * env?, nodes: [...], configs?: [...]}}; the {@code global} flow holds the config nodes shared by
 * all tabs and the subflow definitions ({@code {configs, subflows: [{..., nodes, configs}]}}).
 */
final class FlowEdits {
  private FlowEdits() {
  }

  static JsonObject get(FlowModel model, String id) {
    if (model == null) throw FlowApiException.notFound("flow " + id);
    JsonObject result = new JsonObject().put("id", id);
    if (id.equals(FlowModel.GLOBAL)) {
      JsonArray configs = new JsonArray();
      model.global().configs().values().forEach(c -> configs.add(c.copy()));
      if (!configs.isEmpty()) result.put("configs", configs);
      JsonArray subflows = new JsonArray();
      for (FlowModel.Container sf : model.subflows().values()) {
        JsonObject def = sf.def().copy();
        JsonArray nodes = new JsonArray();
        sf.nodes().values().forEach(n -> nodes.add(n.copy()));
        sf.groups().values().forEach(n -> nodes.add(n.copy()));
        def.put("nodes", nodes);
        JsonArray sfConfigs = new JsonArray();
        sf.configs().values().forEach(n -> sfConfigs.add(n.copy()));
        def.put("configs", sfConfigs);
        subflows.add(def);
      }
      if (!subflows.isEmpty()) result.put("subflows", subflows);
      return result;
    }
    FlowModel.Container tab = model.tabs().get(id);
    if (tab == null) throw FlowApiException.notFound("flow " + id);
    JsonObject def = tab.def();
    if (def != null) {
      for (String key : new String[] {"label", "disabled", "info", "env"}) {
        if (def.containsKey(key)) result.put(key, def.getValue(key));
      }
    }
    JsonArray nodes = new JsonArray();
    tab.groups().values().forEach(n -> nodes.add(n.copy()));
    tab.nodes().values().forEach(n -> nodes.add(n.copy()));
    result.put("nodes", nodes);
    if (!tab.configs().isEmpty()) {
      JsonArray configs = new JsonArray();
      tab.configs().values().forEach(n -> configs.add(n.copy()));
      result.put("configs", configs);
    }
    return result;
  }

  /** {@code POST /flow}: a new tab with a fresh id; returns the new configuration, id in {@code newId[0]}. */
  static JsonArray add(JsonArray current, JsonObject flow, String[] newId) {
    if (!(flow.getValue("nodes") instanceof JsonArray nodes)) {
      throw invalid("missing nodes property");
    }
    String id = Message.newId();
    newId[0] = id;
    JsonArray next = current.copy();
    next.add(tabOf(id, flow));
    Set<String> existing = ids(current);
    addNodes(next, nodes, id, existing);
    if (flow.getValue("configs") instanceof JsonArray configs) {
      addNodes(next, configs, id, existing);
    }
    return next;
  }

  private static void addNodes(JsonArray next, JsonArray nodes, String z, Set<String> existing) {
    for (Object o : nodes) {
      if (!(o instanceof JsonObject n)) throw invalid("a node is not an object");
      if (existing.contains(n.getString("id"))) throw invalid("duplicate id " + n.getString("id"));
      String type = n.getString("type");
      if ("tab".equals(type) || "subflow".equals(type)) throw invalid("invalid node type: " + type);
      next.add(n.copy().put("z", z));
    }
  }

  /** {@code PUT /flow/:id}: replaces a tab and its nodes (or, for {@code global}, the shared config nodes and subflows). */
  static JsonArray update(JsonArray current, Set<String> tabIds, String id, JsonObject flow) {
    JsonArray next = new JsonArray();
    if (id.equals(FlowModel.GLOBAL)) {
      for (Object o : current) {
        JsonObject n = (JsonObject) o;
        if ("tab".equals(n.getString("type")) || (n.getString("z") != null && tabIds.contains(n.getString("z")))) {
          next.add(n);
        }
      }
      if (flow.getValue("configs") instanceof JsonArray configs) {
        configs.forEach(next::add);
      }
      if (flow.getValue("subflows") instanceof JsonArray subflows) {
        for (Object o : subflows) {
          JsonObject sf = ((JsonObject) o).copy();
          Object nodes = sf.remove("nodes");
          Object configs = sf.remove("configs");
          if (nodes instanceof JsonArray a) a.forEach(next::add);
          if (configs instanceof JsonArray a) a.forEach(next::add);
          next.add(sf);
        }
      }
      return next.copy();
    }
    if (!tabIds.contains(id)) throw FlowApiException.notFound("flow " + id);
    for (Object o : current) {
      JsonObject n = (JsonObject) o;
      if (!id.equals(n.getString("z")) && !id.equals(n.getString("id"))) next.add(n);
    }
    JsonObject tab = tabOf(id, flow);
    if (flow.containsKey("credentials")) tab.put("credentials", flow.getValue("credentials"));
    next.add(tab);
    for (String list : new String[] {"nodes", "configs"}) {
      if (flow.getValue(list) instanceof JsonArray nodes) {
        for (Object o : nodes) {
          if (!(o instanceof JsonObject n)) throw invalid("a node is not an object");
          next.add(n.copy().put("z", id));
        }
      }
    }
    return next.copy();
  }

  /** {@code DELETE /flow/:id}. */
  static JsonArray remove(JsonArray current, Set<String> tabIds, String id) {
    if (id.equals(FlowModel.GLOBAL)) throw invalid("not allowed to remove global");
    if (!tabIds.contains(id)) throw FlowApiException.notFound("flow " + id);
    JsonArray next = new JsonArray();
    for (Object o : current) {
      JsonObject n = (JsonObject) o;
      if (!id.equals(n.getString("z")) && !id.equals(n.getString("id"))) next.add(n.copy());
    }
    return next;
  }

  private static JsonObject tabOf(String id, JsonObject flow) {
    JsonObject tab = new JsonObject().put("type", "tab").put("label", flow.getValue("label")).put("id", id);
    for (String key : new String[] {"info", "disabled", "env"}) {
      if (flow.containsKey(key)) tab.put(key, flow.getValue(key));
    }
    return tab;
  }

  private static Set<String> ids(JsonArray config) {
    Set<String> ids = new java.util.HashSet<>();
    for (Object o : config) {
      if (o instanceof JsonObject n && n.getValue("id") != null) ids.add(n.getValue("id").toString());
    }
    return ids;
  }

  static Set<String> tabIds(FlowModel model, JsonArray config) {
    if (model != null) return model.tabs().keySet();
    Set<String> ids = new java.util.LinkedHashSet<>();
    for (Object o : config) {
      if (o instanceof JsonObject n && "tab".equals(n.getString("type"))) ids.add(n.getString("id"));
    }
    return ids;
  }

  private static FlowApiException invalid(String message) {
    return new FlowApiException(400, "invalid_flow", message);
  }
}
