package io.conduit.flow;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What changed between two flow configurations: a pure port of Node-RED's
 * {@code flows/util.js diffConfigs}, so partial deploys restart what Node-RED restarts.
 * <ul>
 *   <li>{@code added}: new ids (and every node of a tab that went from disabled to enabled).</li>
 *   <li>{@code removed}: ids gone, nodes of removed or newly disabled tabs, nodes newly disabled ({@code d}).</li>
 *   <li>{@code changed}: a property other than {@code x}, {@code y}, {@code wires} differs (for a
 *       group also {@code nodes}, {@code style}, {@code w}, {@code h}), or credentials were given;
 *       nodes referring to a changed or removed node by id (config nodes, groups), repeatedly;
 *       every member of a changed group; every instance of a changed subflow, and the containers of
 *       all of these. A change inside a subflow marks the subflow, not the inner node.</li>
 *   <li>{@code rewired}: the {@code wires} differ.</li>
 *   <li>{@code linked}: nodes wired (before or after, either direction) to any of the above,
 *       transitively, that are not themselves in those sets.</li>
 *   <li>{@code flowChanged}: tabs whose {@code env} changed.</li>
 * </ul>
 */
public record FlowDiff(Set<String> added, Set<String> changed, Set<String> removed, Set<String> rewired,
                       Set<String> linked, Set<String> flowChanged, boolean globalConfigChanged) {

  /** The difference; {@code oldModel} null means everything is new (the first deploy). */
  public static FlowDiff between(FlowModel oldModel, FlowModel newModel) {
    return between(oldModel, newModel, Set.of());
  }

  /**
   * @param withCredentials ids of nodes the deployment gave credentials to (taken out of the
   *                        configuration before it was parsed); they count as changed
   */
  public static FlowDiff between(FlowModel oldModel, FlowModel newModel, Set<String> withCredentials) {
    if (oldModel == null) {
      oldModel = FlowModel.empty();
    }
    Map<String, JsonObject> oldAll = oldModel.allNodes();
    Map<String, JsonObject> newAll = newModel.allNodes();
    Map<String, JsonObject> added = new LinkedHashMap<>();
    Map<String, JsonObject> removed = new LinkedHashMap<>();
    Map<String, JsonObject> changed = new LinkedHashMap<>();
    Map<String, JsonObject> changedSubflows = new LinkedHashMap<>();
    Map<String, JsonObject> rewired = new LinkedHashMap<>();
    Set<String> flowChanged = new LinkedHashSet<>();
    Map<String, List<String>> linkMap = new LinkedHashMap<>();
    List<JsonObject> nestedGroups = new ArrayList<>();
    boolean globalConfigChanged = false;
    JsonObject none = new JsonObject();

    for (String id : oldModel.tabs().keySet()) {
      if (!newModel.tabs().containsKey(id)) {
        removed.put(id, orNone(oldAll.get(id), none));
      }
    }
    for (String id : oldModel.tabs().keySet()) {
      FlowModel.Container newTab = newModel.tabs().get(id);
      if (newTab != null) {
        boolean was = oldModel.tabs().get(id).disabled();
        if (was != newTab.disabled()) {
          (was ? added : removed).put(id, orNone(oldAll.get(id), none));
        }
      }
    }

    for (JsonObject node : oldAll.values()) {
      String id = node.getString("id");
      String z = node.getString("z");
      if (!"tab".equals(node.getString("type"))) {
        for (List<String> port : FlowModel.wiresOf(node)) {
          for (String target : port) {
            linkMap.computeIfAbsent(id, k -> new ArrayList<>()).add(target);
            if (oldAll.containsKey(target)) {
              linkMap.computeIfAbsent(target, k -> new ArrayList<>()).add(id);
            }
          }
        }
        JsonObject newNode = newAll.get(id);
        if (removed.containsKey(z) || newNode == null) {
          removed.put(id, node);
          if (!removed.containsKey(z) && z != null && newAll.containsKey(z)) {
            markContainer(changed, changedSubflows, newAll.get(z));
          }
        } else if (added.containsKey(z)) {
          added.put(id, node);
        } else {
          if (!truthy(node.getValue("d")) && truthy(newNode.getValue("d"))) {
            removed.put(id, node);
          }
          if (diffNodes(node, newNode) || newNode.containsKey("credentials") || withCredentials.contains(id)) {
            changed.put(id, newNode);
            if ("subflow".equals(newNode.getString("type"))) {
              changedSubflows.put(id, newNode);
            }
            JsonObject container = z == null ? null : newAll.get(z);
            if (container != null) {
              markContainer(changed, changedSubflows, container);
              if ("subflow".equals(container.getString("type"))) {
                changed.remove(id);
              }
            }
            if (NodeRegistry.GLOBAL_CONFIG.equals(newNode.getString("type"))) {
              globalConfigChanged = true;
            }
          }
          if (!deepEquals(node.getValue("wires"), newNode.getValue("wires"))) {
            rewired.put(id, newNode);
            JsonObject container = z == null ? null : newAll.get(z);
            if (container != null) {
              markContainer(changed, changedSubflows, container);
              if ("subflow".equals(container.getString("type"))) {
                rewired.remove(id);
              }
            }
          }
        }
      } else if (!removed.containsKey(id)) {
        JsonObject newTab = newAll.get(id);
        if (newTab != null && !Objects.equals(FlowJson.compact(node.getValue("env")), FlowJson.compact(newTab.getValue("env")))) {
          flowChanged.add(id);
        }
      }
    }

    for (JsonObject node : newAll.values()) {
      String id = node.getString("id");
      if ("group".equals(node.getString("type"))) {
        if (node.getValue("g") != null) {
          nestedGroups.add(node);
        }
        if (changed.containsKey(id)) {
          for (String member : members(node)) {
            changed.putIfAbsent(member, orNone(newAll.get(member), none));
          }
        }
      }
      for (List<String> port : FlowModel.wiresOf(node)) {
        for (String target : port) {
          List<String> mine = linkMap.computeIfAbsent(id, k -> new ArrayList<>());
          if (!mine.contains(target)) mine.add(target);
          if (newAll.containsKey(target)) {
            List<String> theirs = linkMap.computeIfAbsent(target, k -> new ArrayList<>());
            if (!theirs.contains(id)) theirs.add(id);
          }
        }
      }
      if (!oldAll.containsKey(id)) {
        added.put(id, node);
        String z = node.getString("z");
        JsonObject container = z == null ? null : newAll.get(z);
        if (container != null) {
          markContainer(changed, changedSubflows, container);
          if ("subflow".equals(container.getString("type"))) {
            added.remove(id);
          }
        }
      }
    }

    // Nodes referring to a changed or removed node (config nodes, groups) change too, repeatedly.
    boolean madeChange;
    do {
      madeChange = false;
      for (JsonObject node : newAll.values()) {
        String id = node.getString("id");
        for (Map.Entry<String, Object> prop : node) {
          String key = prop.getKey();
          if (key.equals("z") || key.equals("id") || key.equals("wires")) continue;
          String ref = jsKey(prop.getValue());
          JsonObject origin = changed.get(ref);
          if ((origin != null || removed.containsKey(ref)) && !changed.containsKey(id)) {
            if (origin != null && key.equals("g") && "group".equals(origin.getString("type"))) {
              JsonObject oldNode = oldAll.get(id);
              if (oldNode != null && Objects.equals(node.getValue("g"), oldNode.getValue("g"))) {
                continue;
              }
            }
            madeChange = true;
            changed.put(id, node);
            String z = node.getString("z");
            if (z != null && newAll.containsKey(z)) {
              markContainer(changed, changedSubflows, newAll.get(z));
            }
          }
        }
      }
    } while (madeChange);

    // Inside a subflow template only the subflow itself is "changed".
    for (JsonObject node : newAll.values()) {
      String z = node.getString("z");
      JsonObject container = z == null ? null : newAll.get(z);
      if (container != null && "subflow".equals(container.getString("type"))) {
        changed.remove(node.getString("id"));
      }
    }

    do {
      madeChange = false;
      for (JsonObject group : nestedGroups) {
        String gid = group.getString("id");
        String parent = group.getString("g");
        if (!changed.containsKey(gid) && parent != null && changed.containsKey(parent)) {
          changed.put(gid, group);
          madeChange = true;
        }
        if (changed.containsKey(gid)) {
          for (String member : members(group)) {
            if (!changed.containsKey(member)) {
              changed.put(member, orNone(newAll.get(member), none));
              madeChange = true;
            }
          }
        }
      }
    } while (madeChange);

    Deque<String> subflowStack = new ArrayDeque<>(changedSubflows.keySet());
    while (!subflowStack.isEmpty()) {
      String subflowId = subflowStack.pop();
      for (JsonObject node : newAll.values()) {
        String id = node.getString("id");
        if (("subflow:" + subflowId).equals(node.getString("type")) && !changed.containsKey(id)) {
          changed.put(id, node);
          String z = node.getString("z");
          if (z != null && !changed.containsKey(z) && newAll.containsKey(z)) {
            JsonObject container = newAll.get(z);
            changed.put(z, container);
            if ("subflow".equals(container.getString("type"))) {
              subflowStack.push(z);
              changed.remove(id);
            }
          }
        }
      }
    }

    Set<String> linked = new LinkedHashSet<>();
    List<String> modified = new ArrayList<>();
    modified.addAll(added.keySet());
    modified.addAll(changed.keySet());
    modified.addAll(removed.keySet());
    modified.addAll(rewired.keySet());
    Set<String> visited = new HashSet<>();
    while (!modified.isEmpty()) {
      String id = modified.remove(modified.size() - 1);
      if (visited.add(id) && linkMap.containsKey(id)) {
        if (!changed.containsKey(id) && !added.containsKey(id) && !removed.containsKey(id) && !rewired.containsKey(id)) {
          linked.add(id);
        }
        modified.addAll(linkMap.get(id));
      }
    }
    return new FlowDiff(Set.copyOf(added.keySet()).isEmpty() ? Set.of() : new LinkedHashSet<>(added.keySet()),
      new LinkedHashSet<>(changed.keySet()), new LinkedHashSet<>(removed.keySet()), new LinkedHashSet<>(rewired.keySet()),
      linked, flowChanged, globalConfigChanged);
  }

  private static void markContainer(Map<String, JsonObject> changed, Map<String, JsonObject> changedSubflows, JsonObject container) {
    String cid = container.getString("id");
    changed.put(cid, container);
    if ("subflow".equals(container.getString("type"))) {
      changedSubflows.put(cid, container);
    }
  }

  private static JsonObject orNone(JsonObject node, JsonObject none) {
    return node == null ? none : node;
  }

  private static List<String> members(JsonObject group) {
    Object nodes = group.getValue("nodes");
    List<String> out = new ArrayList<>();
    if (nodes instanceof JsonArray arr) {
      for (Object o : arr) {
        if (o != null) out.add(o.toString());
      }
    }
    return out;
  }

  /** Node-RED's {@code diffNodes}: true when a property other than position and wiring differs. */
  public static boolean diffNodes(JsonObject oldNode, JsonObject newNode) {
    if (oldNode == null) return true;
    boolean group = "group".equals(newNode.getString("type"));
    Set<String> oldKeys = materialKeys(oldNode, "group".equals(oldNode.getString("type")));
    Set<String> newKeys = materialKeys(newNode, group);
    if (oldKeys.size() != newKeys.size()) return true;
    for (String key : newKeys) {
      if (!deepEquals(oldNode.getValue(key), newNode.getValue(key))) return true;
    }
    return false;
  }

  private static Set<String> materialKeys(JsonObject node, boolean group) {
    Set<String> keys = new LinkedHashSet<>();
    for (String k : node.fieldNames()) {
      if (k.equals("x") || k.equals("y") || k.equals("wires")) continue;
      if (group && (k.equals("nodes") || k.equals("style") || k.equals("w") || k.equals("h"))) continue;
      keys.add(k);
    }
    return keys;
  }

  /** Node-RED's {@code compareObjects}: deep, numbers compared by value. */
  public static boolean deepEquals(Object a, Object b) {
    if (a instanceof JsonObject o) a = o.getMap();
    if (b instanceof JsonObject o) b = o.getMap();
    if (a instanceof JsonArray l) a = l.getList();
    if (b instanceof JsonArray l) b = l.getList();
    if (a == null || b == null) return a == b;
    if (a instanceof Number x && b instanceof Number y) {
      return x.doubleValue() == y.doubleValue();
    }
    if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
      if (x.size() != y.size()) return false;
      for (Map.Entry<?, ?> e : x.entrySet()) {
        if (!y.containsKey(e.getKey()) || !deepEquals(e.getValue(), y.get(e.getKey()))) return false;
      }
      return true;
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) return false;
      for (int i = 0; i < x.size(); i++) {
        if (!deepEquals(x.get(i), y.get(i))) return false;
      }
      return true;
    }
    return a.equals(b);
  }

  private static boolean truthy(Object v) {
    return v != null && !Boolean.FALSE.equals(v) && !"".equals(v)
      && !(v instanceof Number n && n.doubleValue() == 0);
  }

  /** How JavaScript turns a property value into an object key ({@code changed[node[prop]]}). */
  private static String jsKey(Object v) {
    if (v == null) return "null";
    if (v instanceof String s) return s;
    if (v instanceof Number n) return FlowJson.number(n);
    if (v instanceof Boolean b) return b.toString();
    if (v instanceof JsonArray arr) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < arr.size(); i++) {
        if (i > 0) sb.append(',');
        Object e = arr.getValue(i);
        if (e != null) sb.append(jsKey(e));
      }
      return sb.toString();
    }
    return "[object Object]";
  }
}
