package io.conduit.broker;

import io.netty.util.collection.IntObjectHashMap;

import java.util.ArrayDeque;

/**
 * One network client's session, kept across connections when it is persistent (3.1.1 3.1.2.4,
 * 5.0 4.1): subscriptions, the outgoing {@link InflightWindow}, the queue of messages waiting for
 * the window or for the client to come back, and the ids of incoming QoS 2 messages awaiting PUBREL.
 * Rules:
 * <ul>
 *   <li>online: QoS 0 goes out at once (dropped and counted if the socket's buffer is full);
 *       QoS 1/2 goes out while the window has room and the socket is writable, else waits in the
 *       queue, in order (a slow reader never makes the broker buffer more than its window);</li>
 *   <li>offline: QoS 1/2 is queued, QoS 0 is not (as Mosquitto's default);</li>
 *   <li>the queue holds at most {@code max_queued_messages} messages and {@code max_queued_bytes}
 *       payload bytes (0: no limit); a message that does not fit is dropped and counted in
 *       {@link #droppedMessages} (as Mosquitto does);</li>
 *   <li>expired messages (5.0 message expiry) are dropped when they reach the head of the queue;</li>
 *   <li>a persistent session writes every change of its entries and incoming QoS 2 ids to the store
 *       through {@link SessionPersistence} (a clean session writes nothing).</li>
 * </ul>
 */
final class Session extends Subscriber {
  /** Session Expiry Interval meaning "never expires" (5.0 3.1.2.11.2). */
  static final long NEVER_EXPIRES = 0xFFFF_FFFFL;

  /** A queued message; {@code seq} is its stored record's (0: not stored). */
  record Queued(BrokerMessage message, int qos, boolean retain, int[] subIds, long seq) {
  }

  private final Broker broker;
  /** The connection the client is attached to, or null while offline. */
  ClientConnection connection;
  /** Seconds the session outlives its connection: 0 ends it with the connection (clean session). */
  long expiryInterval;
  /** When it went offline (clock millis), for the inspector and expiry. */
  long disconnectedAt;
  /** True once the session has a record in the store (it must be removed when the session ends). */
  boolean stored;
  /** Next sequence number for a stored entry (order of creation). */
  long nextSeq = 1;
  private InflightWindow inflight;
  private ArrayDeque<Queued> queue;
  private long queuedBytes;
  private IntObjectHashMap<Boolean> incomingQos2;
  long droppedMessages;
  /** When the client last acknowledged a message (or got one with nothing in flight), and the publishers it holds (see PublisherPacing). */
  long lastProgressNanos = System.nanoTime();
  java.util.ArrayList<ClientConnection> heldPublishers;
  boolean stallCheckScheduled;
  /** The flows' output waits for this session's socket to drain ({@link PublisherPacing}). */
  boolean holdsFlows;

  Session(Broker broker, String clientId, long expiryInterval) {
    super(clientId);
    this.broker = broker;
    this.expiryInterval = expiryInterval;
  }

  @Override
  boolean mergesOverlaps() {
    return true;
  }

  /** True when the session outlives its connection, and so is stored. */
  boolean isPersistent() {
    return expiryInterval != 0;
  }

  @Override
  boolean isReady() {
    return connection != null && (inflight == null || inflight.size() < connection.sendWindow());
  }

  InflightWindow inflight() {
    if (inflight == null) inflight = new InflightWindow();
    return inflight;
  }

  int inflightCount() {
    return inflight == null ? 0 : inflight.size();
  }

  int queuedCount() {
    return queue == null ? 0 : queue.size();
  }

  long queuedBytes() {
    return queuedBytes;
  }

  private boolean canSend(ClientConnection c) {
    return c != null && inflightCount() < c.sendWindow() && c.isWritable();
  }

  @Override
  void deliver(BrokerMessage m, int qos, boolean retain, int[] subIds, int subIdCount, Subscription via) {
    ClientConnection c = connection;
    if (qos == 0) {
      if (c != null) c.sendPublish(m, 0, retain, false, 0, subIds, subIdCount);
      return;
    }
    int[] ids = subIdCount == 0 ? null : java.util.Arrays.copyOf(subIds, subIdCount);
    if ((queue == null || queue.isEmpty()) && canSend(c)) {
      // an idle window starts the clock by which a subscriber is judged stalled (PublisherPacing)
      if (inflightCount() == 0) lastProgressNanos = System.nanoTime();
      InflightWindow.Entry e = inflight().add(m.hold(), qos, retain, ids, isPersistent() ? nextSeq++ : 0);
      if (e.seq != 0) broker.persistence.entryAdded(this, e.seq, m, qos, retain, ids, e.packetId);
      transmit(c, e);
    } else if (enqueue(m, c == null, qos, retain, ids) && c != null) {
      broker.pacing.queued(this, c, queue.size());
    }
  }

  /** Writes an in-flight entry's PUBLISH; an entry too large for the client is dropped as if acknowledged. */
  private void transmit(ClientConnection c, InflightWindow.Entry e) {
    if (!c.sendPublish(e.message, e.qos, e.retain, false, e.packetId, e.subIds, e.subIds == null ? 0 : e.subIds.length)) {
      removeInflight(e);
    }
  }

  /** Queues {@code m} (compact copy when offline: it may stay long), or drops it when the queue is full (false). */
  private boolean enqueue(BrokerMessage m, boolean compact, int qos, boolean retain, int[] ids) {
    if (queue == null) queue = new ArrayDeque<>(4);
    int maxMessages = broker.options.getMaxQueuedMessages();
    long maxBytes = broker.options.getMaxQueuedBytes();
    int size = m.payloadSize();
    if ((maxMessages > 0 && queue.size() >= maxMessages) || (maxBytes > 0 && queuedBytes + size > maxBytes)) {
      droppedMessages++;
      broker.stats.dropped++;
      broker.stats.queueFullDrops++;
      return false;
    }
    long seq = 0;
    if (isPersistent()) {
      seq = nextSeq++;
      broker.persistence.entryAdded(this, seq, m, qos, retain, ids, 0);
    }
    queue.addLast(new Queued(compact ? m.compact() : m.hold(), qos, retain, ids, seq));
    queuedBytes += size;
    return true;
  }

  /**
   * After the client made progress (a PUBACK/PUBCOMP freed a window slot, or its socket drained below
   * the low-water mark): refills the window, and publishers held for this session may go on.
   */
  void drainAfterProgress() {
    drain();
    ClientConnection c = connection;
    if (c != null) broker.pacing.progressed(this, c, queuedCount());
  }

  /** Sends queued messages while the window has room and the socket takes them (after an ack, on reconnect, when writable again). */
  void drain() {
    ClientConnection c = connection;
    if (c == null || queue == null) return;
    long now = broker.clock.millis();
    while (!queue.isEmpty() && canSend(c)) {
      Queued q = queue.pollFirst();
      queuedBytes -= q.message.payloadSize();
      if (q.message.isExpired(now)) {
        if (q.seq != 0) broker.persistence.entryRemoved(this, q.seq, q.message);
        q.message.release();
        continue;
      }
      InflightWindow.Entry e = inflight().add(q.message, q.qos, q.retain, q.subIds, q.seq);
      // QoS 2 must keep its packet id across a restart (the receiver holds it until PUBREL); a QoS 1
      // entry stored without one is sent again after a restart as a new delivery (a duplicate QoS 1
      // allows), which saves a write per message
      if (q.seq != 0 && q.qos == 2) broker.persistence.entrySent(this, e);
      transmit(c, e);
    }
    if (queue.isEmpty()) queue = null;
  }

  /** On reconnect: resends every unacknowledged PUBLISH with DUP, and PUBREL for released ones. */
  void resendInflight() {
    ClientConnection c = connection;
    if (c == null || inflight == null) return;
    inflight.forEach(e -> {
      if (e.released) {
        c.sendPubrel(e.packetId);
      } else if (!c.sendPublish(e.message, e.qos, e.retain, true, e.packetId, e.subIds, e.subIds == null ? 0 : e.subIds.length)) {
        removeInflight(e);
      }
    });
  }

  /**
   * A client resumed the session: queued messages and unacknowledged PUBLISHes that its ACL rights
   * ({@link #access}) do not let it read are dropped (Mosquitto's connection_check_acl), so a
   * session never hands another user's messages over.
   */
  void dropUnreadable() {
    if (queue != null) {
      queue.removeIf(q -> {
        if (mayRead(q.message)) return false;
        queuedBytes -= q.message.payloadSize();
        if (q.seq != 0) broker.persistence.entryRemoved(this, q.seq, q.message);
        q.message.release();
        return true;
      });
    }
    if (inflight != null) {
      java.util.List<InflightWindow.Entry> unreadable = new java.util.ArrayList<>();
      inflight.forEach(e -> {
        if (!e.released && !mayRead(e.message)) unreadable.add(e);
      });
      for (InflightWindow.Entry e : unreadable) {
        removeInflight(e);
      }
    }
  }

  /**
   * PUBACK ({@code qos} 1), or PUBCOMP or a PUBREC with a failure code ({@code qos} 2), from the
   * client: frees the entry; true if there was one sent at that QoS.
   */
  boolean acknowledged(int packetId, int qos) {
    if (inflightCount() == 0) return false;
    InflightWindow.Entry e = inflight.find(packetId, qos);
    if (e == null) return false;
    removeInflight(e);
    return true;
  }

  /**
   * Frees an in-flight entry (acknowledged, or dropped unsent) and removes its stored record, with
   * the stored message unless a PUBREC already released it.
   */
  private void removeInflight(InflightWindow.Entry e) {
    boolean wasReleased = e.released;
    inflight.free(e);
    if (e.seq != 0) broker.persistence.entryRemoved(this, e.seq, wasReleased ? null : e.message);
  }

  /** PUBREC (success) from the client; true if the id is known (answer PUBREL). */
  boolean received(int packetId) {
    if (inflightCount() == 0) return false;
    InflightWindow.Entry e = inflight.find(packetId, 2);
    if (e == null) return false;
    if (inflight.release(e) && e.seq != 0) broker.persistence.entryReleased(this, e);
    return true;
  }

  /** Incoming QoS 2: true if {@code packetId} is new (deliver it), false for a duplicate. */
  boolean markQos2Received(int packetId) {
    if (incomingQos2 == null) incomingQos2 = new IntObjectHashMap<>(4);
    boolean fresh = incomingQos2.put(packetId, Boolean.TRUE) == null;
    if (fresh && isPersistent()) broker.persistence.qos2Received(this, packetId);
    return fresh;
  }

  /** PUBREL: forgets an incoming QoS 2 id; false if it was not known. */
  boolean releaseQos2(int packetId) {
    if (incomingQos2 == null) return false;
    boolean known = incomingQos2.remove(packetId) != null;
    if (incomingQos2.isEmpty()) incomingQos2 = null;
    if (known && isPersistent()) broker.persistence.qos2Released(this, packetId);
    return known;
  }

  int incomingQos2Count() {
    return incomingQos2 == null ? 0 : incomingQos2.size();
  }

  // ---------------------------------------------------------------- restore (broker start)

  /** Puts back a stored queued message ({@code owned}: a reference handed over). */
  void restoreQueued(BrokerMessage owned, int qos, boolean retain, int[] ids, long seq) {
    if (queue == null) queue = new ArrayDeque<>(4);
    queue.addLast(new Queued(owned, qos, retain, ids, seq));
    queuedBytes += owned.payloadSize();
    nextSeq = Math.max(nextSeq, seq + 1);
  }

  /** Puts back a stored in-flight entry ({@code owned}: a reference handed over, null when released). */
  void restoreInflight(int packetId, BrokerMessage owned, int qos, boolean retain, int[] ids, long seq, boolean released) {
    inflight().restore(packetId, owned, qos, retain, ids, seq, released);
    nextSeq = Math.max(nextSeq, seq + 1);
  }

  /** Puts back a stored incoming QoS 2 id. */
  void restoreQos2(int packetId) {
    if (incomingQos2 == null) incomingQos2 = new IntObjectHashMap<>(4);
    incomingQos2.put(packetId, Boolean.TRUE);
  }

  /**
   * Releases every held message. {@code ended}: the session ends (the caller removes the stored
   * session and its records; messages no other session holds leave the store); otherwise the broker
   * stops and the store keeps everything. Subscriptions are removed by the caller.
   */
  void discard(boolean ended) {
    if (inflight != null) {
      if (ended) {
        inflight.forEach(e -> {
          if (e.seq != 0 && !e.released) broker.persistence.unreference(e.message);
        });
      }
      inflight.clear();
    }
    inflight = null;
    if (queue != null) {
      for (Queued q : queue) {
        if (ended && q.seq != 0) broker.persistence.unreference(q.message);
        q.message.release();
      }
      queue = null;
    }
    queuedBytes = 0;
    incomingQos2 = null;
  }
}
