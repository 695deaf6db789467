package io.conduit.broker;

import io.conduit.broker.persist.BrokerStore;
import io.conduit.broker.persist.StoredEntry;
import io.conduit.broker.persist.StoredMessage;
import io.conduit.broker.persist.StoredSession;
import io.conduit.broker.persist.StoredSubscription;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes the broker's durable state through to the {@link BrokerStore}, on the broker context
 * (the store queues the I/O for its own writer). Rules:
 * <ul>
 *   <li>only persistent sessions (expiry interval not 0) are written; a clean session costs nothing;</li>
 *   <li>a QoS 1/2 message held by persistent sessions is stored once ({@link StoredRef}: id and the
 *       number of stored entries that hold it, shared by the message's compact copies) and removed
 *       with its last entry;</li>
 *   <li>each outgoing entry is written when created (queued, or sent at once with its packet id),
 *       again when a QoS 2 entry is sent from the queue (its packet id: the receiver holds it until
 *       PUBREL) and when a QoS 2 PUBREC releases it (the message is no longer needed), and deleted
 *       when it is done. A QoS 1 entry sent from the queue is not written again: after a restart it
 *       goes out again as a new delivery, a duplicate QoS 1 allows;</li>
 *   <li>{@link #writes()} counts the changes handed to the store: a PUBLISH whose routing changed it
 *       is acknowledged only once {@link BrokerStore#written()} completes (see {@link PublishHandler}).</li>
 * </ul>
 */
final class SessionPersistence {
  /** A message's record in the store while stored entries hold it. */
  static final class StoredRef {
    final long id;
    int refs;

    StoredRef(long id) {
      this.id = id;
    }
  }

  private final Broker broker;
  private final BrokerStore store;
  private long nextMessageId = 1;
  private long writes;

  SessionPersistence(Broker broker, BrokerStore store) {
    this.broker = broker;
    this.store = store;
  }

  /** Number of changes handed to the store so far. */
  long writes() {
    return writes;
  }

  void nextMessageId(long id) {
    nextMessageId = Math.max(nextMessageId, id);
  }

  /** A persistent session was created or changed (connect, subscribe, unsubscribe, disconnect). */
  void sessionChanged(Session s) {
    if (!s.isPersistent()) return;
    List<StoredSubscription> subs = new ArrayList<>();
    for (Subscription sub : s.subscriptions()) {
      subs.add(new StoredSubscription(sub.filter.text(), sub.qos, sub.noLocal, sub.retainAsPublished, sub.retainHandling, sub.subscriptionId));
    }
    store.putSession(new StoredSession(s.clientId, s.expiryInterval, s.connection == null ? s.disconnectedAt : 0, subs));
    s.stored = true;
    writes++;
  }

  /** The session ended: its record goes with its entries and QoS 2 ids (messages: see {@link #unreference}). */
  void sessionEnded(String clientId) {
    store.removeSession(clientId);
    writes++;
  }

  void retainedChanged(BrokerMessage m) {
    if (m.topic.startsWith("$SYS")) return;
    if (m.payloadSize() == 0) store.removeRetained(m.topic);
    else store.putRetained(toStored(m, true));
    writes++;
  }

  /** A new entry of {@code s} holding {@code m} (packet id 0: queued). Stores the message if it is not yet. */
  void entryAdded(Session s, long seq, BrokerMessage m, int qos, boolean retain, int[] ids, int packetId) {
    StoredRef ref = m.stored;
    if (ref == null || ref.refs == 0) {
      ref = new StoredRef(nextMessageId++);
      m.stored = ref;
      store.putMessage(ref.id, toStored(m, m.retain));
      writes++;
    }
    ref.refs++;
    store.putEntry(new StoredEntry(s.clientId, seq, ref.id, qos, retain, ids, packetId, false));
    writes++;
  }

  /** A queued entry was sent: its packet id is recorded. */
  void entrySent(Session s, InflightWindow.Entry e) {
    store.putEntry(new StoredEntry(s.clientId, e.seq, e.message.stored.id, e.qos, e.retain, e.subIds, e.packetId, false));
    writes++;
  }

  /** PUBREC for a QoS 2 entry: only its packet id matters from now on. */
  void entryReleased(Session s, InflightWindow.Entry e) {
    store.putEntry(new StoredEntry(s.clientId, e.seq, 0, e.qos, e.retain, e.subIds, e.packetId, true));
    writes++;
    unreference(e.message);
  }

  /** An entry is done; {@code m} is its message, or null when it was released already. */
  void entryRemoved(Session s, long seq, BrokerMessage m) {
    store.removeEntry(s.clientId, seq);
    writes++;
    if (m != null) unreference(m);
  }

  /** One stored entry fewer holds {@code m}; the last one removes the message from the store. */
  void unreference(BrokerMessage m) {
    StoredRef ref = m.stored;
    if (ref == null || ref.refs == 0) return;
    if (--ref.refs == 0) {
      store.removeMessage(ref.id);
      writes++;
    }
  }

  void qos2Received(Session s, int packetId) {
    store.putIncomingQos2(s.clientId, packetId);
    writes++;
  }

  void qos2Released(Session s, int packetId) {
    store.removeIncomingQos2(s.clientId, packetId);
    writes++;
  }

  private static StoredMessage toStored(BrokerMessage m, boolean retain) {
    return new StoredMessage(m.topic, m.payloadBytes(), m.qos, retain, m.expiresAt, m.encodedProperties());
  }

  /** Stored entry → in-memory message (used by {@link StoreRestore}). */
  static StoredRef restoredRef(BrokerMessage m, long id) {
    StoredRef ref = new StoredRef(id);
    m.stored = ref;
    return ref;
  }
}
