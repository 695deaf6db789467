package io.conduit.broker;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.mqtt.MqttProperties;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Encodes outgoing PUBLISH packets (3.1.1 3.3, 5.0 3.3) without Netty's {@code MqttEncoder}, which
 * copies the payload into every packet. Rules of the delivery fast path:
 * <ul>
 *   <li>a QoS 0 packet that is the same for every subscriber (no subscription identifiers, no
 *       expiry) is encoded once per routing pass and protocol version, and each subscriber gets a
 *       {@code retainedDuplicate()} of it;</li>
 *   <li>otherwise a small header is encoded per delivery; payloads up to {@link #COPY_LIMIT} bytes are
 *       copied behind it (one buffer, one write), larger ones are written as a shared duplicate;</li>
 *   <li>a packet larger than the receiver's Maximum Packet Size is not written at all (5.0 3.1.2.11.4:
 *       the server discards it and behaves as if it had been sent).</li>
 * </ul>
 * Of the publisher's v5 properties, Payload Format Indicator, Content Type, Response Topic,
 * Correlation Data and User Properties are passed on unchanged; Message Expiry Interval is rewritten
 * to the time left, Subscription Identifiers are the receiver's own, Topic Alias is never sent.
 */
final class PublishEncoder {
  /** Payloads up to this size are copied into the packet buffer rather than written separately. */
  static final int COPY_LIMIT = 4096;

  private PublishEncoder() {
  }

  /** One encoded delivery: the packet head (maybe with the payload) and, if separate, the payload. */
  record Packet(ByteBuf head, ByteBuf payload) {
    void release() {
      head.release();
      if (payload != null) payload.release();
    }
  }

  /**
   * Encodes one PUBLISH. Returns null when the packet would be larger than {@code maxPacketSize};
   * otherwise the caller owns the returned buffers and writes them in order.
   */
  static Packet encode(ByteBufAllocator alloc, BrokerMessage m, boolean v5, int qos, boolean retain, boolean dup,
                       int packetId, int[] subIds, int subIdCount, long now, int maxPacketSize) {
    boolean shareable = m.routing && qos == 0 && !dup && subIdCount == 0 && m.expiresAt == BrokerMessage.NEVER;
    if (shareable) {
      ByteBuf[] cache = m.sharedPackets;
      if (cache == null) cache = m.sharedPackets = new ByteBuf[4];
      int slot = (v5 ? 2 : 0) + (retain ? 1 : 0);
      ByteBuf packet = cache[slot];
      int payloadSize = m.payload.readableBytes();
      boolean separatePayload = payloadSize > COPY_LIMIT;
      if (packet == null) {
        Packet p = encodeNew(alloc, m, v5, 0, retain, false, 0, null, 0, now, !separatePayload);
        if (p.payload != null) p.payload.release();
        packet = cache[slot] = p.head;
      }
      int total = packet.readableBytes() + (separatePayload ? payloadSize : 0);
      if (total > maxPacketSize) return null;
      return new Packet(packet.retainedDuplicate(), separatePayload ? m.payload.retainedDuplicate() : null);
    }
    int size = packetSize(m, v5, qos, subIds, subIdCount);
    if (size > maxPacketSize) return null;
    return encodeNew(alloc, m, v5, qos, retain, dup, packetId, subIds, subIdCount, now, m.payload.readableBytes() <= COPY_LIMIT);
  }

  /** Size in bytes of the whole PUBLISH for {@code m} as it would be encoded. */
  static int packetSize(BrokerMessage m, boolean v5, int qos, int[] subIds, int subIdCount) {
    int remaining = variableSize(m, v5, qos, subIds, subIdCount) + m.payload.readableBytes();
    return 1 + varIntSize(remaining) + remaining;
  }

  private static int propertiesSize(BrokerMessage m, int[] subIds, int subIdCount) {
    int n = m.encodedProperties().length;
    if (m.expiresAt != BrokerMessage.NEVER) n += 5;
    for (int i = 0; i < subIdCount; i++) n += 1 + varIntSize(subIds[i]);
    return n;
  }

  private static int variableSize(BrokerMessage m, boolean v5, int qos, int[] subIds, int subIdCount) {
    int n = 2 + m.topicUtf8().length + (qos > 0 ? 2 : 0);
    if (v5) {
      int props = propertiesSize(m, subIds, subIdCount);
      n += varIntSize(props) + props;
    }
    return n;
  }

  private static Packet encodeNew(ByteBufAllocator alloc, BrokerMessage m, boolean v5, int qos, boolean retain, boolean dup,
                                  int packetId, int[] subIds, int subIdCount, long now, boolean copyPayload) {
    int payloadSize = m.payload.readableBytes();
    int variable = variableSize(m, v5, qos, subIds, subIdCount);
    int remaining = variable + payloadSize;
    int headSize = 1 + varIntSize(remaining) + variable + (copyPayload ? payloadSize : 0);
    ByteBuf buf = alloc.directBuffer(headSize);
    buf.writeByte(0x30 | (dup ? 0x08 : 0) | (qos << 1) | (retain ? 0x01 : 0));
    writeVarInt(buf, remaining);
    byte[] topic = m.topicUtf8();
    buf.writeShort(topic.length);
    buf.writeBytes(topic);
    if (qos > 0) buf.writeShort(packetId);
    if (v5) {
      writeVarInt(buf, propertiesSize(m, subIds, subIdCount));
      buf.writeBytes(m.encodedProperties());
      if (m.expiresAt != BrokerMessage.NEVER) {
        buf.writeByte(MqttProperties.PUBLICATION_EXPIRY_INTERVAL);
        buf.writeInt((int) Math.min(0xFFFF_FFFFL, m.remainingSeconds(now)));
      }
      for (int i = 0; i < subIdCount; i++) {
        buf.writeByte(MqttProperties.SUBSCRIPTION_IDENTIFIER);
        writeVarInt(buf, subIds[i]);
      }
    }
    if (copyPayload) {
      buf.writeBytes(m.payload, m.payload.readerIndex(), payloadSize);
      return new Packet(buf, null);
    }
    return new Packet(buf, m.payload.retainedDuplicate());
  }

  /** The publisher's properties that are passed on, encoded (5.0 2.2.2.2); empty for none. */
  static byte[] encodeProperties(MqttProperties properties) {
    if (properties.isEmpty()) return new byte[0];
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    for (MqttProperties.MqttProperty<?> p : properties.listAll()) {
      switch (p.propertyId()) {
        case MqttProperties.PAYLOAD_FORMAT_INDICATOR -> {
          out.write(p.propertyId());
          out.write((Integer) p.value());
        }
        case MqttProperties.CONTENT_TYPE, MqttProperties.RESPONSE_TOPIC -> {
          out.write(p.propertyId());
          writeString(out, (String) p.value());
        }
        case MqttProperties.CORRELATION_DATA -> {
          out.write(p.propertyId());
          byte[] data = (byte[]) p.value();
          out.write(data.length >> 8);
          out.write(data.length);
          out.write(data, 0, data.length);
        }
        case MqttProperties.USER_PROPERTY -> {
          if (p instanceof MqttProperties.UserProperties list) {
            for (MqttProperties.StringPair pair : list.value()) writeUserProperty(out, pair);
          } else if (p instanceof MqttProperties.UserProperty one) {
            writeUserProperty(out, one.value());
          }
        }
        default -> {
          // per-hop properties (topic alias, expiry, subscription identifiers) are written per delivery
        }
      }
    }
    return out.toByteArray();
  }

  /** The inverse of {@link #encodeProperties} (for stored messages). */
  static MqttProperties decodeProperties(byte[] encoded) {
    if (encoded == null || encoded.length == 0) return MqttProperties.NO_PROPERTIES;
    MqttProperties props = new MqttProperties();
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(encoded);
    while (b.hasRemaining()) {
      int id = b.get() & 0xFF;
      switch (id) {
        case MqttProperties.PAYLOAD_FORMAT_INDICATOR -> props.add(new MqttProperties.IntegerProperty(id, b.get() & 0xFF));
        case MqttProperties.CONTENT_TYPE, MqttProperties.RESPONSE_TOPIC -> props.add(new MqttProperties.StringProperty(id, readString(b)));
        case MqttProperties.CORRELATION_DATA -> {
          byte[] data = new byte[b.getShort() & 0xFFFF];
          b.get(data);
          props.add(new MqttProperties.BinaryProperty(id, data));
        }
        case MqttProperties.USER_PROPERTY -> props.add(new MqttProperties.UserProperty(readString(b), readString(b)));
        default -> throw new IllegalArgumentException("stored message has unknown property id " + id);
      }
    }
    return props;
  }

  private static String readString(java.nio.ByteBuffer b) {
    byte[] s = new byte[b.getShort() & 0xFFFF];
    b.get(s);
    return new String(s, StandardCharsets.UTF_8);
  }

  private static void writeUserProperty(ByteArrayOutputStream out, MqttProperties.StringPair pair) {
    out.write(MqttProperties.USER_PROPERTY);
    writeString(out, pair.key);
    writeString(out, pair.value);
  }

  private static void writeString(ByteArrayOutputStream out, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.write(b.length >> 8);
    out.write(b.length);
    out.write(b, 0, b.length);
  }

  static int varIntSize(int value) {
    if (value < 128) return 1;
    if (value < 16_384) return 2;
    if (value < 2_097_152) return 3;
    return 4;
  }

  static void writeVarInt(ByteBuf buf, int value) {
    do {
      int digit = value & 0x7F;
      value >>>= 7;
      buf.writeByte(value > 0 ? digit | 0x80 : digit);
    } while (value > 0);
  }
}
