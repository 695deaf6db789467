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
  /** Of {@link #dropped}: QoS 1/2 messages that did not fit a session's queue (max_queued_messages/bytes). */
  long queueFullDrops;
  /** Of {@link #dropped}: QoS 0 messages to a client whose socket buffer was full (slow consumer). */
  long congestedDrops;
  /** Of {@link #dropped}: messages larger than the receiver's Maximum Packet Size. */
  long tooLargeDrops;
  /** CONNECTs refused by max_connections (0x97) and by max_connection_rate (0x9F). */
  long refusedMaxConnections;
  long refusedConnectionRate;
  /** Connections closed for a packet above max_packet_size (0x95) or above our Receive Maximum (0x93). */
  long packetTooLarge;
  long receiveMaximumExceeded;
  /** QoS 1/2 acks that waited for the store's group commit. */
  long acksDelayed;
  /** Connections accepted in the second {@link #rateTick} (for max_connection_rate). */
  long rateTick = -1;
  int rateCount;

  BrokerStats(long startedAt) {
    this.startedAt = startedAt;
  }
}
