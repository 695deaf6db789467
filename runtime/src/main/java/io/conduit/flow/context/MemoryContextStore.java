package io.conduit.flow.context;

import io.conduit.spi.PropertyPath;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Node-RED's {@code memory} context store: values live in maps per scope, stored as given (no
 * copy). Also the cache of {@link FileContextStore}.
 */
public final class MemoryContextStore implements ContextStore {
  private final Map<String, Map<String, Object>> data = new HashMap<>();

  @Override
  public Future<Void> open() {
    return Future.succeededFuture();
  }

  @Override
  public Object get(String scope, String key) {
    Map<String, Object> values = data.get(scope);
    if (values == null) {
      PropertyPath.parse(key); // still report an invalid key
      return null;
    }
    return PropertyPath.parse(key).get(values);
  }

  @Override
  public void set(String scope, String key, Object value) {
    PropertyPath path = PropertyPath.parse(key);
    if (value == null) {
      Map<String, Object> values = data.get(scope);
      if (values != null) {
        path.delete(values);
      }
      return;
    }
    path.set(data.computeIfAbsent(scope, k -> new LinkedHashMap<>()), value);
  }

  @Override
  public List<String> keys(String scope) {
    Map<String, Object> values = data.get(scope);
    return values == null ? List.of() : new ArrayList<>(values.keySet());
  }

  @Override
  public Future<Void> delete(String scope) {
    data.remove(scope);
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> clean(Set<String> activeIds) {
    data.keySet().removeIf(scope -> !isKept(scope, activeIds));
    return Future.succeededFuture();
  }

  static boolean isKept(String scope, Set<String> activeIds) {
    if (scope.equals("global")) return true;
    int colon = scope.indexOf(':');
    return activeIds.contains(colon < 0 ? scope : scope.substring(0, colon));
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }

  /** The scope's values (live map) or null; for {@link FileContextStore}'s flush. */
  Map<String, Object> scope(String scope) {
    return data.get(scope);
  }

  void load(String scope, Map<String, Object> values) {
    data.put(scope, values);
  }
}
