package io.conduit.broker;

import java.util.HashMap;

/**
 * Last Will and Testament (3.1.1 3.1.2.5, 5.0 3.1.2.5 and 3.1.3.2). Rules:
 * <ul>
 *   <li>the will is published when the connection ends for any reason other than a DISCONNECT
 *       0x00: socket loss, keep-alive expiry, protocol error, take-over, or a v5 DISCONNECT 0x04
 *       (decided by the caller, {@link ConnectHandler});</li>
 *   <li>with its QoS and retain flag, as if the client had published it (NoLocal applies);</li>
 *   <li>v5 Will Delay Interval: published after the delay, or when the session ends if that comes
 *       first; not at all if the client connects again before (5.0 3.1.3.2.2);</li>
 *   <li>its Message Expiry Interval counts from the moment it is published.</li>
 * </ul>
 */
final class WillPublisher {
  private record Pending(BrokerMessage will, long expirySeconds, Runnable cancelTimer) {
  }

  private final Broker broker;
  private final HashMap<String, Pending> pending = new HashMap<>();

  WillPublisher(Broker broker) {
    this.broker = broker;
  }

  /** The connection of {@code session} ended without a normal DISCONNECT. Takes over {@code will}. */
  void connectionLost(Session session, BrokerMessage will, long delaySeconds, long expirySeconds) {
    long delay = Math.min(delaySeconds, session.expiryInterval);
    if (delay <= 0) {
      publish(will, expirySeconds);
      return;
    }
    String clientId = session.clientId;
    cancel(clientId);
    Runnable cancelTimer = broker.scheduler.schedule(delay * 1000, () -> {
      Pending p = pending.remove(clientId);
      if (p != null) publish(p.will, p.expirySeconds);
    });
    pending.put(clientId, new Pending(will, expirySeconds, cancelTimer));
  }

  /** The client connected again in time: its delayed will is dropped. */
  void cancel(String clientId) {
    Pending p = pending.remove(clientId);
    if (p != null) {
      p.cancelTimer.run();
      p.will.release();
    }
  }

  /** The session ended: a delayed will goes out now. */
  void sessionEnded(String clientId) {
    Pending p = pending.remove(clientId);
    if (p != null) {
      p.cancelTimer.run();
      publish(p.will, p.expirySeconds);
    }
  }

  int pendingCount() {
    return pending.size();
  }

  private void publish(BrokerMessage will, long expirySeconds) {
    BrokerMessage m = will;
    if (expirySeconds >= 0) {
      m = new BrokerMessage(will.topic, will.payload, will.qos, will.retain, will.properties,
        broker.clock.millis() + expirySeconds * 1000, will.publisherId);
    }
    try {
      broker.publish(m);
    } finally {
      m.release();
    }
  }

  /** Drops every pending will (broker stops). */
  void clear() {
    pending.values().forEach(p -> {
      p.cancelTimer.run();
      p.will.release();
    });
    pending.clear();
  }
}
