package io.conduit.broker;

import io.netty.util.collection.IntObjectHashMap;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * A session's outgoing QoS 1 and 2 messages that the client has not acknowledged yet (3.1.1 4.3,
 * 5.0 4.3 and 4.9). Rules:
 * <ul>
 *   <li>each entry has a packet id in 1..65535 not used by another entry; ids are handed out in
 *       turn, skipping ids in use;</li>
 *   <li>QoS 1: PUBLISH → PUBACK frees the entry. QoS 2: PUBLISH → PUBREC turns the entry into a
 *       "released" one (the broker then sends PUBREL) → PUBCOMP frees it;</li>
 *   <li>the number of entries never exceeds the receiver's Receive Maximum (checked by the
 *       caller through {@link #size()});</li>
 *   <li>on reconnect, entries are resent in their original order: a PUBLISH with DUP set, or a
 *       PUBREL for released ones (4.4).</li>
 * </ul>
 * Entries keep a reference to their message ({@link BrokerMessage#hold()}), dropped when freed.
 * An entry of a persistent session carries the {@code seq} of its stored record (0: not stored);
 * the session writes its changes to the store (see {@link SessionPersistence}).
 */
final class InflightWindow {
  static final class Entry {
    final int packetId;
    final BrokerMessage message;
    final int qos;
    final boolean retain;
    final int[] subIds;
    /** Sequence number of the stored record, 0 when the session is not persisted. */
    final long seq;
    boolean released;
    boolean done;

    Entry(int packetId, BrokerMessage message, int qos, boolean retain, int[] subIds, long seq) {
      this.seq = seq;
      this.packetId = packetId;
      this.message = message;
      this.qos = qos;
      this.retain = retain;
      this.subIds = subIds;
    }
  }

  private final ArrayDeque<Entry> order = new ArrayDeque<>(4);
  private final IntObjectHashMap<Entry> byId = new IntObjectHashMap<>(4);
  private int lastId;

  int size() {
    return byId.size();
  }

  boolean isEmpty() {
    return byId.isEmpty();
  }

  /** Adds {@code message} (the caller has retained it for this window) under a fresh packet id. */
  Entry add(BrokerMessage message, int qos, boolean retain, int[] subIds, long seq) {
    if (byId.size() >= 65_535) throw new IllegalStateException("no free packet id");
    int id = lastId;
    do {
      id = id == 65_535 ? 1 : id + 1;
    } while (byId.containsKey(id));
    lastId = id;
    return put(new Entry(id, message, qos, retain, subIds, seq));
  }

  /**
   * Puts back an entry read from the store (broker start), after the ones restored before it;
   * {@code message} is held for the window, null for a released QoS 2 entry.
   */
  Entry restore(int packetId, BrokerMessage message, int qos, boolean retain, int[] subIds, long seq, boolean released) {
    if (byId.containsKey(packetId)) throw new IllegalArgumentException("packet id " + packetId + " is stored twice");
    Entry e = new Entry(packetId, message, qos, retain, subIds, seq);
    e.released = released;
    lastId = packetId;
    return put(e);
  }

  private Entry put(Entry e) {
    order.addLast(e);
    byId.put(e.packetId, e);
    return e;
  }

  /**
   * The entry with {@code packetId} if it was sent at {@code qos}, else null: a PUBACK (QoS 1) or a
   * PUBREC/PUBCOMP (QoS 2) for an unknown id, or for one of the other QoS, frees nothing.
   */
  Entry find(int packetId, int qos) {
    Entry e = byId.get(packetId);
    return e == null || e.qos != qos ? null : e;
  }

  /**
   * PUBREC for a QoS 2 entry: marks it released (the caller sends PUBREL) and frees its payload;
   * true the first time, false for a repeated PUBREC.
   */
  boolean release(Entry e) {
    if (e.released) return false;
    e.released = true;
    e.message.release();
    return true;
  }

  /** Visits the entries still waiting, oldest first. */
  void forEach(Consumer<Entry> visitor) {
    for (Entry e : order) {
      if (!e.done) visitor.accept(e);
    }
  }

  /** Frees every entry (session discarded). */
  void clear() {
    for (Entry e : order) {
      if (!e.done) release(e);
      e.done = true;
    }
    order.clear();
    byId.clear();
  }

  /** PUBACK, PUBCOMP (or a PUBREC with a failure code), or an entry dropped unsent (too large, not readable): frees {@code e} and its payload. */
  void free(Entry e) {
    release(e);
    e.done = true;
    byId.remove(e.packetId);
    trim();
  }

  private void trim() {
    while (!order.isEmpty() && order.peekFirst().done) order.pollFirst();
  }
}
