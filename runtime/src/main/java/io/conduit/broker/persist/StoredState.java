package io.conduit.broker.persist;

import java.util.List;

/** Everything a {@link BrokerStore} holds, as loaded at start. */
public record StoredState(List<StoredMessage> retained, List<StoredSession> sessions) {
  public static final StoredState EMPTY = new StoredState(List.of(), List.of());

  public StoredState {
    retained = List.copyOf(retained);
    sessions = List.copyOf(sessions);
  }
}
