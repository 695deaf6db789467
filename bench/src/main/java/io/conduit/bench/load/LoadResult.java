package io.conduit.bench.load;

import org.HdrHistogram.Histogram;

/**
 * What one load run measured. Rates are over the measured phase: {@code delivered} messages
 * (deliveries, counting each subscriber) between the start of the measured phase and the later of
 * its end and the last measured arrival. Latencies are send-to-receive, in microseconds.
 */
public record LoadResult(String description, long sent, long expected, long delivered, double windowSeconds,
                         long p50Micros, long p99Micros, long maxMicros, double generatorCpuPercent, long publishErrors) {

  static LoadResult of(String description, long sent, long expected, long delivered, double windowSeconds,
                       Histogram latency, double cpu, long errors) {
    boolean any = latency.getTotalCount() > 0;
    return new LoadResult(description, sent, expected, delivered, windowSeconds,
      any ? latency.getValueAtPercentile(50) : -1, any ? latency.getValueAtPercentile(99) : -1,
      any ? latency.getMaxValue() : -1, cpu, errors);
  }

  /** Deliveries per second. */
  public double deliveredPerSecond() {
    return windowSeconds <= 0 ? 0 : delivered / windowSeconds;
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
    return String.format("%s: %,.0f msg/s delivered (%,d of %,d expected, loss %.3f%%), latency p50 %.2f ms p99 %.2f ms max %.2f ms, generator CPU %.0f%%%s",
      description, deliveredPerSecond(), delivered, expected, lossPercent(), p50Micros / 1000.0, p99Micros / 1000.0,
      maxMicros / 1000.0, generatorCpuPercent, publishErrors > 0 ? ", " + publishErrors + " publish errors" : "");
  }
}
