package io.conduit.bench.load;

import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives pushed publishers at a fixed total rate from one thread: every {@link #TICK_NANOS} it emits
 * as many messages as are due since the start, round robin over the publishers. A pacer that falls
 * more than one second behind (a stalled machine) forgets the backlog instead of bursting it.
 */
final class Pacer {
  /**
   * 1 ms: each tick costs the generator a wake-up, a write and, on the broker's side, a read; with
   * 200 µs ticks the generator took 41-47 % of a core at 60,000 msg/s of the flow scenario and
   * 58-59 % in the probes it passed at 128,000-192,000 (on the 2 cores it shares with the peer under test), with 1 ms 27-31 %
   * and 41-52 %. Each message is stamped when its tick emits it; at high rates a tick's messages
   * queue behind each other (p50 of the flow at 60,000 msg/s 0.2 → 0.7 ms), at 1,000 msg/s (the
   * latency loads) either tick sends one message at a time.
   */
  static final long TICK_NANOS = 1_000_000;

  private final List<Publisher> publishers;
  private final int ratePerSecond;
  private final Thread thread;
  private volatile boolean stopped;

  Pacer(List<Publisher> publishers, int ratePerSecond) {
    this.publishers = publishers;
    this.ratePerSecond = ratePerSecond;
    this.thread = new Thread(this::run, "bench-pacer");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  void stop() throws InterruptedException {
    stopped = true;
    thread.join();
  }

  private void run() {
    long start = System.nanoTime();
    long sent = 0;
    int next = 0;
    int n = publishers.size();
    while (!stopped) {
      long due = (System.nanoTime() - start) * ratePerSecond / 1_000_000_000L;
      if (due - sent > ratePerSecond) sent = due - ratePerSecond;
      while (sent < due) {
        publishers.get(next).emit();
        next = next + 1 == n ? 0 : next + 1;
        sent++;
      }
      LockSupport.parkNanos(TICK_NANOS);
    }
  }
}
