package io.conduit.bench.load;

import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives pushed publishers at a fixed total rate from one thread: every ~200 µs it emits as many
 * messages as are due since the start, round robin over the publishers. A pacer that falls more
 * than one second behind (a stalled machine) forgets the backlog instead of bursting it.
 */
final class Pacer {
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
      LockSupport.parkNanos(200_000);
    }
  }
}
