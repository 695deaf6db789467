package io.conduit.flow.context;

import io.vertx.core.Future;

import java.util.List;
import java.util.Set;

/**
 * One context store (Node-RED's {@code contextStorage} module: {@code memory} or
 * {@code localfilesystem}). Values are kept per scope id: {@code global}, a flow id, or
 * {@code <nodeId>:<flowId>} for a node. Rules (Node-RED's):
 * <ul>
 *   <li>{@code key} is a property expression ({@code a.b[0]}); get of a missing key gives null;
 *       an invalid expression throws {@link IllegalArgumentException}.</li>
 *   <li>{@code set} with a null value deletes the key (JavaScript's {@code undefined}).</li>
 *   <li>{@link #keys} lists the top-level keys of a scope.</li>
 *   <li>{@link #clean} drops every scope whose node or flow id is not in the active set, except
 *       {@code global}.</li>
 *   <li>get/set/keys run on the engine context and never block; {@link #open}, {@link #close},
 *       {@link #delete} and {@link #clean} may do I/O off the event loop.</li>
 * </ul>
 */
public interface ContextStore {

  Future<Void> open();

  Object get(String scope, String key);

  void set(String scope, String key, Object value);

  List<String> keys(String scope);

  Future<Void> delete(String scope);

  Future<Void> clean(Set<String> activeIds);

  /** Flushes anything pending; the store is not used afterwards. */
  Future<Void> close();
}
