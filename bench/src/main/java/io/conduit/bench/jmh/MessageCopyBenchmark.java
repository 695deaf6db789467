package io.conduit.bench.jmh;

import io.conduit.spi.Message;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The cost of Node-RED's copy rule in Conduit: {@link Message#copy()} (a node wired to two outputs
 * copies every message but the first; {@code _msgid} costs are in MessageIdBenchmark). Messages: what {@code mqtt in} makes of the flow benchmark's JSON
 * ({@code small}), and a sensor reading with an array of 20 numbers and a nested object
 * ({@code nested}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MessageCopyBenchmark {
  private Message small;
  private Message nested;

  @Setup
  public void build() {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("v", 7);
    payload.put("e", 1);
    payload.put("p", 0);
    payload.put("s", 12345);
    payload.put("t", 987654321L);
    small = Message.withPayload(payload);
    small.topic("bench/in/0").set("qos", 0).set("retain", false);
    small.ensureId();

    Map<String, Object> reading = new LinkedHashMap<>();
    List<Object> samples = new ArrayList<>();
    for (int i = 0; i < 20; i++) samples.add(20.0 + i / 10.0);
    reading.put("device", "sensor-42");
    reading.put("samples", samples);
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("site", "north");
    meta.put("unit", "°C");
    meta.put("calibrated", true);
    reading.put("meta", meta);
    nested = Message.withPayload(reading);
    nested.topic("sites/north/sensor-42").set("qos", 1).set("retain", false);
    nested.ensureId();
  }

  @Benchmark
  public Message copySmall() {
    return small.copy();
  }

  @Benchmark
  public Message copyNested() {
    return nested.copy();
  }
}
