package io.conduit.nodes.function;

import io.conduit.spi.Done;
import io.conduit.spi.Message;
import io.conduit.spi.NodeServices;
import io.conduit.spi.NodeStatus;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * The delay node's {@code rate} mode: at most one message per interval ({@code intervalMs}).
 * <ul>
 *   <li>Queueing ({@code drop} false): a message arriving while idle goes out at once and starts
 *       the interval; later ones are queued (a copy, as Node-RED clones them) and one leaves per
 *       tick, in order ({@code msg.toFront} true puts it at the head). The interval stops at the
 *       first tick that finds the queue empty.</li>
 *   <li>Dropping ({@code drop} true): a message is sent if more than one interval has passed since
 *       the last one sent, else dropped, or sent on output 2 when the node has two outputs.</li>
 *   <li>{@code msg.reset} empties the queue (and, without {@code flush}, stops the interval and
 *       forgets the last send); {@code msg.flush} sends the queued messages now (all, or the first
 *       n); {@code msg.rate} (ms) replaces the interval when {@code allowrate}.</li>
 * </ul>
 */
final class RateLimit implements DelayNode.Mode {
  private record Queued(Message msg, Done done) {
  }

  private final NodeServices services;
  private final double fixedRateMs;
  private final boolean drop;
  private final boolean allowRate;
  private final boolean twoOutputs;
  private final Deque<Queued> queue = new ArrayDeque<>();
  private final DepthReporter depth;
  private double rateMs;
  private final Interval interval;
  private long lastSentNanos = -1;

  RateLimit(NodeServices services, double intervalMs, boolean drop, boolean allowRate, boolean twoOutputs) {
    this.services = services;
    this.fixedRateMs = intervalMs;
    this.rateMs = intervalMs;
    this.drop = drop;
    this.allowRate = allowRate;
    this.twoOutputs = twoOutputs;
    this.depth = new DepthReporter(services);
    this.interval = new Interval(services);
  }

  @Override
  public void input(Message msg, Done done) {
    if (!drop) {
      queueing(msg, done);
    } else if (!msg.has("reset")) {
      dropping(msg, done);
    }
    if (msg.has("reset")) {
      if (msg.get("flush") == null) {
        stopInterval();
        lastSentNanos = -1;
      }
      queue.forEach(q -> q.done().done());
      queue.clear();
      rateMs = fixedRateMs;
      services.status(NodeStatus.of("blue", "ring", "0"));
      done.done();
    }
  }

  private void queueing(Message msg, Done done) {
    Message m = msg.copy();
    m.remove("flush");
    if (DelayNode.contentKeys(m) > 0) {
      if (interval.running()) {
        double requested = requestedRate(m);
        if (!Double.isNaN(requested) && requested != rateMs) {
          rateMs = requested;
          startInterval();
        }
        if (Boolean.TRUE.equals(msg.get("toFront"))) {
          queue.addFirst(new Queued(m, done));
        } else {
          queue.addLast(new Queued(m, done));
        }
        depth.report(queue.size());
      } else {
        double requested = requestedRate(m);
        if (!Double.isNaN(requested)) {
          rateMs = requested;
        }
        if (msg.has("reset")) {
          if (msg.has("flush")) {
            queue.addLast(new Queued(m, done));
          }
        } else {
          services.send(m);
        }
        depth.report(queue.size());
        startInterval();
        done.done();
      }
    }
    if (msg.has("flush")) {
      int len = queue.size();
      if (msg.get("flush") instanceof Number n) {
        len = (int) Math.max(0, Math.min(Math.floor(n.doubleValue()), len));
      }
      if (len == 0) {
        stopInterval();
      } else {
        for (; len > 0; len--) {
          Queued q = queue.pollFirst();
          q.msg().remove("flush");
          q.msg().remove("reset");
          if (DelayNode.contentKeys(q.msg()) > 0) {
            services.send(q.msg());
          }
          q.done().done();
        }
        startInterval();
      }
      services.status(DelayNode.depth(queue.size()));
      done.done();
    }
  }

  private void dropping(Message msg, Done done) {
    double requested = requestedRate(msg);
    if (!Double.isNaN(requested)) {
      rateMs = requested;
    }
    long now = System.nanoTime();
    if (lastSentNanos == -1 || (now - lastSentNanos) > rateMs * 1_000_000) {
      lastSentNanos = now;
      services.send(msg);
    } else if (twoOutputs) {
      services.send(Arrays.asList(null, msg));
    }
    done.done();
  }

  /** {@code msg.rate} when {@code allowrate} and it parses as a number, else NaN. */
  private double requestedRate(Message msg) {
    return allowRate && msg.has("rate") ? FixedDelay.parseFloat(msg.get("rate")) : Double.NaN;
  }

  private void tick() {
    Queued q = queue.pollFirst();
    if (q == null) {
      stopInterval();
    } else {
      if (DelayNode.contentKeys(q.msg()) > 0) {
        services.send(q.msg());
      }
      q.done().done();
    }
    depth.report(queue.size());
  }

  private void startInterval() {
    interval.start(rateMs, this::tick);
  }

  private void stopInterval() {
    interval.stop();
  }

  @Override
  public void close() {
    stopInterval();
    depth.cancel();
    queue.forEach(q -> q.done().done());
    queue.clear();
    services.status(NodeStatus.CLEAR);
  }
}
