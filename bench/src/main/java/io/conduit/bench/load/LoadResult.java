package io.conduit.bench.load;

import org.HdrHistogram.Histogram;

/**
 * What one load run measured. {@code sent}: messages published in the measured phase.
 * {@code expected} / {@code delivered}: deliveries (counting each subscriber) of every message of
 * the run, warm-up included, that should have arrived / arrived by the end of the drain time: the
 * loss. {@code inWindow}: deliveries of the run's messages that arrived during the measured phase
 * of {@code windowSeconds}: the steady-state delivery rate, which a backlog in socket buffers
 * cannot inflate or hide. Latencies are send-to-receive of the measured messages, in microseconds.
 */
public record LoadResult(String description, long sent, long expected, long delivered, long inWindow, double windowSeconds,
                         long p50Micros, long p99Micros, long p999Micros, long maxMicros, double generatorCpuPercent, long publishErrors) {

  static LoadResult of(String description, long sent, long expected, long delivered, long inWindow, double windowSeconds,
                       Histogram latency, double cpu, long errors) {
    boolean any = latency.getTotalCount() > 0;
    return new LoadResult(description, sent, expected, delivered, inWindow, windowSeconds,
      any ? latency.getValueAtPercentile(50) : -1, any ? latency.getValueAtPercentile(99) : -1, any ? latency.getValueAtPercentile(99.9) : -1,
      any ? latency.getMaxValue() : -1, cpu, errors);
  }

  /** Deliveries per second during the measured phase. */
  public double deliveredPerSecond() {
    return windowSeconds <= 0 ? 0 : inWindow / windowSeconds;
  }

  /** Messages published per second in the measured phase. */
  public double sentPerSecond(int seconds) {
    return (double) sent / seconds;
  }

  /** Share of expected deliveries that never arrived, in percent (0 when none were expected). */
  public double lossPercent() {
    return expected == 0 ? 0 : Math.max(0, 100.0 * (expected - delivered) / expected);
  }

  @Override
  public String toString() {
    return String.format("%s: %,.0f msg/s delivered (run total %,d of %,d expected, loss %.3f%%), latency p50 %.2f ms p99 %.2f ms p99.9 %.2f ms max %.2f ms, generator CPU %.0f%%%s",
      description, deliveredPerSecond(), delivered, expected, lossPercent(), p50Micros / 1000.0, p99Micros / 1000.0,
      p999Micros / 1000.0, maxMicros / 1000.0, generatorCpuPercent, publishErrors > 0 ? ", " + publishErrors + " publish errors" : "");
  }
}
