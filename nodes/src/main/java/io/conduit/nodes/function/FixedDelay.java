package io.conduit.nodes.function;

import io.conduit.nodes.util.JsValues;
import io.conduit.spi.Done;
import io.conduit.spi.Message;
import io.conduit.spi.NodeServices;
import io.conduit.spi.NodeStatus;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The delay node's {@code delay}, {@code delayv} and {@code random} modes: every message gets its
 * own timer. {@code msg.delay} (milliseconds, parsed like {@code parseFloat}) overrides the delay
 * in {@code delayv} mode; negative delays are 0. {@code msg.reset} cancels every waiting message
 * (including a reset message that carries a payload); {@code msg.flush} sends the waiting ones now
 * (all, or the first n when it is a number). A message holding only {@code flush} is not delayed
 * itself. Waiting messages are kept in arrival order.
 */
final class FixedDelay implements DelayNode.Mode {
  private record Waiting(Message msg, Done done) {
  }

  private static final java.util.regex.Pattern FLOAT_PREFIX =
    java.util.regex.Pattern.compile("^[+-]?(Infinity|(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?)");

  private final NodeServices services;
  private final boolean variable;
  private final double baseMs;
  private final double randomSpanMs;
  private final Map<Long, Waiting> waiting = new LinkedHashMap<>();

  FixedDelay(NodeServices services, boolean variable, double baseMs, double randomSpanMs) {
    this.services = services;
    this.variable = variable;
    this.baseMs = baseMs;
    this.randomSpanMs = randomSpanMs;
  }

  @Override
  public void input(Message msg, Done done) {
    if (!DelayNode.isOnlyFlush(msg)) {
      double ms = delayFor(msg);
      long[] id = new long[1];
      id[0] = services.setTimer(Math.max(1, Math.round(ms)), () -> fire(id[0]));
      waiting.put(id[0], new Waiting(msg, done));
    } else {
      done.done();
    }
    if (msg.has("reset")) {
      clear(true);
    } else if (msg.has("flush")) {
      flush(msg.get("flush"));
      done.done();
    } else if (showsDepth()) {
      services.status(DelayNode.depth(waiting.size()));
    }
  }

  private double delayFor(Message msg) {
    double ms = baseMs;
    if (variable && msg.has("delay")) {
      double d = parseFloat(msg.get("delay"));
      if (!Double.isNaN(d)) {
        ms = d;
      }
    } else if (randomSpanMs != 0) {
      ms = baseMs + randomSpanMs * ThreadLocalRandom.current().nextDouble();
    }
    return Math.max(0, ms);
  }

  /** JavaScript's {@code parseFloat}: the longest leading decimal number of the text, else NaN. */
  static double parseFloat(Object v) {
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    java.util.regex.Matcher m = FLOAT_PREFIX.matcher(JsValues.toStr(v).stripLeading());
    if (!m.find()) {
      return Double.NaN;
    }
    return JsValues.stringToNumber(m.group());
  }

  private boolean showsDepth() {
    return variable || randomSpanMs != 0 || baseMs > 1000;
  }

  private void fire(long id) {
    Waiting w = waiting.remove(id);
    if (w == null) {
      return;
    }
    if (showsDepth()) {
      services.status(DelayNode.depth(waiting.size()));
    }
    services.send(w.msg());
    w.done().done();
  }

  private void flush(Object count) {
    int n = waiting.size();
    if (count instanceof Number c) {
      n = (int) Math.max(0, Math.min(Math.floor(c.doubleValue()), n));
    }
    List<Long> ids = new ArrayList<>(waiting.keySet()).subList(0, n);
    for (long id : ids) {
      services.cancelTimer(id);
      fire(id);
    }
    services.status(DelayNode.depth(waiting.size()));
  }

  private void clear(boolean showReset) {
    for (Iterator<Map.Entry<Long, Waiting>> it = waiting.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Long, Waiting> e = it.next();
      services.cancelTimer(e.getKey());
      it.remove();
      e.getValue().done().done();
    }
    services.status(showReset ? NodeStatus.of("blue", "ring", "0") : NodeStatus.CLEAR);
  }

  @Override
  public void close() {
    clear(false);
  }
}
