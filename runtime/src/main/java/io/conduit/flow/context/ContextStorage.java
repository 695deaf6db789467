package io.conduit.flow.context;

import io.conduit.spi.ContextScope;
import io.vertx.core.Future;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The configured context stores and the {@code context}/{@code flow}/{@code global} scopes built
 * on them: Node-RED's {@code nodes/context/index.js}. Rules:
 * <ul>
 *   <li>Setting {@code context_storage} is Node-RED's {@code contextStorage} object
 *       ({@code {"default":{"module":"memory"},"file":{"module":"localfilesystem","config":{"flushInterval":30}}}}),
 *       as JSON/YAML or a JSON string; the shorthands {@code memory} and {@code file} (memory by
 *       default plus a {@code file} store) are accepted too. Absent: one memory store.</li>
 *   <li>Store names match {@code [a-zA-Z0-9_]+}; {@code default} may name another store; without
 *       {@code default} the first store listed is the default.</li>
 *   <li>An unknown store name falls back to the default store, with one warning per name.</li>
 *   <li>Keys may carry a store prefix {@code #:(store)::key}; a flow context inside a subflow reaches
 *       its parent flow's context with {@code $parent.key}.</li>
 *   <li>Without a configured store, a node's context is deleted when the node closes (Node-RED).</li>
 * </ul>
 */
public final class ContextStorage {
  private static final Logger log = LoggerFactory.getLogger(ContextStorage.class);
  private static final Pattern STORE_NAME = Pattern.compile("[a-zA-Z0-9_]+");
  private static final Pattern STORE_PREFIX = Pattern.compile("^#:\\((\\S+?)\\)::(.*)$", Pattern.DOTALL);

  private final Map<String, ContextStore> stores;
  private final String defaultStore;
  private final boolean configured;
  private final Set<String> warnedUnknown = new HashSet<>();
  private final ScopedContext global;

  private ContextStorage(Map<String, ContextStore> stores, String defaultStore, boolean configured) {
    this.stores = stores;
    this.defaultStore = defaultStore;
    this.configured = configured;
    this.global = new ScopedContext("global", null);
  }

  /**
   * @param setting the {@code context_storage} setting (JsonObject, JSON text, shorthand or null)
   * @throws IllegalArgumentException naming the store and the problem
   */
  public static ContextStorage fromSetting(Object setting, Path dataDir, ContextInternal context) {
    JsonObject spec = spec(setting);
    if (spec == null || spec.isEmpty()) {
      Map<String, ContextStore> one = new LinkedHashMap<>();
      one.put("memory", new MemoryContextStore());
      return new ContextStorage(one, "memory", false);
    }
    Map<String, ContextStore> stores = new LinkedHashMap<>();
    String defaultName = null;
    String alias = null;
    for (String name : spec.fieldNames()) {
      if (!STORE_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("setting context_storage: invalid store name '" + name + "' (letters, digits, _)");
      }
      Object value = spec.getValue(name);
      if (name.equals("default") && value instanceof String s) {
        alias = s;
        continue;
      }
      if (!(value instanceof JsonObject def) || def.getString("module") == null) {
        throw new IllegalArgumentException("setting context_storage: store '" + name + "' needs a \"module\" (memory or localfilesystem)");
      }
      stores.put(name, create(name, def, dataDir, context));
      if (defaultName == null) defaultName = name;
    }
    if (alias != null) {
      if (!stores.containsKey(alias)) {
        throw new IllegalArgumentException("setting context_storage: default names store '" + alias + "', which is not defined");
      }
      defaultName = alias;
    } else if (stores.containsKey("default")) {
      defaultName = "default";
    }
    if (defaultName == null) {
      throw new IllegalArgumentException("setting context_storage: no store defined");
    }
    return new ContextStorage(stores, defaultName, true);
  }

  private static JsonObject spec(Object setting) {
    if (setting == null) return null;
    if (setting instanceof JsonObject o) return o;
    if (setting instanceof Map<?, ?> m) {
      @SuppressWarnings("unchecked")
      Map<String, Object> map = (Map<String, Object>) m;
      return new JsonObject(map);
    }
    String text = setting.toString().trim();
    switch (text) {
      case "", "memory" -> {
        return null;
      }
      case "file" -> {
        return new JsonObject().put("default", new JsonObject().put("module", "memory"))
          .put("file", new JsonObject().put("module", "localfilesystem"));
      }
      default -> {
        try {
          return new JsonObject(text);
        } catch (DecodeException e) {
          throw new IllegalArgumentException("setting context_storage: '" + text + "' is not memory, file or a JSON object");
        }
      }
    }
  }

  private static ContextStore create(String name, JsonObject def, Path dataDir, ContextInternal context) {
    String module = def.getString("module");
    JsonObject config = def.getJsonObject("config", new JsonObject());
    switch (module) {
      case "memory" -> {
        return new MemoryContextStore();
      }
      case "localfilesystem", "file" -> {
        if (Boolean.FALSE.equals(config.getValue("cache"))) {
          throw new IllegalArgumentException("setting context_storage: store '" + name
            + "': cache false is not supported (the file store always caches in memory)");
        }
        Path dir = config.getString("dir") == null ? dataDir : Path.of(config.getString("dir"));
        String base = config.getString("base", FileContextStore.DEFAULT_BASE);
        Object interval = config.getValue("flushInterval");
        long ms = FileContextStore.DEFAULT_FLUSH_INTERVAL_MS;
        if (interval != null) {
          try {
            ms = Math.round(Double.parseDouble(interval.toString()) * 1000);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting context_storage: store '" + name + "': flushInterval '" + interval + "' is not a number of seconds");
          }
          if (ms < 0) {
            throw new IllegalArgumentException("setting context_storage: store '" + name + "': flushInterval must be >= 0");
          }
        }
        return new FileContextStore(context, dir.resolve(base), ms);
      }
      default -> throw new IllegalArgumentException("setting context_storage: store '" + name
        + "': unknown module '" + module + "' (memory or localfilesystem)");
    }
  }

  public Future<Void> open() {
    List<Future<Void>> all = new ArrayList<>();
    stores.values().forEach(s -> all.add(s.open()));
    return Future.all(all).mapEmpty();
  }

  public Future<Void> close() {
    List<Future<Void>> all = new ArrayList<>();
    stores.values().forEach(s -> all.add(s.close()));
    return Future.join(all).mapEmpty();
  }

  /** For {@code GET /settings}: {@code {"default": name, "stores": [names]}}. */
  public JsonObject describe() {
    return new JsonObject().put("default", defaultStore).put("stores", new JsonArray(new ArrayList<>(stores.keySet())));
  }

  public boolean configured() {
    return configured;
  }

  public ContextStore store(String name) {
    if (name == null || name.equals(defaultStore)) return stores.get(defaultStore);
    ContextStore s = stores.get(name);
    if (s != null) return s;
    if (warnedUnknown.add(name)) {
      log.warn("Unknown context store '{}' specified. Using default store.", name);
    }
    return stores.get(defaultStore);
  }

  public ContextScope global() {
    return global;
  }

  /** A flow's context; {@code parent} is the enclosing flow's context for a subflow instance. */
  public ContextScope flow(String flowId, ContextScope parent) {
    return new ScopedContext(flowId, parent instanceof ScopedContext p ? p : null);
  }

  /** A node's context: scope {@code <nodeId>:<flowId>}. */
  public ContextScope node(String nodeId, String flowId) {
    return new ScopedContext(flowId == null ? nodeId : nodeId + ":" + flowId, null);
  }

  /** Deletes a node's context (called when the node closes, unless stores are configured). */
  public Future<Void> deleteNode(String nodeId, String flowId) {
    if (configured) return Future.succeededFuture();
    return store(null).delete(flowId == null ? nodeId : nodeId + ":" + flowId);
  }

  /** Drops the contexts of nodes and flows no longer deployed (never {@code global}). */
  public Future<Void> clean(Set<String> activeIds) {
    List<Future<Void>> all = new ArrayList<>();
    stores.values().forEach(s -> all.add(s.clean(activeIds)));
    return Future.join(all).mapEmpty();
  }

  /** One scope (global, a flow, a node) across all stores. */
  private final class ScopedContext implements ContextScope {
    private final String scope;
    private final ScopedContext parent;

    ScopedContext(String scope, ScopedContext parent) {
      this.scope = scope;
      this.parent = parent;
    }

    @Override
    public Object get(String key, String store) {
      String[] ks = split(key, store);
      if (ks[0].equals("$parent")) return null;
      if (ks[0].startsWith("$parent.")) {
        return parent == null ? null : parent.get(ks[0].substring(8), ks[1]);
      }
      return store(ks[1]).get(scope, ks[0]);
    }

    @Override
    public void set(String key, Object value, String store) {
      String[] ks = split(key, store);
      if (ks[0].equals("$parent")) return;
      if (ks[0].startsWith("$parent.")) {
        if (parent != null) parent.set(ks[0].substring(8), value, ks[1]);
        return;
      }
      store(ks[1]).set(scope, ks[0], value);
    }

    @Override
    public List<String> keys(String store) {
      return store(store).keys(scope);
    }

    private String[] split(String key, String store) {
      if (key == null || key.isEmpty()) {
        throw new IllegalArgumentException("Invalid context key");
      }
      var m = STORE_PREFIX.matcher(key);
      if (m.matches()) {
        return new String[] {m.group(2), store != null ? store : m.group(1)};
      }
      return new String[] {key, store};
    }
  }
}
