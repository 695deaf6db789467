package io.conduit.bench.load;

import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Latency at a fixed rate of several brokers measured at the same time, for comparing tails on a
 * shared machine:
 * <pre>
 * PairedLatency [--qos 0] [--rate 1000] [--warmup 15] [--seconds 10] [--rounds 3] NAME=PORT NAME=PORT ...
 * </pre>
 * Each broker gets one publisher → {@code bench/t/0} → one subscriber (1→1, 64-byte payloads) at
 * {@code rate} msg/s, and ONE pacer drives all publishers in turn, so that every broker sees the
 * same machine noise (other processes, the generator's own pauses) at the same moments. Run one
 * after the other, as bench/run.sh does, each broker's p99 is mostly the noise of its own 10 s;
 * paired, the ratio of the tails is the brokers' own. Prints each round and the rounds pooled.
 * The brokers must be running already (on 127.0.0.1).
 */
public final class PairedLatency {
  private PairedLatency() {
  }

  /** One broker's clients and the histogram of all its rounds. */
  private static final class Side {
    final String name;
    final int port;
    final Histogram pooled = new Histogram(Receiver.MAX_TRACKABLE_MICROS, 3);
    Receiver receiver;
    Publisher publisher;
    final List<Mqtt3AsyncClient> clients = new ArrayList<>();

    Side(String name, int port) {
      this.name = name;
      this.port = port;
    }
  }

  public static void main(String[] args) throws Exception {
    LoadOptions o = new LoadOptions().port(1).rate(1000).warmupSeconds(15);
    int rounds = 3;
    Map<String, Side> sides = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--qos" -> o.qos(Integer.parseInt(args[++i]));
        case "--rate" -> o.rate(Integer.parseInt(args[++i]));
        case "--warmup" -> o.warmupSeconds(Integer.parseInt(args[++i]));
        case "--seconds" -> o.seconds(Integer.parseInt(args[++i]));
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        default -> {
          String[] kv = args[i].split("=", 2);
          if (kv.length != 2) throw new IllegalArgumentException("expected NAME=PORT or an option, got '" + args[i] + "' (see the class comment)");
          sides.put(kv[0], new Side(kv[0], Integer.parseInt(kv[1])));
        }
      }
    }
    if (sides.isEmpty() || o.rate() == 0) throw new IllegalArgumentException("needs a rate > 0 and at least one NAME=PORT");
    for (int r = 1; r <= rounds; r++) {
      round(o, r, sides.values());
    }
    System.out.printf("pooled, %d rounds of %d s, qos %d, %d msg/s each:%n", rounds, o.seconds(), o.qos(), o.rate());
    for (Side s : sides.values()) System.out.println("  " + line(s.name, s.pooled));
    System.exit(0);
  }

  private static void round(LoadOptions o, int round, Iterable<Side> sides) throws Exception {
    int mark = 2 * (round % (Payload.MAX_MARK / 2) + 1);
    List<Publisher> publishers = new ArrayList<>();
    try {
      for (Side s : sides) {
        s.receiver = Receiver.binary(mark);
        Receiver receiver = s.receiver;
        String id = "paired-" + s.name + "-" + round;
        Mqtt3AsyncClient sub = Clients.connect(id + "-sub", o.host(), s.port, null, 60).get(30, TimeUnit.SECONDS);
        s.clients.add(sub);
        Clients.subscribe(sub, o.subscribeFilter(0), o.qos(), receiver::accept).get(30, TimeUnit.SECONDS);
        Mqtt3AsyncClient pub = Clients.connect(id + "-pub", o.host(), s.port, null, 60).get(30, TimeUnit.SECONDS);
        s.clients.add(pub);
        s.publisher = new Publisher(pub, 0, o, mark);
        s.publisher.startPushed();
        publishers.add(s.publisher);
      }
      Pacer pacer = new Pacer(publishers, o.rate() * publishers.size());
      pacer.start();
      Thread.sleep(o.warmupSeconds() * 1000L);
      publishers.forEach(Publisher::measure);
      Thread.sleep(o.seconds() * 1000L);
      pacer.stop();
      publishers.forEach(Publisher::stop);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(o.drainSeconds());
      for (Side s : sides) {
        while (s.receiver.measuredCount() < s.publisher.sentMeasured() && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        Histogram h = s.receiver.latency();
        s.pooled.add(h);
        System.out.printf("round %d: %s, %d of %d arrived%n", round, line(s.name, h), s.receiver.measuredCount(), s.publisher.sentMeasured());
      }
    } finally {
      for (Side s : sides) {
        for (Mqtt3AsyncClient c : s.clients) Clients.disconnect(c).get(30, TimeUnit.SECONDS);
        s.clients.clear();
      }
    }
  }

  private static String line(String name, Histogram h) {
    return String.format("%-12s p50 %.3f ms p99 %.3f ms p99.9 %.3f ms max %.3f ms (%d messages, %.2f%% over 1 ms)", name,
      h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0, h.getValueAtPercentile(99.9) / 1000.0,
      h.getMaxValue() / 1000.0, h.getTotalCount(),
      h.getTotalCount() == 0 ? 0 : 100.0 * (h.getTotalCount() - h.getCountBetweenValues(0, 1000)) / h.getTotalCount());
  }
}
