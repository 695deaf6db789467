package io.conduit.broker.persist;

/**
 * A message as stored: plain data, no buffers.
 *
 * @param properties the MQTT 5 properties passed on with the message, in wire encoding (empty for none)
 * @param expiresAt  clock millis after which it is dropped, {@link Long#MAX_VALUE} for never
 */
public record StoredMessage(String topic, byte[] payload, int qos, boolean retain, long expiresAt, byte[] properties) {
}
