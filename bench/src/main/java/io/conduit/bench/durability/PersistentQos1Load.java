package io.conduit.bench.durability;

import io.conduit.bench.load.PubSubLoad;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Issue #7's load: QoS 1 into persistent subscribers (clean session false, connected, QoS 1), the
 * case where the durability rule delays PUBACKs. Raw MQTT 3.1.1 sockets ({@link WireClient}), so no
 * client library sits between the load and the broker:
 * <ul>
 *   <li>one publisher sends 64-byte QoS 1 messages with up to {@link #WINDOW} unacknowledged (a
 *       pipelining client), at full speed ({@code rate} 0) or paced at {@code rate} msg/s;</li>
 *   <li>each subscriber acknowledges every message at once; latency = receive time - send time
 *       (the send time travels in the payload);</li>
 *   <li>msgs/s = messages published and acknowledged per second of the measured phase;
 *       deliveries/s = messages received by all subscribers per second; p50/p99 over every delivery
 *       in the measured phase.</li>
 * </ul>
 */
public final class PersistentQos1Load {
  private static final byte[] TOPIC = "bench/durable".getBytes(StandardCharsets.UTF_8);
  private static final int PAYLOAD = 64;
  /** Unacknowledged QoS 1 messages the publisher keeps in flight. */
  public static final int WINDOW = 100;

  public record Result(int subscribers, int rate, double publishedPerSecond, double deliveredPerSecond, double p50Millis,
                       double p99Millis) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "QoS 1 into %d persistent subscriber(s)%s: %.0f msg/s published (PUBACKed), %.0f deliveries/s, p50 %.2f ms, p99 %.2f ms",
        subscribers, rate == 0 ? ", max rate" : " at " + rate + " msg/s", publishedPerSecond, deliveredPerSecond, p50Millis, p99Millis);
    }
  }

  private PersistentQos1Load() {
  }

  public static Result run(int port, int subscribers, int rate, int warmupSeconds, int seconds, PubSubLoad.PhaseListener phases)
    throws Exception {
    List<WireClient> clients = new ArrayList<>();
    AtomicBoolean measuring = new AtomicBoolean(false);
    AtomicBoolean running = new AtomicBoolean(true);
    try {
      List<long[]> latencies = new ArrayList<>();
      List<int[]> counts = new ArrayList<>();
      for (int s = 0; s < subscribers; s++) {
        WireClient sub = new WireClient(port, "durable-sub-" + s, false);
        clients.add(sub);
        sub.subscribe("bench/durable", 1);
        long[] lat = new long[2_000_000];
        int[] count = new int[1];
        latencies.add(lat);
        counts.add(count);
        Thread t = new Thread(() -> readSubscriber(sub, lat, count, measuring, running), "durable-sub-" + s);
        t.setDaemon(true);
        t.start();
      }
      WireClient pub = new WireClient(port, "durable-pub", true);
      clients.add(pub);
      Semaphore window = new Semaphore(WINDOW);
      AtomicLong measuredAcks = new AtomicLong();
      Thread acks = new Thread(() -> {
        try {
          while (running.get()) {
            if (pub.read().type() == 4) {
              if (measuring.get()) measuredAcks.incrementAndGet();
              window.release();
            }
          }
        } catch (IOException e) {
          // closed at the end
        }
      }, "durable-pub-acks");
      acks.setDaemon(true);
      acks.start();
      publish(pub, window, rate, warmupSeconds, seconds, measuring, phases);
      running.set(false);
      long delivered = 0;
      long[] merged = new long[counts.stream().mapToInt(c -> c[0]).sum()];
      int k = 0;
      for (int s = 0; s < subscribers; s++) {
        int n = counts.get(s)[0];
        System.arraycopy(latencies.get(s), 0, merged, k, n);
        k += n;
        delivered += n;
      }
      Arrays.sort(merged);
      double p50 = merged.length == 0 ? Double.NaN : merged[merged.length / 2] / 1e6;
      double p99 = merged.length == 0 ? Double.NaN : merged[(int) Math.max(0, Math.ceil(merged.length * 0.99) - 1)] / 1e6;
      return new Result(subscribers, rate, measuredAcks.get() / (double) seconds, delivered / (double) seconds, p50, p99);
    } finally {
      running.set(false);
      for (WireClient c : clients) {
        try {
          c.close();
        } catch (IOException ignored) {
          // gone
        }
      }
    }
  }

  private static void publish(WireClient pub, Semaphore window, int rate, int warmupSeconds, int seconds, AtomicBoolean measuring,
                              PubSubLoad.PhaseListener phases) throws Exception {
    long start = System.nanoTime();
    long measureStart = start + TimeUnit.SECONDS.toNanos(warmupSeconds);
    long end = measureStart + TimeUnit.SECONDS.toNanos(seconds);
    long interval = rate == 0 ? 0 : 1_000_000_000L / rate;
    long next = start;
    int packetId = 0;
    byte[] payload = new byte[PAYLOAD];
    while (true) {
      long now = System.nanoTime();
      if (now >= end) break;
      if (!measuring.get() && now >= measureStart) {
        measuring.set(true);
        phases.measureStarted();
      }
      if (interval > 0) {
        if (now < next) {
          pub.flush();
          LockSupport.parkNanos(next - now);
          continue;
        }
        next += interval;
      }
      if (!window.tryAcquire()) {
        pub.flush();
        if (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) continue;
      }
      packetId = packetId == 65535 ? 1 : packetId + 1;
      ByteBuffer.wrap(payload).putLong(System.nanoTime());
      pub.publish(TOPIC, packetId, payload);
      if (interval > 0 || window.availablePermits() == 0) pub.flush();
    }
    pub.flush();
    measuring.set(false);
    phases.measureEnded();
  }

  private static void readSubscriber(WireClient sub, long[] lat, int[] count, AtomicBoolean measuring, AtomicBoolean running) {
    try {
      while (running.get()) {
        WireClient.Packet p = sub.read();
        if (p.type() != 3) continue;
        byte[] b = p.body();
        int topicLen = ((b[0] & 0xFF) << 8) | (b[1] & 0xFF);
        int id = ((b[2 + topicLen] & 0xFF) << 8) | (b[3 + topicLen] & 0xFF);
        long sentAt = ByteBuffer.wrap(b, 4 + topicLen, 8).getLong();
        sub.puback(id);
        if (!sub.hasData()) sub.flush();
        if (measuring.get() && count[0] < lat.length) lat[count[0]++] = System.nanoTime() - sentAt;
      }
    } catch (IOException e) {
      if (running.get()) throw new UncheckedIOException(e);
    }
  }
}
