package io.conduit.broker.persist;

import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@link BrokerStore} in memory. Nothing survives the process, but a broker restarted in the same
 * process with the same store gets its retained messages and persistent sessions back, queues and
 * in-flight messages included (tests use that to check the rebuild path the durable store takes).
 * Writes are immediate, so {@link #written()} is always complete.
 */
public final class MemoryBrokerStore implements BrokerStore {
  private final Map<String, StoredMessage> retained = new LinkedHashMap<>();
  private final Map<String, StoredSession> sessions = new LinkedHashMap<>();
  private final Map<Long, StoredMessage> messages = new HashMap<>();
  private final Map<String, Map<Long, StoredEntry>> entries = new HashMap<>();
  private final Map<String, TreeSet<Integer>> incomingQos2 = new HashMap<>();

  @Override
  public synchronized Future<StoredState> load() {
    List<StoredEntry> all = new ArrayList<>();
    entries.values().forEach(m -> all.addAll(m.values()));
    Map<String, List<Integer>> qos2 = new HashMap<>();
    incomingQos2.forEach((c, ids) -> qos2.put(c, List.copyOf(ids)));
    return Future.succeededFuture(new StoredState(new ArrayList<>(retained.values()), new ArrayList<>(sessions.values()),
      messages, all, qos2));
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
    entries.remove(clientId);
    incomingQos2.remove(clientId);
  }

  @Override
  public synchronized void putMessage(long id, StoredMessage message) {
    messages.put(id, message);
  }

  @Override
  public synchronized void removeMessage(long id) {
    messages.remove(id);
  }

  @Override
  public synchronized void putEntry(StoredEntry entry) {
    entries.computeIfAbsent(entry.clientId(), c -> new HashMap<>()).put(entry.seq(), entry);
  }

  @Override
  public synchronized void removeEntry(String clientId, long seq) {
    Map<Long, StoredEntry> m = entries.get(clientId);
    if (m != null && m.remove(seq) != null && m.isEmpty()) entries.remove(clientId);
  }

  @Override
  public synchronized void putIncomingQos2(String clientId, int packetId) {
    incomingQos2.computeIfAbsent(clientId, c -> new TreeSet<>()).add(packetId);
  }

  @Override
  public synchronized void removeIncomingQos2(String clientId, int packetId) {
    TreeSet<Integer> ids = incomingQos2.get(clientId);
    if (ids != null && ids.remove(packetId) && ids.isEmpty()) incomingQos2.remove(clientId);
  }

  /** Number of stored messages (tests check that acknowledged messages are removed). */
  public synchronized int messageCount() {
    return messages.size();
  }

  @Override
  public Future<Void> written() {
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }
}
