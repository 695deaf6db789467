package io.conduit.bench.load;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * The receiving end of a load run, shared by all subscribers of the run (their callbacks run on
 * the client's Netty threads, so everything here is thread-safe and lock-free). Counts what
 * arrives per phase and records the latency of measured messages (those with this run's mark) in
 * microseconds; anything else with a mark is a straggler of an earlier run and counted apart.
 */
public final class Receiver {
  /** Latencies above this (µs) are clamped: a minute is already a broken run. */
  static final long MAX_TRACKABLE_MICROS = 60_000_000L;

  private final Function<ByteBuffer, Payload.Stamp> decoder;
  private final int mark;
  private final ConcurrentHistogram latency = new ConcurrentHistogram(MAX_TRACKABLE_MICROS, 3);
  private final LongAdder measured = new LongAdder();
  private final LongAdder warmup = new LongAdder();
  private final LongAdder foreign = new LongAdder();
  private volatile long lastArrivalMicros;

  private Receiver(Function<ByteBuffer, Payload.Stamp> decoder, int mark) {
    if (mark < 1 || mark > Payload.MAX_MARK) throw new IllegalArgumentException("mark must be 1.." + Payload.MAX_MARK + ", was " + mark);
    this.decoder = decoder;
    this.mark = mark;
  }

  public static Receiver binary(int mark) {
    return new Receiver(Payload::readBinary, mark);
  }

  public static Receiver json(int mark) {
    return new Receiver(Payload::readJson, mark);
  }

  /** Takes one received payload. */
  public void accept(ByteBuffer payload) {
    long now = Payload.now();
    lastArrivalMicros = now;
    Payload.Stamp s = decoder.apply(payload);
    if (s == null || (s.mark() != mark && s.mark() != 0)) {
      foreign.increment();
      return;
    }
    if (s.mark() == 0) {
      warmup.increment();
      return;
    }
    measured.increment();
    latency.recordValue(Math.min(MAX_TRACKABLE_MICROS, Math.max(0, now - s.sentMicros())));
  }

  public long measuredCount() {
    return measured.sum();
  }

  public long warmupCount() {
    return warmup.sum();
  }

  /** Messages that were not this run's (other runs' stragglers, leftovers); never counted as delivered. */
  public long foreignCount() {
    return foreign.sum();
  }

  public long lastArrivalMicros() {
    return lastArrivalMicros;
  }

  /** A copy of the latency histogram of measured messages (µs). */
  public Histogram latency() {
    return latency.copy();
  }
}
