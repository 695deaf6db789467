package io.conduit.broker;

import java.util.Collection;
import java.util.HashMap;

/**
 * Sessions by client id (3.1.1 3.1.2.4, 5.0 4.1): create, resume, take over, remove. A client id
 * has at most one session and that session at most one connection; a second CONNECT with the
 * same id takes the session over (the first connection is closed by the caller).
 */
final class SessionStore {
  private final HashMap<String, Session> sessions = new HashMap<>();
  private int connected;

  Session get(String clientId) {
    return sessions.get(clientId);
  }

  void put(Session s) {
    sessions.put(s.clientId, s);
  }

  /** Removes {@code s} if it is still the session of its client id. */
  boolean remove(Session s) {
    return sessions.remove(s.clientId, s);
  }

  Collection<Session> all() {
    return sessions.values();
  }

  int size() {
    return sessions.size();
  }

  void attached() {
    connected++;
  }

  void detached() {
    connected--;
  }

  /** Number of sessions with a connection. */
  int connectedCount() {
    return connected;
  }
}
