package io.conduit.bench.load;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * The receiving end of a load run, shared by all subscribers of the run (their callbacks run on
 * the client's Netty threads, so everything here is thread-safe and lock-free). Counts what
 * arrives of this run (warm-up and measured marks, see {@link Payload}), what arrives while the
 * measured phase lasts (the steady-state delivery rate, whatever backlog the messages came
 * through), and the latency of measured messages in microseconds; anything else is a straggler of
 * an earlier run or a probe, counted apart.
 */
public final class Receiver {
  /** Latencies above this (µs) are clamped: a minute is already a broken run. */
  static final long MAX_TRACKABLE_MICROS = 60_000_000L;

  private final Function<ByteBuffer, Payload.Stamp> decoder;
  private final int mark;
  private final ConcurrentHistogram latency = new ConcurrentHistogram(MAX_TRACKABLE_MICROS, 3);
  private final LongAdder measured = new LongAdder();
  private final LongAdder warmup = new LongAdder();
  private final LongAdder inWindow = new LongAdder();
  private volatile boolean windowOpen;
  private final LongAdder foreign = new LongAdder();
  private volatile long lastArrivalMicros;

  private Receiver(Function<ByteBuffer, Payload.Stamp> decoder, int mark) {
    if (mark < 2 || mark > Payload.MAX_MARK || mark % 2 != 0) {
      throw new IllegalArgumentException("mark must be even, 2.." + Payload.MAX_MARK + ", was " + mark);
    }
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
    if (s == null || (s.mark() != mark && s.mark() != Payload.warmupMark(mark))) {
      foreign.increment();
      return;
    }
    if (windowOpen) inWindow.increment();
    if (s.mark() != mark) {
      warmup.increment();
      return;
    }
    measured.increment();
    latency.recordValue(Math.min(MAX_TRACKABLE_MICROS, Math.max(0, now - s.sentMicros())));
  }

  /** Starts or ends counting arrivals for the delivery rate. */
  public void window(boolean open) {
    windowOpen = open;
  }

  /** This run's messages that arrived while the window was open. */
  public long windowCount() {
    return inWindow.sum();
  }

  /** Every message of this run that arrived, warm-up and measured. */
  public long ownCount() {
    return measured.sum() + warmup.sum();
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
