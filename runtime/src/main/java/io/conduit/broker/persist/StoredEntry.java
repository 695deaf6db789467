package io.conduit.broker.persist;

/**
 * One outgoing QoS 1/2 message of a persistent session: waiting in its queue ({@code packetId} 0),
 * sent and not acknowledged yet, or (QoS 2) acknowledged with PUBREC and waiting for PUBCOMP
 * ({@code released}; its message is not needed any more and {@code messageId} is 0). Entries of a
 * session are restored in {@code seq} order, which is the order they were created in.
 *
 * @param subscriptionIds the MQTT 5 subscription identifiers to send with it (empty for none)
 */
public record StoredEntry(String clientId, long seq, long messageId, int qos, boolean retain, int[] subscriptionIds,
                          int packetId, boolean released) {
  public StoredEntry {
    if (subscriptionIds == null) subscriptionIds = new int[0];
  }
}
