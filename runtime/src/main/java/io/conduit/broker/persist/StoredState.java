package io.conduit.broker.persist;

import java.util.List;
import java.util.Map;

/**
 * Everything a {@link BrokerStore} holds, as loaded at start.
 *
 * @param messages     messages referenced by session entries, by id (each stored once, whatever the
 *                     number of sessions that hold it)
 * @param entries      the queued and in-flight entries of every persistent session, in no particular order
 * @param incomingQos2 incoming QoS 2 packet ids awaiting PUBREL, per client id
 */
public record StoredState(List<StoredMessage> retained, List<StoredSession> sessions, Map<Long, StoredMessage> messages,
                          List<StoredEntry> entries, Map<String, List<Integer>> incomingQos2) {
  public static final StoredState EMPTY = new StoredState(List.of(), List.of());

  public StoredState(List<StoredMessage> retained, List<StoredSession> sessions) {
    this(retained, sessions, Map.of(), List.of(), Map.of());
  }

  public StoredState {
    retained = List.copyOf(retained);
    sessions = List.copyOf(sessions);
    messages = Map.copyOf(messages);
    entries = List.copyOf(entries);
    incomingQos2 = Map.copyOf(incomingQos2);
  }

  /** The first message id not used by a stored message. */
  public long nextMessageId() {
    long max = 0;
    for (Long id : messages.keySet()) max = Math.max(max, id);
    return max + 1;
  }
}
