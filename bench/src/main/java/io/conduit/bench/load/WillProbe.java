package io.conduit.bench.load;

import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import org.HdrHistogram.Histogram;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * How fast a broker publishes a Last Will:
 * <ul>
 *   <li>{@link #afterSocketLoss}: a client with a will (topic {@code bench/will/<i>}) is connected on
 *       a raw socket, which is then closed without DISCONNECT; measured from the close to the
 *       will's arrival at a subscriber of {@code bench/will/#}, one client after the other;</li>
 *   <li>{@link #afterSilence}: clients with keep-alive 1 s send CONNECT and nothing else; measured
 *       from their CONNECT (their last packet) to the will's arrival. MQTT allows 1.5 × keep-alive
 *       of silence, so 1.5 s is the floor.</li>
 * </ul>
 */
public final class WillProbe {
  /** One series of will timings, in microseconds. */
  public record Result(String description, int samples, int missing, long p50Micros, long p99Micros, long maxMicros) {
    @Override
    public String toString() {
      return String.format("%s: %d wills, %d missing, p50 %.2f ms p99 %.2f ms max %.2f ms", description, samples, missing,
        p50Micros / 1000.0, p99Micros / 1000.0, maxMicros / 1000.0);
    }
  }

  private final String host;
  private final int port;
  private final ConcurrentHashMap<String, CompletableFuture<Long>> arrivals = new ConcurrentHashMap<>();
  private Mqtt3AsyncClient subscriber;

  public WillProbe(String host, int port) {
    this.host = host;
    this.port = port;
  }

  private void subscribe() throws Exception {
    if (subscriber != null) return;
    subscriber = Clients.connect("bench-will-watch", host, port, null, 60).get(30, TimeUnit.SECONDS);
    Clients.subscribe(subscriber, "bench/will/#", 0, this::arrived).get(30, TimeUnit.SECONDS);
  }

  private void arrived(ByteBuffer payload) {
    long now = System.nanoTime();
    String key = StandardCharsets.UTF_8.decode(payload.duplicate()).toString();
    arrivals.computeIfAbsent(key, k -> new CompletableFuture<>()).complete(now);
  }

  private CompletableFuture<Long> arrival(String key) {
    return arrivals.computeIfAbsent(key, k -> new CompletableFuture<>());
  }

  public Result afterSocketLoss(int samples) throws Exception {
    subscribe();
    Histogram h = new Histogram(Receiver.MAX_TRACKABLE_MICROS, 3);
    int missing = 0;
    for (int i = 0; i < samples; i++) {
      String key = "loss-" + i;
      RawMqtt c = RawMqtt.connect(host, port, "bench-will-" + key, 60, "bench/will/" + key, key.getBytes(StandardCharsets.UTF_8), 10_000);
      // let the broker finish with the CONNECT before the socket dies
      Thread.sleep(5);
      long killed = System.nanoTime();
      c.close();
      try {
        long got = arrival(key).get(5, TimeUnit.SECONDS);
        h.recordValue(Math.min(Receiver.MAX_TRACKABLE_MICROS, (got - killed) / 1000));
      } catch (java.util.concurrent.TimeoutException e) {
        missing++;
      }
    }
    return result("will after socket loss", samples, missing, h);
  }

  public Result afterSilence(int clients) throws Exception {
    subscribe();
    Histogram h = new Histogram(Receiver.MAX_TRACKABLE_MICROS, 3);
    List<RawMqtt> open = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    int missing = 0;
    try {
      for (int i = 0; i < clients; i++) {
        String key = "silent-" + i;
        keys.add(key);
        arrival(key);
        open.add(RawMqtt.connect(host, port, "bench-will-" + key, 1, "bench/will/" + key, key.getBytes(StandardCharsets.UTF_8), 10_000));
        Thread.sleep(50); // spread the clients over the broker's keep-alive check period
      }
      for (int i = 0; i < clients; i++) {
        try {
          long got = arrival(keys.get(i)).get(30, TimeUnit.SECONDS);
          h.recordValue(Math.min(Receiver.MAX_TRACKABLE_MICROS, (got - open.get(i).connectSentNanos()) / 1000));
        } catch (java.util.concurrent.TimeoutException e) {
          missing++;
        }
      }
    } finally {
      for (RawMqtt c : open) c.close();
    }
    return result("will after 1 s keep-alive silence", clients, missing, h);
  }

  private static Result result(String what, int samples, int missing, Histogram h) {
    boolean any = h.getTotalCount() > 0;
    return new Result(what, samples, missing, any ? h.getValueAtPercentile(50) : -1, any ? h.getValueAtPercentile(99) : -1,
      any ? h.getMaxValue() : -1);
  }

  public void close() throws Exception {
    if (subscriber != null) Clients.disconnect(subscriber).get(10, TimeUnit.SECONDS);
  }
}
