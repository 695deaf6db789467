package io.conduit.flow;

import io.conduit.spi.FlowNode;
import io.conduit.spi.NodeConfig;
import io.conduit.spi.NodeServices;
import io.conduit.spi.NodeType;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The node types this runtime can run, found with {@code ServiceLoader<NodeType>}, in discovery
 * order. Rules:
 * <ul>
 *   <li>A type name is registered once; two classes claiming the same name is a start-up error
 *       naming both.</li>
 *   <li>A type not registered here is a "missing type": a flow using it is saved but not started
 *       ({@link FlowModel#missingTypes()}).</li>
 *   <li>{@code global-config} (Node-RED's holder of global environment variables) is built in.</li>
 * </ul>
 */
public final class NodeRegistry {
  /** Node-RED's built-in config node that carries the global {@code env} list. */
  public static final String GLOBAL_CONFIG = "global-config";

  private final Map<String, NodeType> types;

  private NodeRegistry(Map<String, NodeType> types) {
    this.types = types;
  }

  /** The types registered in {@code META-INF/services/io.conduit.spi.NodeType} on the class path. */
  public static NodeRegistry fromClassPath(ClassLoader loader) {
    List<NodeType> found = new ArrayList<>();
    try {
      for (NodeType t : ServiceLoader.load(NodeType.class, loader)) {
        found.add(t);
      }
    } catch (ServiceConfigurationError e) {
      throw new IllegalStateException("cannot load node types: " + e.getMessage(), e);
    }
    return of(found);
  }

  public static NodeRegistry of(Collection<? extends NodeType> list) {
    Map<String, NodeType> map = new LinkedHashMap<>();
    map.put(GLOBAL_CONFIG, new GlobalConfigType());
    for (NodeType t : list) {
      add(map, t);
    }
    return new NodeRegistry(map);
  }

  /** A copy with more types (e.g. the test harness's {@code helper} sink). */
  public NodeRegistry plus(NodeType... more) {
    Map<String, NodeType> map = new LinkedHashMap<>(types);
    for (NodeType t : more) {
      add(map, t);
    }
    return new NodeRegistry(map);
  }

  private static void add(Map<String, NodeType> map, NodeType t) {
    String name = t.type();
    if (name == null || name.isBlank()) {
      throw new IllegalStateException("node type " + t.getClass().getName() + " has no type name");
    }
    NodeType previous = map.putIfAbsent(name, t);
    if (previous != null && previous.getClass() != t.getClass()) {
      throw new IllegalStateException("node type '" + name + "' is registered twice: by "
        + previous.getClass().getName() + " and " + t.getClass().getName());
    }
  }

  public NodeType get(String type) {
    return types.get(type);
  }

  public boolean has(String type) {
    return types.containsKey(type);
  }

  public boolean isConfigNode(String type) {
    NodeType t = types.get(type);
    return t != null && t.isConfigNode();
  }

  /** Every registered type, in discovery order. */
  public Collection<NodeType> all() {
    return Collections.unmodifiableCollection(types.values());
  }

  /** {@code global-config}: holds {@code env} for the whole runtime; does nothing when running. */
  private static final class GlobalConfigType implements NodeType {
    @Override
    public String type() {
      return GLOBAL_CONFIG;
    }

    @Override
    public String category() {
      return "config";
    }

    @Override
    public boolean isConfigNode() {
      return true;
    }

    @Override
    public FlowNode create(NodeConfig config, NodeServices services) {
      return new FlowNode() {
      };
    }

    @Override
    public String editorResource() {
      return null;
    }
  }
}
