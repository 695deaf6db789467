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
 *       QoS 1/2 goes out while the window has room, else waits in the queue, in order;</li>
 *   <li>offline: QoS 1/2 is queued, QoS 0 is not (as Mosquitto's default);</li>
 *   <li>the queue holds at most {@code max_queued_messages}; a message that does not fit is dropped
 *       and counted in {@link #droppedMessages} (as Mosquitto does);</li>
 *   <li>expired messages (5.0 message expiry) are dropped when they reach the head of the queue.</li>
 * </ul>
 * Plain data apart from the delivery logic, so that it can be persisted (issue #7).
 */
final class Session extends Subscriber {
  /** Session Expiry Interval meaning "never expires" (5.0 3.1.2.11.2). */
  static final long NEVER_EXPIRES = 0xFFFF_FFFFL;

  record Queued(BrokerMessage message, int qos, boolean retain, int[] subIds) {
  }

  private final Broker broker;
  /** The connection the client is attached to, or null while offline. */
  ClientConnection connection;
  /** Seconds the session outlives its connection: 0 ends it with the connection (clean session). */
  long expiryInterval;
  /** When it went offline (clock millis), for the inspector and expiry. */
  long disconnectedAt;
  private InflightWindow inflight;
  private ArrayDeque<Queued> queue;
  private IntObjectHashMap<Boolean> incomingQos2;
  long droppedMessages;

  Session(Broker broker, String clientId, long expiryInterval) {
    super(clientId);
    this.broker = broker;
    this.expiryInterval = expiryInterval;
  }

  @Override
  boolean mergesOverlaps() {
    return true;
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

  @Override
  void deliver(BrokerMessage m, int qos, boolean retain, int[] subIds, int subIdCount, Subscription via) {
    ClientConnection c = connection;
    if (qos == 0) {
      if (c != null) c.sendPublish(m, 0, retain, false, 0, subIds, subIdCount);
      return;
    }
    int[] ids = subIdCount == 0 ? null : java.util.Arrays.copyOf(subIds, subIdCount);
    if (c != null && (queue == null || queue.isEmpty()) && inflightCount() < c.sendWindow()) {
      send(c, m.hold(), qos, retain, ids);
    } else {
      enqueue(c == null ? m.compact() : m.hold(), qos, retain, ids);
    }
  }

  private void send(ClientConnection c, BrokerMessage retained, int qos, boolean retain, int[] ids) {
    InflightWindow.Entry e = inflight().add(retained, qos, retain, ids);
    if (!c.sendPublish(retained, qos, retain, false, e.packetId, ids, ids == null ? 0 : ids.length)) {
      inflight.drop(e);
    }
  }

  /** Queues a message whose reference the caller hands over. */
  private void enqueue(BrokerMessage owned, int qos, boolean retain, int[] ids) {
    if (queue == null) queue = new ArrayDeque<>(4);
    if (queue.size() >= broker.options.getMaxQueuedMessages()) {
      owned.release();
      droppedMessages++;
      broker.stats.dropped++;
      return;
    }
    queue.addLast(new Queued(owned, qos, retain, ids));
  }

  /** Sends queued messages while the window has room (after an ack, or on reconnect). */
  void drain() {
    ClientConnection c = connection;
    if (c == null || queue == null) return;
    long now = broker.clock.millis();
    while (!queue.isEmpty() && inflightCount() < c.sendWindow()) {
      Queued q = queue.pollFirst();
      if (q.message.isExpired(now)) {
        q.message.release();
        continue;
      }
      send(c, q.message, q.qos, q.retain, q.subIds);
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
        inflight.drop(e);
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
        q.message.release();
        return true;
      });
    }
    if (inflight != null) {
      java.util.List<InflightWindow.Entry> unreadable = new java.util.ArrayList<>();
      inflight.forEach(e -> {
        if (!e.released && !mayRead(e.message)) unreadable.add(e);
      });
      unreadable.forEach(inflight::drop);
    }
  }

  /** Incoming QoS 2: true if {@code packetId} is new (deliver it), false for a duplicate. */
  boolean markQos2Received(int packetId) {
    if (incomingQos2 == null) incomingQos2 = new IntObjectHashMap<>(4);
    return incomingQos2.put(packetId, Boolean.TRUE) == null;
  }

  /** PUBREL: forgets an incoming QoS 2 id; false if it was not known. */
  boolean releaseQos2(int packetId) {
    if (incomingQos2 == null) return false;
    boolean known = incomingQos2.remove(packetId) != null;
    if (incomingQos2.isEmpty()) incomingQos2 = null;
    return known;
  }

  int incomingQos2Count() {
    return incomingQos2 == null ? 0 : incomingQos2.size();
  }

  /** Releases every held message (the session ends). Subscriptions are removed by the caller. */
  void discard() {
    if (inflight != null) inflight.clear();
    inflight = null;
    if (queue != null) {
      for (Queued q : queue) q.message.release();
      queue = null;
    }
    incomingQos2 = null;
  }
}
