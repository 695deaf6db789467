package io.conduit.bench.function;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import io.vertx.core.json.JsonObject;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Load for the flow {@code mqtt in bench/in/# -> function -> mqtt out bench/out} on any broker
 * (Conduit's built-in one, or Mosquitto in front of Node-RED): publishes QoS 0 messages with at
 * most {@code window} of them in flight (published but not yet back on {@code bench/out}), so the
 * flow runs at its own top speed without the overload loss of an open loop. Every message carries
 * its sequence number (in {@code v} for {@code double}, in the sensor id for {@code transform}); the
 * result of each is checked, and latency is send-to-receive per message.
 *
 * <p>Usage: {@code FunctionFlowLoad <host> <port> <double|transform> <warmupSeconds> <seconds> [window]}.
 * Prints one JSON line: msgs/s over the measured seconds, lost and wrong results, p50/p99 latency,
 * and the CPU time this process used (the load generator must not be the bottleneck).
 */
public final class FunctionFlowLoad {
  private static final int MAX_MESSAGES = Integer.MAX_VALUE;
  /** Send times by sequence number modulo this (far more than can be in flight). */
  private static final int RING = 1 << 20;

  private final String script;
  private final Semaphore window;
  private final AtomicLongArray sentAt;
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong wrong = new AtomicLong();
  private volatile boolean measuring;
  private final AtomicLong measuredCount = new AtomicLong();
  private final long[] latencies = new long[4_000_000];
  private final AtomicLong latencyCount = new AtomicLong();

  private FunctionFlowLoad(String script, int window) {
    this.script = script;
    this.window = new Semaphore(window);
    this.sentAt = new AtomicLongArray(RING);
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 5) {
      System.err.println("usage: FunctionFlowLoad <host> <port> <double|transform> <warmupSeconds> <seconds> [window]");
      System.exit(2);
    }
    String host = args[0];
    int port = Integer.parseInt(args[1]);
    String script = args[2];
    int warmup = Integer.parseInt(args[3]);
    int seconds = Integer.parseInt(args[4]);
    int window = args.length > 5 ? Integer.parseInt(args[5]) : 200;
    new FunctionFlowLoad(script, window).run(host, port, warmup, seconds);
  }

  private void run(String host, int port, int warmup, int seconds) throws Exception {
    Mqtt3AsyncClient sub = Mqtt3Client.builder().identifier("bench-sub-" + System.nanoTime())
      .serverHost(host).serverPort(port).buildAsync();
    Mqtt3AsyncClient pub = Mqtt3Client.builder().identifier("bench-pub-" + System.nanoTime())
      .serverHost(host).serverPort(port).buildAsync();
    sub.connectWith().cleanSession(true).send().get(10, TimeUnit.SECONDS);
    sub.publishes(MqttGlobalPublishFilter.ALL, this::onResult);
    sub.subscribeWith().topicFilter("bench/out/#").qos(MqttQos.AT_MOST_ONCE).send().get(10, TimeUnit.SECONDS);
    pub.connectWith().cleanSession(true).send().get(10, TimeUnit.SECONDS);

    long cpuStart = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    long processCpuStart = processCpuNanos();
    long start = System.nanoTime();
    long warmupEnd = start + warmup * 1_000_000_000L;
    long end = warmupEnd + seconds * 1_000_000_000L;
    long measuredFrom = 0;
    long seq = 0;
    int stalls = 0;
    while (true) {
      long now = System.nanoTime();
      if (!measuring && now >= warmupEnd) {
        measuredFrom = now;
        measuredCount.set(0);
        latencyCount.set(0);
        processCpuStart = processCpuNanos();
        measuring = true;
      }
      if (now >= end || seq >= MAX_MESSAGES) {
        break;
      }
      if (!window.tryAcquire(1, TimeUnit.SECONDS)) {
        // a message (QoS 0) was lost: give its slot back and count it at the end
        stalls++;
        window.release();
        continue;
      }
      sentAt.set((int) (seq % RING), System.nanoTime());
      pub.publishWith().topic("bench/in/" + (seq & 7)).qos(MqttQos.AT_MOST_ONCE)
        .payload(payload(seq)).send();
      seq++;
    }
    long measuredNanos = System.nanoTime() - measuredFrom;
    long measured = measuredCount.get();
    long processCpu = processCpuNanos() - processCpuStart;
    // let the last messages arrive
    long drainUntil = System.nanoTime() + 3_000_000_000L;
    while (received.get() < seq && System.nanoTime() < drainUntil) {
      Thread.sleep(10); // bounded drain wait at the end of a load run, not a test
    }
    long lost = seq - received.get();
    int n = (int) Math.min(latencyCount.get(), latencies.length);
    long[] lat = Arrays.copyOf(latencies, n);
    Arrays.sort(lat);
    JsonObject result = new JsonObject()
      .put("script", script)
      .put("msgs_per_s", Math.round(measured * 1e9 / measuredNanos))
      .put("sent", seq)
      .put("lost", lost)
      .put("wrong", wrong.get())
      .put("stalls", stalls)
      .put("p50_us", n == 0 ? null : lat[n / 2] / 1000)
      .put("p99_us", n == 0 ? null : lat[(int) (n * 0.99)] / 1000)
      .put("loadgen_cpu_pct", Math.round(100.0 * processCpu / measuredNanos))
      .put("main_thread_cpu_ms", (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuStart) / 1_000_000);
    System.out.println(result.encode());
    pub.disconnect().get(10, TimeUnit.SECONDS);
    sub.disconnect().get(10, TimeUnit.SECONDS);
    System.exit(0);
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private byte[] payload(long seq) {
    if (script.equals("double")) {
      return ("{\"v\":" + seq + "}").getBytes(StandardCharsets.UTF_8);
    }
    StringBuilder sb = new StringBuilder("{\"id\":\"s-").append(seq).append("\",\"values\":[");
    for (int k = 0; k < 20; k++) {
      sb.append(k == 0 ? "" : ",").append((seq + k * 7) % 100).append('.').append(k % 10);
    }
    return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  private void onResult(Mqtt3Publish p) {
    long now = System.nanoTime();
    long seq = -1;
    try {
      JsonObject out = new JsonObject(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8));
      if (script.equals("double")) {
        long v = out.getLong("v");
        seq = v / 2;
        if (v % 2 != 0) {
          wrong.incrementAndGet();
        }
      } else {
        String sensor = out.getString("sensor");
        seq = Long.parseLong(sensor.substring(2));
        if (out.getInteger("count") != 20 || out.getDouble("avg") == null) {
          wrong.incrementAndGet();
        }
      }
    } catch (RuntimeException e) {
      wrong.incrementAndGet();
    }
    received.incrementAndGet();
    if (measuring) {
      measuredCount.incrementAndGet();
      if (seq >= 0) {
        long i = latencyCount.getAndIncrement();
        if (i < latencies.length) {
          latencies[(int) i] = now - sentAt.get((int) (seq % RING));
        }
      }
    }
    window.release();
  }
}
