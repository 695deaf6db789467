package io.conduit.broker;

/**
 * Counters for {@code $SYS/broker/...} and the inspector; written on the broker context only.
 */
final class BrokerStats {
  final long startedAt;
  long messagesReceived;
  long messagesSent;
  long bytesReceived;
  long bytesSent;
  /** Messages dropped: queue full, QoS 0 to a client whose socket buffer is full, too large for the receiver. */
  long dropped;
  long connectionsTotal;

  BrokerStats(long startedAt) {
    this.startedAt = startedAt;
  }
}
