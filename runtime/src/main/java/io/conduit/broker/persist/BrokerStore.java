package io.conduit.broker.persist;

import io.vertx.core.Future;

/**
 * What of the broker survives a restart, behind one small interface (HiveMQ's local persistence
 * layer, Moquette's repositories): retained messages, persistent sessions with their
 * subscriptions, their queued and unacknowledged outgoing QoS 1/2 messages, and the incoming QoS 2
 * packet ids awaiting PUBREL. The broker's in-memory structures (RetainedStore, SessionStore,
 * TopicTree, queues, in-flight windows) are the index and are rebuilt from {@link #load()} before
 * the listener opens; every change is written through. Rules for implementations:
 * <ul>
 *   <li>{@link #load()} is called once, on the broker's context, before any write; it may do I/O
 *       (off the event loop) and completes with everything stored;</li>
 *   <li>the write methods are called on the broker's event loop and must not block it: a disk store
 *       queues the change for an ordered writer (group commit on a thread of its own);</li>
 *   <li>changes are applied in the order they were made; {@link #written()} completes, on the
 *       broker's context, once every change made before the call is written (per the fsync policy):
 *       the broker acknowledges a QoS 1/2 PUBLISH only then. Futures of successive calls complete
 *       in call order;</li>
 *   <li>a message ({@link #putMessage}) is stored once and referenced by the entries of every
 *       session that holds it; the broker removes it when its last entry goes;</li>
 *   <li>{@link #removeSession} removes the session's entries and incoming QoS 2 ids too;</li>
 *   <li>an on-disk format carries {@link #FORMAT_VERSION} and refuses another one by name.</li>
 * </ul>
 * Not stored: QoS 0 messages, wills (a will is published when the connection ends; a broker
 * restart is not a connection loss the client caused).
 */
public interface BrokerStore {
  /** Version of the stored data model; a file store writes it first. */
  int FORMAT_VERSION = 1;

  /** Everything stored, read once when the broker starts. */
  Future<StoredState> load();

  /** A retained message was stored or replaced ({@code $SYS} topics are not passed here). */
  void putRetained(StoredMessage message);

  /** The retained message of {@code topic} was cleared (or expired). */
  void removeRetained(String topic);

  /** A persistent session was created or changed (connect, subscribe, unsubscribe, disconnect). */
  void putSession(StoredSession session);

  /** A session ended (expired, cleaned, or it was never persistent): with its entries and QoS 2 ids. */
  void removeSession(String clientId);

  /** A message held by one or more persistent sessions, under an id the broker chose. */
  void putMessage(long id, StoredMessage message);

  /** The last entry referring to message {@code id} is gone. */
  void removeMessage(long id);

  /** A session's outgoing entry was created or changed (sent, released). */
  void putEntry(StoredEntry entry);

  /** A session's outgoing entry is done (acknowledged, dropped, expired). */
  void removeEntry(String clientId, long seq);

  /** An incoming QoS 2 message was received (PUBREC sent; the id is held until PUBREL). */
  void putIncomingQos2(String clientId, int packetId);

  /** PUBREL arrived for an incoming QoS 2 id. */
  void removeIncomingQos2(String clientId, int packetId);

  /** Completes once every change made so far is written (see the class comment). */
  Future<Void> written();

  /** Writes what is pending, forces it to disk and releases the store (the broker stops). */
  Future<Void> close();
}
