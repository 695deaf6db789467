package io.conduit.nodes.function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Stops scripts that run past their time limit. One daemon thread for the process; it wakes every
 * {@link #TICK_MILLIS} while any sandbox exists and interrupts each one whose current run has passed
 * its deadline ({@code Context.interrupt}, which works in GraalJS community edition and leaves the
 * context usable). A run costs two volatile writes ({@link JsSandbox#deadline}); no timer is
 * scheduled per message. Precision: a run is stopped between its limit and its limit + one tick.
 */
final class Watchdog {
  static final long TICK_MILLIS = 5;
  private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);
  private static final Watchdog INSTANCE = new Watchdog();

  private final Set<JsSandbox> watched = ConcurrentHashMap.newKeySet();
  private volatile Thread thread;

  static Watchdog get() {
    return INSTANCE;
  }

  void watch(JsSandbox sandbox) {
    watched.add(sandbox);
    Thread t = thread;
    if (t == null) {
      synchronized (this) {
        if (thread == null) {
          thread = new Thread(this::loop, "conduit-js-watchdog");
          thread.setDaemon(true);
          thread.start();
        }
      }
    } else {
      LockSupport.unpark(t);
    }
  }

  void unwatch(JsSandbox sandbox) {
    watched.remove(sandbox);
  }

  private void loop() {
    while (true) {
      if (watched.isEmpty()) {
        LockSupport.park(this);
        continue;
      }
      LockSupport.parkNanos(this, TICK_MILLIS * 1_000_000);
      long now = System.nanoTime();
      for (JsSandbox s : watched) {
        long deadline = s.deadline;
        if (deadline != 0 && now - deadline > 0) {
          try {
            s.interruptRun();
          } catch (RuntimeException e) {
            LOG.warn("could not interrupt the script of function node {}: {}", s.nodeId(), e.toString());
          }
        }
      }
    }
  }
}
