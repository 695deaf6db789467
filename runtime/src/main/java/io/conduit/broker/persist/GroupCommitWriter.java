package io.conduit.broker.persist;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.internal.ContextInternal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The ordered writer of a durable store: one thread of its own, group commit. Rules:
 * <ul>
 *   <li>the broker's event loop only appends changes to the open batch (a short lock, no I/O);</li>
 *   <li>the writer thread takes the whole open batch at once and applies it to the medium as one
 *       atomic write, while the event loop fills the next one: the busier the broker, the larger the
 *       batches, so one write (and one fsync) covers many messages;</li>
 *   <li>batches are written in order; {@link #written()} completes on the broker's context when the
 *       batch holding every change made so far is written, so completions come in call order;</li>
 *   <li>{@link FsyncPolicy#ALWAYS}: every batch is forced to disk before it completes;
 *       {@link FsyncPolicy#INTERVAL}: a second thread forces the medium once per interval when
 *       something was written since (batches go on meanwhile); {@link FsyncPolicy#NEVER}: never
 *       forced (close still forces);</li>
 *   <li>a failed write fails that batch and every later one: the broker acknowledges nothing more
 *       (the store is in an unknown state) and the error is logged once with its cause;</li>
 *   <li>{@link #close()} writes what is pending, forces it, and stops the thread.</li>
 * </ul>
 */
final class GroupCommitWriter {
  private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);

  /** One change: a put (value non-null), a delete (value null) or, with {@code rangeEnd}, a range delete. */
  record Op(byte[] key, byte[] value, byte[] rangeEnd) {
  }

  /** Where batches go. Called on the writer thread only. */
  interface Medium {
    /** Applies {@code ops} atomically, in order; forced to disk before returning when {@code force}. */
    void apply(List<Op> ops, boolean force) throws Exception;

    /** Forces everything applied so far to disk. */
    void force() throws Exception;
  }

  private static final class Batch {
    final ArrayList<Op> ops = new ArrayList<>();
    long bytes;
    Promise<Void> promise;
    boolean done;
  }

  private final Medium medium;
  private final FsyncPolicy policy;
  private final long intervalNanos;
  private final String name;
  private final Object lock = new Object();
  private final Thread thread;
  private ContextInternal context;
  private Batch open = new Batch();
  private Batch taken;
  private boolean closing;
  private volatile Throwable failure;
  private final Promise<Void> stopped = Promise.promise();
  /** Counters for $SYS (read on any thread; approximate). */
  private volatile long batches;
  private volatile long opsWritten;
  private volatile long syncs;
  /** Written since the last fsync ({@link FsyncPolicy#INTERVAL}). */
  private volatile boolean unsynced;

  GroupCommitWriter(String name, Medium medium, FsyncPolicy policy, long intervalMillis) {
    this.name = name;
    this.medium = medium;
    this.policy = policy;
    this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
    this.thread = new Thread(this::run, "conduit-store-writer");
    this.thread.setDaemon(true);
  }

  /** Starts the writer; completions will run on {@code context} (the broker's). */
  void start(ContextInternal context) {
    this.context = context;
    thread.start();
  }

  void put(byte[] key, byte[] value) {
    add(new Op(key, value, null), key.length + value.length);
  }

  void delete(byte[] key) {
    add(new Op(key, null, null), key.length);
  }

  /** Deletes every key in [{@code from}, {@code to}). */
  void deleteRange(byte[] from, byte[] to) {
    add(new Op(from, null, to), from.length + to.length);
  }

  private void add(Op op, long bytes) {
    synchronized (lock) {
      if (closing) {
        log.warn("Store {}: a change after close was dropped", name);
        return;
      }
      boolean wake = open.ops.isEmpty();
      open.ops.add(op);
      open.bytes += bytes;
      if (wake) lock.notifyAll();
    }
  }

  /** Bytes of changes not written yet (the open batch), for back-pressure. */
  long pendingBytes() {
    synchronized (lock) {
      return open.bytes;
    }
  }

  Future<Void> written() {
    synchronized (lock) {
      if (failure != null) return Future.failedFuture(failure);
      Batch b = !open.ops.isEmpty() ? open : taken != null && !taken.done ? taken : null;
      if (b == null) return Future.succeededFuture();
      if (b.promise == null) b.promise = context.promise();
      return b.promise.future();
    }
  }

  long batches() {
    return batches;
  }

  long opsWritten() {
    return opsWritten;
  }

  long syncs() {
    return syncs;
  }

  /** Writes and forces what is pending, then stops the thread; completes off the event loop. */
  Future<Void> close() {
    synchronized (lock) {
      if (!closing) {
        closing = true;
        lock.notifyAll();
      }
    }
    if (!thread.isAlive() && context == null) stopped.tryComplete();
    return stopped.future();
  }

  private void run() {
    Thread syncer = policy == FsyncPolicy.INTERVAL ? startIntervalSync() : null;
    try {
      while (true) {
        Batch b;
        synchronized (lock) {
          while (open.ops.isEmpty() && !closing) lock.wait();
          if (open.ops.isEmpty() && closing) break;
          b = open;
          open = new Batch();
          taken = b;
        }
        write(b);
        if (policy == FsyncPolicy.INTERVAL) unsynced = true;
      }
      if (syncer != null) {
        syncer.interrupt();
        syncer.join();
      }
      if (policy != FsyncPolicy.ALWAYS) force();
      stopped.tryComplete();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopped.tryFail(e);
    } catch (RuntimeException | Error e) {
      log.error("Store {}: writer stopped", name, e);
      stopped.tryFail(e);
    }
  }

  /**
   * {@link FsyncPolicy#INTERVAL}: a thread of its own forces the medium once per interval when
   * something was written since, so that group commits never wait for an fsync (the medium allows
   * a force while writing: RocksDB's SyncWAL).
   */
  private Thread startIntervalSync() {
    Thread t = new Thread(() -> {
      try {
        while (true) {
          TimeUnit.NANOSECONDS.sleep(intervalNanos);
          if (unsynced) {
            unsynced = false;
            force();
          }
        }
      } catch (InterruptedException e) {
        // the writer is closing; it forces what is left
      }
    }, "conduit-store-fsync");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private void write(Batch b) {
    Throwable error = failure;
    if (error == null) {
      try {
        medium.apply(b.ops, policy == FsyncPolicy.ALWAYS);
        batches++;
        opsWritten += b.ops.size();
        if (policy == FsyncPolicy.ALWAYS) syncs++;
      } catch (Exception e) {
        error = e;
        log.error("Store {}: write failed; no QoS 1/2 message will be acknowledged any more", name, e);
      }
    }
    Promise<Void> p;
    synchronized (lock) {
      if (error != null) failure = error;
      b.done = true;
      p = b.promise;
    }
    if (p != null) {
      if (error == null) p.complete();
      else p.fail(error);
    }
  }

  private void force() {
    if (failure != null) return;
    try {
      medium.force();
      syncs++;
    } catch (Exception e) {
      synchronized (lock) {
        failure = e;
      }
      log.error("Store {}: fsync failed; no QoS 1/2 message will be acknowledged any more", name, e);
    }
  }
}
