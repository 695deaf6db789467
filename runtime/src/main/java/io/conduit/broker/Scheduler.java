package io.conduit.broker;

import io.netty.channel.EventLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the broker's timed actions (will delay, session expiry) on the broker's event loop. Injected
 * together with a {@link java.time.Clock} so that tests can move time instead of sleeping, as
 * Moquette's ScheduledExpirationService/ForwardableClock do.
 */
public interface Scheduler {

  /**
   * Runs {@code task} on the broker context once {@code delayMillis} have passed; returns an action
   * that cancels it (harmless after it ran).
   */
  Runnable schedule(long delayMillis, Runnable task);

  /** The real one: Netty's scheduled tasks on the broker's event loop. */
  static Scheduler onEventLoop(EventLoop loop) {
    Logger log = LoggerFactory.getLogger(Scheduler.class);
    return (delayMillis, task) -> {
      // a throwing task must not go unnoticed (Moquette wraps its actions for the same reason)
      ScheduledFuture<?> f = loop.schedule(() -> {
        try {
          task.run();
        } catch (RuntimeException e) {
          log.error("Broker timer task failed", e);
        }
      }, delayMillis, TimeUnit.MILLISECONDS);
      return () -> f.cancel(false);
    };
  }
}
