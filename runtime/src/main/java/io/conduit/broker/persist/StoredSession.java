package io.conduit.broker.persist;

import java.util.List;

/**
 * A persistent session as stored.
 *
 * @param expiryInterval seconds it outlives its connection (4294967295: never)
 * @param disconnectedAt clock millis when its client went away, 0 while connected
 */
public record StoredSession(String clientId, long expiryInterval, long disconnectedAt, List<StoredSubscription> subscriptions) {
  public StoredSession {
    subscriptions = List.copyOf(subscriptions);
  }
}
