package io.conduit.nodes.function;

import io.conduit.nodes.util.BasicNodeType;
import io.conduit.spi.Done;
import io.conduit.spi.FlowNode;
import io.conduit.spi.Message;
import io.conduit.spi.NodeConfig;
import io.conduit.spi.NodeServices;
import io.conduit.spi.NodeStatus;
import io.vertx.core.Future;

import java.util.Set;

/**
 * Node-RED's {@code delay} node ({@code 89-delay.js}). {@code pauseType} picks the mode:
 * <ul>
 *   <li>{@code delay}: each message waits {@code timeout} {@code timeoutUnits};
 *       {@code delayv}: {@code msg.delay} milliseconds override it; {@code random}: between
 *       {@code randomFirst} and {@code randomLast} {@code randomUnits} ({@link FixedDelay}).</li>
 *   <li>{@code rate}: at most {@code rate} messages per {@code nbRateUnits} {@code rateUnits},
 *       queueing the rest, or dropping them when {@code drop} (to output 2 when
 *       {@code outputs} is 2) ({@link RateLimit}).</li>
 *   <li>{@code queue} / {@code timed}: per {@code msg.topic}, only the latest message of each
 *       topic is kept; every interval the oldest topic is sent ({@code queue}) or all of them
 *       ({@code timed}) ({@link TopicRateLimit}).</li>
 *   <li>{@code burst}: up to {@code rate} messages at once, each slot freed after the interval
 *       ({@link BurstLimit}).</li>
 * </ul>
 * Control properties as in Node-RED: {@code msg.reset} drops what is waiting, {@code msg.flush}
 * (true or a count) sends what is waiting now, {@code msg.rate} changes the rate when
 * {@code allowrate}, {@code msg.toFront} queues at the head. Every input's {@code done} is called
 * exactly once (Node-RED sometimes calls it twice or never for dropped messages).
 */
public final class DelayNode implements FlowNode {
  private static final Set<String> MODES = Set.of("delay", "delayv", "random", "rate", "queue", "timed", "burst");

  /** One pause type's behaviour. */
  interface Mode {
    default void start() {
    }

    void input(Message msg, Done done);

    void close();
  }

  private final Mode mode;

  private DelayNode(NodeConfig config, NodeServices services) {
    String pauseType = config.string("pauseType", "delay");
    if (!MODES.contains(pauseType)) {
      throw config.invalid("pauseType", "'" + pauseType + "' is not one of " + new java.util.TreeSet<>(MODES));
    }
    boolean twoOutputs = config.integer("outputs", 1) == 2;
    double nbRateUnits = config.number("nbRateUnits", 1);
    if (nbRateUnits < 0) {
      throw config.invalid("nbRateUnits", nbRateUnits + " is negative");
    }
    long unitMs = rateUnitMs(config);
    this.mode = switch (pauseType) {
      case "delay", "delayv" -> new FixedDelay(services, pauseType.equals("delayv"),
        nonNegative(config, "timeout", 5) * timeoutUnitMs(config, "timeoutUnits"), 0);
      case "random" -> {
        double unit = timeoutUnitMs(config, "randomUnits");
        double first = nonNegative(config, "randomFirst", 1) * unit;
        double last = nonNegative(config, "randomLast", 5) * unit;
        yield new FixedDelay(services, false, first, last - first);
      }
      case "burst" -> new BurstLimit(services, (long) nonNegative(config, "rate", 1),
        Math.round(nbRateUnits * unitMs), twoOutputs);
      default -> {
        double rate = nonNegative(config, "rate", 1);
        double intervalMs = unitMs / rate * (nbRateUnits > 0 ? nbRateUnits : 1);
        boolean allowRate = config.bool("allowrate", false);
        if (pauseType.equals("rate")) {
          yield new RateLimit(services, intervalMs, config.bool("drop", false), allowRate, twoOutputs);
        }
        yield new TopicRateLimit(services, intervalMs, pauseType.equals("timed"), allowRate, twoOutputs);
      }
    };
  }

  private static double nonNegative(NodeConfig config, String field, double def) {
    double v = config.number(field, def);
    if (v < 0 || Double.isNaN(v)) {
      throw config.invalid(field, v + " is not a number >= 0");
    }
    return v;
  }

  private static double timeoutUnitMs(NodeConfig config, String field) {
    return switch (config.string(field, "seconds")) {
      case "milliseconds" -> 1;
      case "minutes" -> 60_000;
      case "hours" -> 3_600_000;
      case "days" -> 86_400_000;
      default -> 1000;
    };
  }

  private static long rateUnitMs(NodeConfig config) {
    return switch (config.string("rateUnits", "second")) {
      case "minute" -> 60_000;
      case "hour" -> 3_600_000;
      case "day" -> 86_400_000;
      default -> 1000;
    };
  }

  @Override
  public Future<Void> start() {
    mode.start();
    return Future.succeededFuture();
  }

  @Override
  public void input(Message msg, Done done) {
    mode.input(msg, once(done));
  }

  @Override
  public Future<Void> close(boolean removed) {
    mode.close();
    return Future.succeededFuture();
  }

  /** A Done that ignores every call after the first. */
  static Done once(Done done) {
    boolean[] called = {false};
    return error -> {
      if (!called[0]) {
        called[0] = true;
        done.done(error);
      }
    };
  }

  static NodeStatus depth(int n) {
    return NodeStatus.of("blue", "dot", Integer.toString(n));
  }

  /** A message of only {@code flush} (and {@code _msgid}): a pure control message. */
  static boolean isOnlyFlush(Message msg) {
    return msg.has("flush") && contentKeys(msg) == 1;
  }

  /** The number of properties other than {@code _msgid}. */
  static int contentKeys(Message msg) {
    return msg.asMap().size() - (msg.has("_msgid") ? 1 : 0);
  }

  /** Registers {@code delay}. */
  public static final class Type extends BasicNodeType {
    public Type() {
      super("delay", "function", DelayNode::new);
    }
  }
}
