package io.conduit.spi;

import java.util.List;

/**
 * One of Node-RED's three context scopes ({@code context}, {@code flow}, {@code global}) as a node
 * sees it. Keys may be property expressions ({@code "a.b[0]"}). {@code store} names a configured
 * store ({@code "memory"}, {@code "file"}); null means the default store. Values are stored as they
 * are given (no copy); callers copy when they need isolation, as Node-RED does.
 */
public interface ContextScope {
  Object get(String key, String store);

  void set(String key, Object value, String store);

  List<String> keys(String store);

  default Object get(String key) {
    return get(key, null);
  }

  default void set(String key, Object value) {
    set(key, value, null);
  }

  default List<String> keys() {
    return keys(null);
  }
}
