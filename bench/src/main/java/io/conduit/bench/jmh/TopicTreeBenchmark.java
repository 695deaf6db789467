package io.conduit.bench.jmh;

import io.conduit.broker.TopicTree;
import io.conduit.spi.TopicFilter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Match time of the broker's subscription index ({@link TopicTree}) with 100, 10,000 and 1,000,000
 * subscriptions. The subscriptions model a device fleet
 * {@code site/<s>/area/<a>/device/<d>/<metric>}: 70% exact filters, 15% {@code +} in the device or
 * metric level, 10% {@code #} below an area or device, 5% first-level {@code +} dashboards; the
 * topics matched are random device metrics from the same space (so most have a few matches).
 * One operation = one {@code match} of one topic, including splitting it into levels.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class TopicTreeBenchmark {
  private static final String[] METRICS = {"temp", "humidity", "power", "state", "battery", "rssi", "co2", "door"};

  @Param({"100", "10000", "1000000"})
  public int subscriptions;

  private TopicTree<Integer> tree;
  private String[] topics;
  private int next;
  private Blackhole sink;
  private Consumer<Integer> visitor;

  @Setup(Level.Trial)
  public void build(Blackhole bh) {
    Random r = new Random(1234);
    // the space grows with the number of subscriptions: ~4 subscriptions per device
    int devices = Math.max(10, subscriptions / 4);
    int sites = Math.max(1, (int) Math.cbrt(devices / 10.0));
    int areas = 10;
    int perArea = Math.max(1, devices / (sites * areas));
    tree = new TopicTree<>();
    for (int i = 0; i < subscriptions; i++) {
      int s = r.nextInt(sites);
      int a = r.nextInt(areas);
      int d = r.nextInt(perArea);
      String m = METRICS[r.nextInt(METRICS.length)];
      int kind = r.nextInt(100);
      String filter;
      if (kind < 70) filter = "site/" + s + "/area/" + a + "/device/" + d + "/" + m;
      else if (kind < 78) filter = "site/" + s + "/area/" + a + "/device/+/" + m;
      else if (kind < 85) filter = "site/" + s + "/area/" + a + "/device/" + d + "/+";
      else if (kind < 90) filter = "site/" + s + "/area/" + a + "/#";
      else if (kind < 95) filter = "site/" + s + "/area/" + a + "/device/" + d + "/#";
      else filter = "+/" + s + "/area/+/device/+/" + m;
      tree.add(TopicFilter.parse(filter), i);
    }
    topics = new String[4096];
    for (int i = 0; i < topics.length; i++) {
      topics[i] = "site/" + r.nextInt(sites) + "/area/" + r.nextInt(areas) + "/device/" + r.nextInt(perArea) + "/"
        + METRICS[r.nextInt(METRICS.length)];
    }
    sink = bh;
    visitor = sink::consume;
  }

  @Benchmark
  public void match() {
    String topic = topics[next++ & (topics.length - 1)];
    tree.match(topic, visitor);
  }
}
