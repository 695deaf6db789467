package io.conduit.broker;

import java.util.HashMap;

/**
 * v5 Session Expiry Interval (5.0 3.1.2.11.2, as Mosquitto's session_expiry.c): a session whose
 * client is gone ends after its interval, unless the client comes back first. 0 ends it with the
 * connection (handled by the caller); {@link Session#NEVER_EXPIRES} (and 3.1.1 persistent sessions)
 * never expire.
 */
final class SessionExpiry {
  private final Broker broker;
  private final HashMap<String, Runnable> timers = new HashMap<>();

  SessionExpiry(Broker broker) {
    this.broker = broker;
  }

  /** Starts the expiry timer of an offline session. */
  void schedule(Session s) {
    if (s.expiryInterval == Session.NEVER_EXPIRES) {
      cancel(s.clientId);
      return;
    }
    schedule(s, s.expiryInterval * 1000);
  }

  /** Starts the expiry timer with {@code delayMillis} left (a session restored from the store). */
  void schedule(Session s, long delayMillis) {
    cancel(s.clientId);
    Runnable cancelTimer = broker.scheduler.schedule(delayMillis, () -> {
      timers.remove(s.clientId);
      if (s.connection == null && broker.sessions.get(s.clientId) == s) broker.endSession(s);
    });
    timers.put(s.clientId, cancelTimer);
  }

  /** The client is back (or the session ended otherwise). */
  void cancel(String clientId) {
    Runnable t = timers.remove(clientId);
    if (t != null) t.run();
  }

  int pendingCount() {
    return timers.size();
  }

  void clear() {
    timers.values().forEach(Runnable::run);
    timers.clear();
  }
}
