package io.conduit.nodes.function;

import io.conduit.nodes.util.JsValues;
import io.conduit.spi.Done;
import io.conduit.spi.Message;
import io.conduit.spi.NodeServices;
import io.conduit.spi.NodeStatus;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The delay node's per-topic modes. Only the latest message of each {@code msg.topic} is kept
 * (a message without a topic gets {@code "_none_"}); a newer one replaces it in place, and the
 * replaced one goes to output 2 when the node has two outputs. Every interval, {@code queue} sends
 * the oldest kept message, {@code timed} sends all of them. {@code msg.flush} sends the kept
 * messages now (all, or the first n); {@code msg.reset} drops them; {@code msg.rate} (ms) replaces
 * the interval when {@code allowrate}. The interval runs from start to close.
 */
final class TopicRateLimit implements DelayNode.Mode {
  private record Kept(Message msg, Done done) {
  }

  private final NodeServices services;
  private final double fixedRateMs;
  private final boolean releaseAll;
  private final boolean allowRate;
  private final boolean twoOutputs;
  private final List<Kept> kept = new ArrayList<>();
  private final DepthReporter depth;
  private double rateMs;
  private final Interval interval;

  TopicRateLimit(NodeServices services, double intervalMs, boolean releaseAll, boolean allowRate, boolean twoOutputs) {
    this.services = services;
    this.fixedRateMs = intervalMs;
    this.rateMs = intervalMs;
    this.releaseAll = releaseAll;
    this.allowRate = allowRate;
    this.twoOutputs = twoOutputs;
    this.depth = new DepthReporter(services);
    this.interval = new Interval(services);
  }

  @Override
  public void start() {
    startInterval();
  }

  @Override
  public void input(Message msg, Done done) {
    double requested = allowRate && msg.has("rate") ? FixedDelay.parseFloat(msg.get("rate")) : Double.NaN;
    if (!Double.isNaN(requested) && requested != rateMs) {
      rateMs = requested;
      startInterval();
    }
    if (!msg.has("topic")) {
      msg.set("topic", "_none_");
    }
    boolean hit = false;
    for (int i = 0; i < kept.size(); i++) {
      Kept k = kept.get(i);
      if (JsValues.strictEquals(msg.get("topic"), k.msg().get("topic"))) {
        if (twoOutputs) {
          services.send(Arrays.asList(null, k.msg()));
        }
        k.done().done();
        kept.set(i, new Kept(msg, done));
        hit = true;
        break;
      }
    }
    if (!hit) {
      kept.add(new Kept(msg, done));
      depth.report(kept.size());
    }
    if (msg.has("flush")) {
      int len = kept.size();
      if (msg.get("flush") instanceof Number n) {
        len = (int) Math.max(0, Math.min(Math.floor(n.doubleValue()), len));
      }
      for (; len > 0; len--) {
        Kept k = kept.remove(0);
        k.msg().remove("flush");
        k.msg().remove("reset");
        if (DelayNode.contentKeys(k.msg()) > 1) { // more than the topic
          services.send(k.msg());
        }
        k.done().done();
      }
      services.status(NodeStatus.CLEAR);
      done.done();
    }
    if (msg.has("reset")) {
      kept.forEach(k -> k.done().done());
      kept.clear();
      rateMs = fixedRateMs;
      services.status(NodeStatus.of(null, null, "reset"));
      done.done();
    }
  }

  private void tick() {
    if (releaseAll) {
      while (!kept.isEmpty()) {
        release(kept.remove(0));
      }
    } else if (!kept.isEmpty()) {
      release(kept.remove(0));
    }
    depth.report(kept.size());
  }

  private void release(Kept k) {
    services.send(k.msg());
    k.done().done();
  }

  private void startInterval() {
    interval.start(rateMs, this::tick);
  }

  @Override
  public void close() {
    interval.stop();
    depth.cancel();
    kept.forEach(k -> k.done().done());
    kept.clear();
    services.status(NodeStatus.CLEAR);
  }
}
