package io.conduit.nodes.network;

import io.conduit.spi.MqttPublish;
import io.conduit.spi.NodeServices;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The ordered outgoing queue of one remote {@code mqtt-broker} connection: every message an
 * {@code mqtt out} node publishes waits here until the broker has it, so nothing published while
 * the broker is away is lost and everything leaves in publish order.
 * <ul>
 *   <li>Each message gets a sequence number. {@link #next()} hands out waiting messages in order;
 *       {@link #acknowledged} removes one the broker took; {@link #requeueSending()} puts the ones
 *       whose acknowledgement never came back at the head, in order, when the connection drops.</li>
 *   <li>Bounded by {@code maxMessages} and {@code maxBytes} (payload bytes). When full, the oldest
 *       waiting message is dropped ({@link Overflow#DROP_OLDEST}) or the new one is refused
 *       ({@link Overflow#DROP_NEWEST}); {@link #dropped()} counts them.</li>
 *   <li>Persistence ({@link OfflineBufferFile}, when a file is given): a message is written to disk
 *       when it cannot leave at once ({@code add(m, true)}) or when the connection drops or the node
 *       closes ({@link #persistAll()}), and its removal is logged once the broker has it. Disk
 *       writes run one after another off the event loop, in batches, each forced to disk; a
 *       persisted {@link #add} completes once its record is on disk. At {@link #open()} the
 *       messages left by the previous run come back first, in their order.</li>
 * </ul>
 */
final class OfflineBuffer {
  /** What to do with a message that does not fit. */
  enum Overflow { DROP_OLDEST, DROP_NEWEST }

  /** One queued message. */
  static final class Entry {
    final long seq;
    final MqttPublish msg;
    boolean persisted;

    Entry(long seq, MqttPublish msg) {
      this.seq = seq;
      this.msg = msg;
    }
  }

  private final OfflineBufferFile file;
  private final int maxMessages;
  private final long maxBytes;
  private final Overflow overflow;
  private final NodeServices services;
  private final Deque<Entry> waiting = new ArrayDeque<>();
  private final Map<Long, Entry> sending = new HashMap<>();
  private final List<byte[]> unwritten = new ArrayList<>();
  private final List<Promise<Void>> unwrittenPromises = new ArrayList<>();
  private boolean writing;
  private boolean compactWhenIdle;
  private long nextSeq = 1;
  private long bytes;
  private long dropped;
  private java.util.function.Consumer<Entry> onDrop = e -> { };

  OfflineBuffer(OfflineBufferFile file, int maxMessages, long maxBytes, Overflow overflow, NodeServices services) {
    this.file = file;
    this.maxMessages = maxMessages;
    this.maxBytes = maxBytes;
    this.overflow = overflow;
    this.services = services;
  }

  /** Loads what the previous run left; completes with the problems found in the file (usually none). */
  Future<List<String>> open() {
    if (file == null) {
      return Future.succeededFuture(List.of());
    }
    return services.executeBlocking(file::load).map(loaded -> {
      loaded.live().forEach((seq, m) -> {
        Entry e = new Entry(seq, m);
        e.persisted = true;
        waiting.addLast(e);
        bytes += m.payload().length();
        nextSeq = seq + 1;
      });
      return loaded.problems();
    });
  }

  int size() {
    return waiting.size() + sending.size();
  }

  boolean isEmpty() {
    return waiting.isEmpty() && sending.isEmpty();
  }

  /** Messages dropped because the buffer was full, since the node started. */
  long dropped() {
    return dropped;
  }

  /** Called with each queued message dropped to make room ({@link Overflow#DROP_OLDEST}). */
  void onDrop(java.util.function.Consumer<Entry> listener) {
    this.onDrop = listener;
  }

  int sendingCount() {
    return sending.size();
  }

  /**
   * Queues a message behind the others.
   *
   * @param persist write it to disk now (it cannot leave at once)
   * @return the entry once it is queued (and on disk when persisted), or null when the buffer is
   *     full and drops new messages
   */
  Future<Entry> add(MqttPublish m, boolean persist) {
    long size = m.payload().length();
    while (!waiting.isEmpty() && (size() >= maxMessages || bytes + size > maxBytes) && overflow == Overflow.DROP_OLDEST) {
      Entry oldest = waiting.pollFirst();
      forget(oldest);
      dropped++;
      onDrop.accept(oldest);
    }
    if (size() >= maxMessages || bytes + size > maxBytes) {
      dropped++;
      return Future.succeededFuture(null);
    }
    Entry e = new Entry(nextSeq++, m);
    waiting.addLast(e);
    bytes += size;
    if (persist && file != null) {
      return persist(e).map(e);
    }
    return Future.succeededFuture(e);
  }

  /** The first waiting message, now marked as sending; null when none waits. */
  Entry next() {
    Entry e = waiting.pollFirst();
    if (e != null) {
      sending.put(e.seq, e);
    }
    return e;
  }

  /** The broker has the message: it leaves the buffer (and the file). */
  void acknowledged(Entry e) {
    if (sending.remove(e.seq) != null) {
      forget(e);
    }
  }

  /** The connection dropped: messages sent but not acknowledged go back to the head, in order. */
  void requeueSending() {
    List<Entry> back = new ArrayList<>(sending.values());
    sending.clear();
    back.sort(Comparator.comparingLong((Entry x) -> x.seq).reversed());
    back.forEach(waiting::addFirst);
  }

  /** Writes every message not yet on disk; completes when they are. */
  Future<Void> persistAll() {
    if (file == null) {
      return Future.succeededFuture();
    }
    List<Future<Void>> all = new ArrayList<>();
    List<Entry> entries = new ArrayList<>(sending.values());
    entries.addAll(waiting);
    entries.sort(Comparator.comparingLong(x -> x.seq));
    for (Entry e : entries) {
      if (!e.persisted) {
        all.add(persist(e));
      }
    }
    return Future.all(all).mapEmpty();
  }

  /** Waits for the pending disk writes, then closes the file. */
  Future<Void> close() {
    if (file == null) {
      return Future.succeededFuture();
    }
    return flushed().compose(v -> services.executeBlocking(() -> {
      file.close();
      return null;
    }));
  }

  private Future<Void> flushed() {
    if (!writing && unwritten.isEmpty()) {
      return Future.succeededFuture();
    }
    Promise<Void> p = Promise.promise();
    unwrittenPromises.add(p);
    writeBatch();
    return p.future();
  }

  private Future<Void> persist(Entry e) {
    e.persisted = true;
    return write(OfflineBufferFile.addRecord(e.seq, e.msg));
  }

  private void forget(Entry e) {
    bytes -= e.msg.payload().length();
    if (e.persisted) {
      write(OfflineBufferFile.removeRecord(e.seq));
      if (isEmpty()) {
        compactWhenIdle = true;
      }
    }
  }

  private Future<Void> write(byte[] record) {
    Promise<Void> p = Promise.promise();
    unwritten.add(record);
    unwrittenPromises.add(p);
    writeBatch();
    return p.future();
  }

  /** One batch at a time: what was queued while the previous batch was being written goes next. */
  private void writeBatch() {
    if (writing || (unwritten.isEmpty() && unwrittenPromises.isEmpty())) {
      return;
    }
    writing = true;
    List<byte[]> batch = new ArrayList<>(unwritten);
    List<Promise<Void>> promises = new ArrayList<>(unwrittenPromises);
    unwritten.clear();
    unwrittenPromises.clear();
    boolean compact = compactWhenIdle && isEmpty() && unwritten.isEmpty();
    compactWhenIdle = false;
    services.executeBlocking(() -> {
      if (compact) {
        file.rewrite(Map.of()); // nothing is left: start the file afresh instead of logging removals
      } else {
        file.append(batch);
      }
      return null;
    }).onComplete(ar -> {
      writing = false;
      for (Promise<Void> p : promises) {
        if (ar.succeeded()) {
          p.tryComplete();
        } else {
          p.tryFail(ar.cause());
        }
      }
      if (ar.failed()) {
        services.warn("offline buffer: writing " + file.path() + " failed: " + ar.cause().getMessage());
      }
      writeBatch();
    });
  }
}
