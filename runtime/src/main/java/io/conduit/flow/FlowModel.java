package io.conduit.flow;

import io.conduit.spi.NodeConfigException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Node-RED's flat flow array, parsed (Node-RED's {@code flows/util.js parseConfig}). Rules:
 * <ul>
 *   <li>The array is kept verbatim (a deep copy, never changed): unknown fields and unknown node
 *       types survive, so exporting gives back what was imported.</li>
 *   <li>{@code tab} and {@code subflow} entries are containers; every other entry belongs to the
 *       container named by its {@code z}. An entry without {@code z} belongs to the global
 *       container (config nodes shared by all tabs; Node-RED runs such nodes in its "global" flow).
 *       A {@code z} naming no tab or subflow makes an implicit tab of that id, as Node-RED does.</li>
 *   <li>An entry is a config node when its type says so ({@code NodeType.isConfigNode}); for a type
 *       this runtime does not know, Node-RED's rule applies: no {@code x}/{@code y} means config.</li>
 *   <li>{@code group} entries are kept per container; they never run.</li>
 *   <li>A {@code link out} is wired to the union of its own {@code links} and the {@code link in}
 *       nodes whose {@code links} name it.</li>
 *   <li>Types the registry does not know, and {@code subflow:<id>} with no such subflow, are the
 *       missing types, in order of first use.</li>
 * </ul>
 */
public final class FlowModel {
  public static final String GLOBAL = "global";

  /** Which node types are known and which are config nodes (the registry, or a stub in tests). */
  public interface Types {
    boolean has(String type);

    boolean isConfigNode(String type);

    static Types of(NodeRegistry registry) {
      return new Types() {
        public boolean has(String type) { return registry.has(type); }
        public boolean isConfigNode(String type) { return registry.isConfigNode(type); }
      };
    }

    static Types knowing(Predicate<String> known) {
      return new Types() {
        public boolean has(String type) { return known.test(type); }
        public boolean isConfigNode(String type) { return false; }
      };
    }
  }

  /** A tab, a subflow definition, or the global container. */
  public static final class Container {
    public enum Kind { TAB, SUBFLOW, GLOBAL }

    private final String id;
    private final Kind kind;
    private final JsonObject def;
    final Map<String, JsonObject> nodes = new LinkedHashMap<>();
    final Map<String, JsonObject> configs = new LinkedHashMap<>();
    final Map<String, JsonObject> groups = new LinkedHashMap<>();
    final List<JsonObject> instances = new ArrayList<>();

    Container(String id, Kind kind, JsonObject def) {
      this.id = id;
      this.kind = kind;
      this.def = def;
    }

    public String id() { return id; }
    public Kind kind() { return kind; }
    /** The tab or subflow entry itself; null for the global container and implicit tabs. */
    public JsonObject def() { return def; }
    public Map<String, JsonObject> nodes() { return Collections.unmodifiableMap(nodes); }
    public Map<String, JsonObject> configs() { return Collections.unmodifiableMap(configs); }
    public Map<String, JsonObject> groups() { return Collections.unmodifiableMap(groups); }
    /** For a subflow definition: the {@code subflow:<id>} instance nodes, anywhere. */
    public List<JsonObject> instances() { return Collections.unmodifiableList(instances); }

    public boolean disabled() {
      return def != null && Boolean.TRUE.equals(def.getValue("disabled"));
    }

    public String label() {
      if (def == null) return null;
      Object l = def.getValue(kind == Kind.SUBFLOW ? "name" : "label");
      return l == null ? null : l.toString();
    }
  }

  private final JsonArray config;
  private final Map<String, JsonObject> allNodes;
  private final Map<String, Container> tabs;
  private final Map<String, Container> subflows;
  private final Container global;
  private final List<String> missingTypes;
  private final Map<String, List<List<String>>> linkOutWires;

  private FlowModel(JsonArray config, Map<String, JsonObject> allNodes, Map<String, Container> tabs,
                    Map<String, Container> subflows, Container global, List<String> missingTypes,
                    Map<String, List<List<String>>> linkOutWires) {
    this.config = config;
    this.allNodes = allNodes;
    this.tabs = tabs;
    this.subflows = subflows;
    this.global = global;
    this.missingTypes = missingTypes;
    this.linkOutWires = linkOutWires;
  }

  public static FlowModel empty() {
    return parse(new JsonArray(), Types.knowing(t -> false));
  }

  /**
   * @throws InvalidFlowException    when the array or an entry is malformed (names the entry)
   * @throws NodeConfigException      when a node's {@code z} or {@code wires} is malformed
   */
  public static FlowModel parse(JsonArray input, Types types) {
    JsonArray config = input.copy();
    Map<String, JsonObject> all = new LinkedHashMap<>();
    Map<String, Integer> index = new LinkedHashMap<>();
    Map<String, Container> tabs = new LinkedHashMap<>();
    Map<String, Container> subflows = new LinkedHashMap<>();
    for (int i = 0; i < config.size(); i++) {
      Object entry = config.getValue(i);
      if (!(entry instanceof JsonObject n)) {
        throw new InvalidFlowException("flows[" + i + "] is not an object");
      }
      String id = text(n.getValue("id"));
      String type = text(n.getValue("type"));
      if (id == null || id.isEmpty()) {
        throw new InvalidFlowException("flows[" + i + "]" + (type == null ? "" : " (" + type + ")") + ": id is missing");
      }
      if (type == null || type.isEmpty()) {
        throw new InvalidFlowException("flows[" + i + "] (id " + id + "): type is missing");
      }
      Integer previous = index.putIfAbsent(id, i);
      if (previous != null) {
        throw new InvalidFlowException("flows[" + i + "] (" + type + "): duplicate node id '" + id + "' (also flows[" + previous + "])");
      }
      all.put(id, n);
      if (type.equals("tab")) {
        tabs.put(id, new Container(id, Container.Kind.TAB, n));
      } else if (type.equals("subflow")) {
        subflows.put(id, new Container(id, Container.Kind.SUBFLOW, n));
      }
    }
    Container global = new Container(GLOBAL, Container.Kind.GLOBAL, null);
    Set<String> missing = new LinkedHashSet<>();
    Map<String, Set<String>> linkTargets = new LinkedHashMap<>();
    for (JsonObject n : all.values()) {
      String type = n.getString("type");
      if (type.equals("tab") || type.equals("subflow")) continue;
      String id = n.getString("id");
      Object zv = n.getValue("z");
      if (zv != null && !(zv instanceof String)) {
        throw new NodeConfigException(id, type, "z", "is not a string");
      }
      String z = (String) zv;
      Container container;
      if (z == null || z.isEmpty()) {
        container = global;
      } else if (tabs.containsKey(z)) {
        container = tabs.get(z);
      } else if (subflows.containsKey(z)) {
        container = subflows.get(z);
      } else {
        container = tabs.computeIfAbsent(z, k -> new Container(k, Container.Kind.TAB, null));
      }
      if (type.equals("group")) {
        container.groups.put(id, n);
        continue;
      }
      checkWires(n, id, type);
      boolean subflowInstance = type.startsWith("subflow:");
      if (subflowInstance ? !subflows.containsKey(type.substring(8)) : !types.has(type)) {
        missing.add(type);
      }
      if (subflowInstance && subflows.containsKey(type.substring(8))) {
        subflows.get(type.substring(8)).instances.add(n);
      }
      boolean isConfig = !subflowInstance
        && (types.has(type) ? types.isConfigNode(type) : !(n.containsKey("x") && n.containsKey("y")));
      (isConfig ? container.configs : container.nodes).put(id, n);
      collectLinks(n, id, type, linkTargets);
    }
    Map<String, List<List<String>>> linkOutWires = new LinkedHashMap<>();
    linkTargets.forEach((out, targets) -> {
      JsonObject node = all.get(out);
      if (node != null && "link out".equals(node.getString("type"))) {
        linkOutWires.put(out, List.of(List.copyOf(targets)));
      }
    });
    return new FlowModel(config, Collections.unmodifiableMap(all), tabs, subflows, global,
      List.copyOf(missing), linkOutWires);
  }

  private static void collectLinks(JsonObject n, String id, String type, Map<String, Set<String>> linkTargets) {
    Object links = n.getValue("links");
    if (!(links instanceof JsonArray arr)) return;
    if (type.equals("link in")) {
      for (Object out : arr) {
        if (out != null) linkTargets.computeIfAbsent(out.toString(), k -> new LinkedHashSet<>()).add(id);
      }
    } else if (type.equals("link out")) {
      Set<String> targets = linkTargets.computeIfAbsent(id, k -> new LinkedHashSet<>());
      for (Object in : arr) {
        if (in != null) targets.add(in.toString());
      }
    }
  }

  private static void checkWires(JsonObject n, String id, String type) {
    Object w = n.getValue("wires");
    if (w == null) return;
    if (!(w instanceof JsonArray ports)) {
      throw new NodeConfigException(id, type, "wires", "is not an array");
    }
    for (int p = 0; p < ports.size(); p++) {
      Object port = ports.getValue(p);
      if (!(port instanceof JsonArray targets)) {
        throw new NodeConfigException(id, type, "wires[" + p + "]", "is not an array of node ids");
      }
      for (Object t : targets) {
        if (!(t instanceof String) && !(t instanceof Number)) {
          throw new NodeConfigException(id, type, "wires[" + p + "]", "holds '" + t + "', not a node id");
        }
      }
    }
  }

  private static String text(Object v) {
    return v == null ? null : v.toString();
  }

  /** The configuration as given (read-only by convention). */
  public JsonArray config() {
    return config;
  }

  public Map<String, JsonObject> allNodes() {
    return allNodes;
  }

  public JsonObject node(String id) {
    return allNodes.get(id);
  }

  /** Tabs in order, including implicit ones (a {@code z} with no tab entry). */
  public Map<String, Container> tabs() {
    return Collections.unmodifiableMap(tabs);
  }

  public Map<String, Container> subflows() {
    return Collections.unmodifiableMap(subflows);
  }

  public Container global() {
    return global;
  }

  public List<String> missingTypes() {
    return missingTypes;
  }

  /** The container a node entry belongs to (tab, subflow or global); null for tabs and subflows. */
  public Container containerOf(JsonObject node) {
    String z = node.getString("z");
    if (z == null || z.isEmpty()) return global;
    Container c = tabs.get(z);
    return c != null ? c : subflows.get(z);
  }

  /** The wires a node sends on: its {@code wires}, or for a {@code link out} the linked {@code link in} ids. */
  public List<List<String>> wires(JsonObject node) {
    List<List<String>> link = linkOutWires.get(node.getString("id"));
    if (link != null) return link;
    return wiresOf(node);
  }

  /** A node's own {@code wires} as lists of ids (numbers read as text); empty when absent. */
  public static List<List<String>> wiresOf(JsonObject node) {
    JsonArray w = node.getJsonArray("wires");
    if (w == null) return List.of();
    List<List<String>> out = new ArrayList<>(w.size());
    for (int p = 0; p < w.size(); p++) {
      JsonArray port = w.getJsonArray(p);
      List<String> ids = new ArrayList<>(port.size());
      for (Object t : port) {
        ids.add(t.toString());
      }
      out.add(ids);
    }
    return out;
  }
}
