package io.conduit.broker.persist;

import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link BrokerStore} in memory: the default. Nothing survives the process, but a broker restarted
 * in the same process with the same store gets its retained messages and persistent sessions back
 * (tests use that to check the rebuild path that a file store will take).
 */
public final class MemoryBrokerStore implements BrokerStore {
  private final Map<String, StoredMessage> retained = new LinkedHashMap<>();
  private final Map<String, StoredSession> sessions = new LinkedHashMap<>();

  @Override
  public synchronized Future<StoredState> load() {
    return Future.succeededFuture(new StoredState(new ArrayList<>(retained.values()), new ArrayList<>(sessions.values())));
  }

  @Override
  public synchronized void putRetained(StoredMessage message) {
    retained.put(message.topic(), message);
  }

  @Override
  public synchronized void removeRetained(String topic) {
    retained.remove(topic);
  }

  @Override
  public synchronized void putSession(StoredSession session) {
    sessions.put(session.clientId(), session);
  }

  @Override
  public synchronized void removeSession(String clientId) {
    sessions.remove(clientId);
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }
}
