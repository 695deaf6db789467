package io.conduit.broker.persist;

import io.vertx.core.Future;

/**
 * What of the broker survives a restart, behind one small interface (HiveMQ's local persistence
 * layer, Moquette's repositories): retained messages and persistent sessions with their
 * subscriptions. The broker's in-memory structures (RetainedStore, SessionStore, TopicTree) are the
 * index and are rebuilt from {@link #load()} before the listener opens; every change is written
 * through. Rules for implementations:
 * <ul>
 *   <li>the write methods are called on the broker's event loop and must not block it: a disk store
 *       queues the change for an ordered writer (executeBlocking or a thread of its own);</li>
 *   <li>{@link #load()} may do I/O (off the event loop) and completes with everything stored;</li>
 *   <li>an on-disk format carries {@link #FORMAT_VERSION} and refuses a newer one by name.</li>
 * </ul>
 * Not stored yet (issue #7): queued and in-flight messages of offline sessions, pending wills.
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

  /** A session ended (expired, cleaned, or it was never persistent). */
  void removeSession(String clientId);

  /** Flushes and releases the store (the broker stops). */
  Future<Void> close();
}
