package io.conduit.broker.persist;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The durable store's keys and values, format version {@link BrokerStore#FORMAT_VERSION} (as
 * Mosquitto's persist.h, the layout is written down here and changes only with the version).
 * Keys start with one byte naming the record kind, so each kind is one contiguous key range:
 * <pre>
 *   0x00 "format"                     → int32 format version (written when the store is created)
 *   'R' topic (UTF-8)                 → message                     retained message
 *   'S' client id (UTF-8)             → session                     persistent session
 *   'M' int64 id                      → message                     message held by session entries
 *   'E' uint16 n, client id (n bytes), int64 seq → entry            outgoing QoS 1/2 of a session
 *   'Q' uint16 n, client id (n bytes), uint16 packet id → (empty)   incoming QoS 2 awaiting PUBREL
 * message: uint16 n, topic; uint8 qos; uint8 retain; int64 expiresAt; int32 n, v5 properties; int32 n, payload
 * session: int64 expiryInterval; int64 disconnectedAt; int32 count; per subscription:
 *          uint16 n, filter; uint8 qos; uint8 flags (1 noLocal, 2 retainAsPublished); uint8 retainHandling;
 *          int32 subscriptionId
 * entry:   int64 messageId; uint8 qos; uint8 flags (1 retain, 2 released); uint16 packetId;
 *          uint16 count; int32 subscription ids
 * </pre>
 * Integers are big-endian, so numeric key parts sort in numeric order. A value that does not
 * decode throws {@link IllegalArgumentException} (the caller reports the store as corrupt).
 */
final class RecordCodec {
  static final byte[] FORMAT_KEY = {0, 'f', 'o', 'r', 'm', 'a', 't'};
  static final byte RETAINED = 'R';
  static final byte SESSION = 'S';
  static final byte MESSAGE = 'M';
  static final byte ENTRY = 'E';
  static final byte INCOMING_QOS2 = 'Q';

  private RecordCodec() {
  }

  // ------------------------------------------------------------------ keys

  static byte[] stringKey(byte kind, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    byte[] k = new byte[b.length + 1];
    k[0] = kind;
    System.arraycopy(b, 0, k, 1, b.length);
    return k;
  }

  static String keyString(byte[] key) {
    return new String(key, 1, key.length - 1, StandardCharsets.UTF_8);
  }

  static byte[] messageKey(long id) {
    return ByteBuffer.allocate(9).put(MESSAGE).putLong(id).array();
  }

  static long keyMessageId(byte[] key) {
    if (key.length != 9) throw new IllegalArgumentException("message key of " + key.length + " bytes");
    return ByteBuffer.wrap(key, 1, 8).getLong();
  }

  /** Prefix of every key of {@code kind} belonging to {@code clientId} (entries, QoS 2 ids). */
  static byte[] clientPrefix(byte kind, String clientId) {
    byte[] c = clientId.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(3 + c.length).put(kind).putShort((short) c.length).put(c).array();
  }

  /** The first key after every key starting with {@code prefix} (for range deletes). */
  static byte[] prefixEnd(byte[] prefix) {
    byte[] end = prefix.clone();
    for (int i = end.length - 1; i >= 0; i--) {
      if (end[i] != (byte) 0xFF) {
        end[i]++;
        return java.util.Arrays.copyOf(end, i + 1);
      }
    }
    throw new IllegalArgumentException("prefix of 0xFF bytes only");
  }

  static byte[] entryKey(String clientId, long seq) {
    byte[] p = clientPrefix(ENTRY, clientId);
    return ByteBuffer.allocate(p.length + 8).put(p).putLong(seq).array();
  }

  static byte[] incomingQos2Key(String clientId, int packetId) {
    byte[] p = clientPrefix(INCOMING_QOS2, clientId);
    return ByteBuffer.allocate(p.length + 2).put(p).putShort((short) packetId).array();
  }

  /** Client id of an 'E' or 'Q' key. */
  static String keyClientId(byte[] key) {
    int n = ((key[1] & 0xFF) << 8) | (key[2] & 0xFF);
    if (3 + n > key.length) throw new IllegalArgumentException("client id runs past the key");
    return new String(key, 3, n, StandardCharsets.UTF_8);
  }

  /** The number after the client id of an 'E' (int64 seq) or 'Q' (uint16 packet id) key. */
  static long keySuffix(byte[] key) {
    int n = ((key[1] & 0xFF) << 8) | (key[2] & 0xFF);
    int rest = key.length - 3 - n;
    ByteBuffer b = ByteBuffer.wrap(key, 3 + n, rest);
    if (rest == 8) return b.getLong();
    if (rest == 2) return b.getShort() & 0xFFFF;
    throw new IllegalArgumentException("key suffix of " + rest + " bytes");
  }

  static String describe(byte[] key) {
    if (key.length == 0) return "empty key";
    return switch (key[0]) {
      case RETAINED -> "retained message '" + keyString(key) + "'";
      case SESSION -> "session '" + keyString(key) + "'";
      case MESSAGE -> key.length == 9 ? "message " + keyMessageId(key) : "message key";
      case ENTRY -> "queued message of session '" + safeClientId(key) + "'";
      case INCOMING_QOS2 -> "QoS 2 packet id of session '" + safeClientId(key) + "'";
      default -> "record of unknown kind 0x" + Integer.toHexString(key[0] & 0xFF);
    };
  }

  private static String safeClientId(byte[] key) {
    try {
      return keyClientId(key);
    } catch (RuntimeException e) {
      return "?";
    }
  }

  // ------------------------------------------------------------------ values

  static byte[] formatValue(int version) {
    return ByteBuffer.allocate(4).putInt(version).array();
  }

  static int decodeFormat(byte[] value) {
    if (value.length != 4) throw new IllegalArgumentException("format record of " + value.length + " bytes");
    return ByteBuffer.wrap(value).getInt();
  }

  static byte[] encodeMessage(StoredMessage m) {
    byte[] topic = m.topic().getBytes(StandardCharsets.UTF_8);
    byte[] props = m.properties() == null ? new byte[0] : m.properties();
    ByteBuffer b = ByteBuffer.allocate(2 + topic.length + 2 + 8 + 4 + props.length + 4 + m.payload().length);
    b.putShort((short) topic.length).put(topic).put((byte) m.qos()).put((byte) (m.retain() ? 1 : 0)).putLong(m.expiresAt());
    b.putInt(props.length).put(props).putInt(m.payload().length).put(m.payload());
    return b.array();
  }

  static StoredMessage decodeMessage(byte[] value) {
    return decode(value, b -> {
      String topic = string(b);
      int qos = b.get();
      boolean retain = b.get() != 0;
      long expiresAt = b.getLong();
      byte[] props = bytes(b, b.getInt());
      byte[] payload = bytes(b, b.getInt());
      if (qos < 0 || qos > 2) throw new IllegalArgumentException("QoS " + qos);
      return new StoredMessage(topic, payload, qos, retain, expiresAt, props);
    });
  }

  static byte[] encodeSession(StoredSession s) {
    List<byte[]> filters = new ArrayList<>();
    int size = 8 + 8 + 4;
    for (StoredSubscription sub : s.subscriptions()) {
      byte[] f = sub.filter().getBytes(StandardCharsets.UTF_8);
      filters.add(f);
      size += 2 + f.length + 1 + 1 + 1 + 4;
    }
    ByteBuffer b = ByteBuffer.allocate(size).putLong(s.expiryInterval()).putLong(s.disconnectedAt()).putInt(filters.size());
    int i = 0;
    for (StoredSubscription sub : s.subscriptions()) {
      byte[] f = filters.get(i++);
      b.putShort((short) f.length).put(f).put((byte) sub.qos())
        .put((byte) ((sub.noLocal() ? 1 : 0) | (sub.retainAsPublished() ? 2 : 0)))
        .put((byte) sub.retainHandling()).putInt(sub.subscriptionId());
    }
    return b.array();
  }

  static StoredSession decodeSession(String clientId, byte[] value) {
    return decode(value, b -> {
      long expiry = b.getLong();
      long disconnectedAt = b.getLong();
      int n = b.getInt();
      if (n < 0 || n > value.length) throw new IllegalArgumentException(n + " subscriptions");
      List<StoredSubscription> subs = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        String filter = string(b);
        int qos = b.get();
        int flags = b.get();
        int retainHandling = b.get();
        subs.add(new StoredSubscription(filter, qos, (flags & 1) != 0, (flags & 2) != 0, retainHandling, b.getInt()));
      }
      return new StoredSession(clientId, expiry, disconnectedAt, subs);
    });
  }

  static byte[] encodeEntry(StoredEntry e) {
    int[] ids = e.subscriptionIds();
    ByteBuffer b = ByteBuffer.allocate(8 + 1 + 1 + 2 + 2 + 4 * ids.length);
    b.putLong(e.messageId()).put((byte) e.qos()).put((byte) ((e.retain() ? 1 : 0) | (e.released() ? 2 : 0)))
      .putShort((short) e.packetId()).putShort((short) ids.length);
    for (int id : ids) b.putInt(id);
    return b.array();
  }

  static StoredEntry decodeEntry(String clientId, long seq, byte[] value) {
    return decode(value, b -> {
      long messageId = b.getLong();
      int qos = b.get();
      int flags = b.get();
      int packetId = b.getShort() & 0xFFFF;
      int[] ids = new int[b.getShort() & 0xFFFF];
      for (int i = 0; i < ids.length; i++) ids[i] = b.getInt();
      if (qos < 1 || qos > 2) throw new IllegalArgumentException("QoS " + qos);
      return new StoredEntry(clientId, seq, messageId, qos, (flags & 1) != 0, ids, packetId, (flags & 2) != 0);
    });
  }

  private interface Reader<T> {
    T read(ByteBuffer b);
  }

  private static <T> T decode(byte[] value, Reader<T> reader) {
    ByteBuffer b = ByteBuffer.wrap(value);
    try {
      T t = reader.read(b);
      if (b.hasRemaining()) throw new IllegalArgumentException(b.remaining() + " bytes left over");
      return t;
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("record ends early (" + value.length + " bytes)");
    }
  }

  private static String string(ByteBuffer b) {
    return new String(bytes(b, b.getShort() & 0xFFFF), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(ByteBuffer b, int n) {
    if (n < 0 || n > b.remaining()) throw new IllegalArgumentException("length " + n + " runs past the record");
    byte[] r = new byte[n];
    b.get(r);
    return r;
  }
}
