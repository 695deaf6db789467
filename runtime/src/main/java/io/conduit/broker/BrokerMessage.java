package io.conduit.broker;

import io.conduit.spi.Topic;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttProperties;

/**
 * One application message inside the broker: what a PUBLISH carried, independent of any hop.
 * Created once per incoming PUBLISH (or will, or in-process publish) and shared, never copied, by
 * every subscriber it is routed to.
 * <p>
 * Payload ownership (the Netty reference-counting rules, as Mosquitto's db__msg_store_ref_inc/dec):
 * the creator owns one reference and releases it when routing is done; whoever keeps the message
 * beyond the routing call (an in-flight window, a queue, the retained store) calls {@link #hold()}
 * and later {@link #release()}. Long-lived holders keep a {@link #compact()} copy instead, so a
 * small payload never pins a large socket read buffer. Outgoing writes use a duplicate of the
 * payload (or of a packet encoded once, see {@link PublishEncoder}), released by the transport.
 * <p>
 * {@code properties} holds the MQTT 5 properties as published, without Topic Alias, Subscription
 * Identifier and Message Expiry Interval: those are per hop and are written by {@link PublishEncoder}.
 */
public final class BrokerMessage {
  /** {@link #expiresAt} of a message that never expires. */
  public static final long NEVER = Long.MAX_VALUE;

  final String topic;
  final ByteBuf payload;
  final int qos;
  final boolean retain;
  final MqttProperties properties;
  /** Clock millis after which the message is not delivered any more (5.0 3.3.2.3.3). */
  final long expiresAt;
  /** Client id of the publisher, for NoLocal; null for broker-originated messages. */
  final String publisherId;

  private String[] levels;
  private byte[] topicUtf8;
  private byte[] encodedProperties;
  private byte[] payloadBytes;
  /** Per-route cache of whole QoS 0 packets, slot (v5 ? 2 : 0) + (retain ? 1 : 0); see {@link PublishEncoder}. */
  ByteBuf[] sharedPackets;
  /** True during a {@link MessageRouter#route} pass, the only time {@link #sharedPackets} may be filled. */
  boolean routing;
  /** Its record in the durable store while persistent sessions hold it (shared by compact copies), or null. */
  SessionPersistence.StoredRef stored;

  BrokerMessage(String topic, ByteBuf payload, int qos, boolean retain, MqttProperties properties, long expiresAt, String publisherId) {
    this.topic = topic;
    this.payload = payload;
    this.qos = qos;
    this.retain = retain;
    this.properties = properties == null ? MqttProperties.NO_PROPERTIES : properties;
    this.expiresAt = expiresAt;
    this.publisherId = publisherId;
  }

  public String topic() {
    return topic;
  }

  public int qos() {
    return qos;
  }

  public boolean isRetain() {
    return retain;
  }

  public int payloadSize() {
    return payload.readableBytes();
  }

  String[] levels() {
    if (levels == null) levels = Topic.levels(topic);
    return levels;
  }

  byte[] topicUtf8() {
    if (topicUtf8 == null) topicUtf8 = topic.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return topicUtf8;
  }

  /** Takes the split and encoded forms of this message's topic, made earlier for the same topic. */
  void reuseTopicForms(String[] topicLevels, byte[] utf8) {
    this.levels = topicLevels;
    this.topicUtf8 = utf8;
  }

  /** The v5 properties encoded once (without per-hop ones); empty for none. */
  byte[] encodedProperties() {
    if (encodedProperties == null) encodedProperties = PublishEncoder.encodeProperties(properties);
    return encodedProperties;
  }

  /** A copy of the payload on the heap, made once and shared (for in-process subscribers). */
  byte[] payloadBytes() {
    if (payloadBytes == null) payloadBytes = ByteBufUtil.getBytes(payload, payload.readerIndex(), payload.readableBytes(), false);
    return payloadBytes;
  }

  boolean isExpired(long now) {
    return now >= expiresAt;
  }

  /** Seconds left until expiry (at least 0), for the Message Expiry Interval sent on. */
  long remainingSeconds(long now) {
    return Math.max(0, (expiresAt - now + 999) / 1000);
  }

  /** Takes one more reference to the payload (see the class comment). */
  BrokerMessage hold() {
    payload.retain();
    return this;
  }

  void release() {
    payload.release();
  }

  /**
   * A message with the same content whose payload is an exact-size heap copy, owned by the
   * caller; for holders that keep a message for long (retained store, offline queue).
   */
  BrokerMessage compact() {
    return withRetain(retain);
  }

  /** As {@link #compact()} with the retain flag set to {@code retainFlag}. */
  BrokerMessage withRetain(boolean retainFlag) {
    BrokerMessage copy = new BrokerMessage(topic, Unpooled.wrappedBuffer(payloadBytes()), qos, retainFlag, properties, expiresAt, publisherId);
    copy.levels = levels;
    copy.topicUtf8 = topicUtf8;
    copy.encodedProperties = encodedProperties;
    copy.payloadBytes = payloadBytes;
    copy.stored = stored;
    return copy;
  }

  /** Releases the packets cached for one routing pass. */
  void releaseSharedPackets() {
    ByteBuf[] cached = sharedPackets;
    if (cached == null) return;
    for (int i = 0; i < cached.length; i++) {
      if (cached[i] != null) {
        cached[i].release();
        cached[i] = null;
      }
    }
    sharedPackets = null;
  }

  @Override
  public String toString() {
    return "message on '" + topic + "' (" + payload.readableBytes() + " bytes, qos " + qos + (retain ? ", retained" : "") + ")";
  }
}
