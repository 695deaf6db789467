package io.conduit.broker;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * A clock and a {@link Scheduler} that only move when a test says so ({@link #advance}), as
 * Moquette's ForwardableClock. {@link #advance} must run on the broker context (tests use
 * {@code onBroker}); due tasks run there, in due order.
 */
final class ManualTime extends Clock implements Scheduler {
  private static final class Task {
    final long due;
    final Runnable action;
    boolean cancelled;

    Task(long due, Runnable action) {
      this.due = due;
      this.action = action;
    }
  }

  private volatile long now = 1_700_000_000_000L;
  private final List<Task> tasks = new ArrayList<>();

  @Override
  public synchronized Runnable schedule(long delayMillis, Runnable task) {
    Task t = new Task(now + delayMillis, task);
    tasks.add(t);
    return () -> t.cancelled = true;
  }

  /** Moves time forward by {@code millis} and runs what fell due. Call on the broker context. */
  void advance(long millis) {
    long target = now + millis;
    while (true) {
      Task next = null;
      synchronized (this) {
        for (Task t : tasks) {
          if (!t.cancelled && t.due <= target && (next == null || t.due < next.due)) next = t;
        }
        if (next == null) {
          now = target;
          tasks.removeIf(t -> t.cancelled);
          return;
        }
        tasks.remove(next);
        now = Math.max(now, next.due);
      }
      next.action.run();
    }
  }

  synchronized int pending() {
    return (int) tasks.stream().filter(t -> !t.cancelled).count();
  }

  @Override
  public long millis() {
    return now;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(now);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
