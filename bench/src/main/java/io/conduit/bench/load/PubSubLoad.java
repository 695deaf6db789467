package io.conduit.bench.load;

import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one publish/subscribe load ({@link LoadOptions}) against a broker, or against a flow that
 * reads {@code bench/in/#} and writes {@code bench/out/...}: connects the subscribers, then the
 * publishers, publishes through a warm-up phase and a measured phase, then waits for the
 * measured messages to arrive (at most the drain time) and reports ({@link LoadResult}).
 * The phases are timed with sleeps on purpose: this is a load tool, not a test.
 */
public final class PubSubLoad {
  /** Told when the measured phase starts and ends (e.g. to sample the broker's CPU). */
  public interface PhaseListener {
    PhaseListener NONE = new PhaseListener() {
    };

    default void measureStarted() {
    }

    default void measureEnded() {
    }
  }

  private static final java.util.concurrent.atomic.AtomicInteger RUNS = new java.util.concurrent.atomic.AtomicInteger();

  private PubSubLoad() {
  }

  /** The measured mark of the next run: 2, 4, ... {@link Payload#MAX_MARK}, round robin. */
  private static int nextMark() {
    return 2 * (RUNS.getAndIncrement() % (Payload.MAX_MARK / 2) + 1);
  }

  public static LoadResult run(LoadOptions o) throws Exception {
    return run(o, PhaseListener.NONE);
  }

  public static LoadResult run(LoadOptions options, PhaseListener listener) throws Exception {
    LoadOptions o = options.copy();
    if (o.port() < 0) throw new IllegalArgumentException("no port given");
    int mark = nextMark();
    Receiver receiver = o.json() ? Receiver.json(mark) : Receiver.binary(mark);
    List<Mqtt3AsyncClient> clients = new ArrayList<>();
    try {
      List<CompletableFuture<Mqtt3AsyncClient>> subs = new ArrayList<>();
      for (int j = 0; j < o.subscribers(); j++) {
        String filter = o.subscribeFilter(j);
        subs.add(Clients.connect(o.clientIdPrefix() + "-sub-" + j, o.host(), o.port(), null, 60)
          .thenCompose(c -> Clients.subscribe(c, filter, o.qos(), receiver::accept).thenApply(v -> c)));
      }
      for (CompletableFuture<Mqtt3AsyncClient> f : subs) clients.add(f.get(30, TimeUnit.SECONDS));
      List<Publisher> publishers = new ArrayList<>();
      for (int i = 0; i < o.publishers(); i++) {
        Mqtt3AsyncClient c = Clients.connect(o.clientIdPrefix() + "-pub-" + i, o.host(), o.port(), null, 60).get(30, TimeUnit.SECONDS);
        clients.add(c);
        publishers.add(new Publisher(c, i, o, mark));
      }
      Pacer pacer = null;
      if (o.rate() == 0) {
        publishers.forEach(Publisher::startMaxRate);
      } else {
        publishers.forEach(Publisher::startPushed);
        pacer = new Pacer(publishers, o.rate());
        pacer.start();
      }
      Thread.sleep(o.warmupSeconds() * 1000L);

      publishers.forEach(Publisher::measure);
      long start = Payload.now();
      CpuMeter cpu = CpuMeter.start();
      receiver.window(true);
      listener.measureStarted();
      Thread.sleep(o.seconds() * 1000L);
      receiver.window(false);
      long end = Payload.now();
      if (pacer != null) pacer.stop();
      publishers.forEach(Publisher::stop);
      listener.measureEnded();
      double cpuPercent = cpu.percentOfOneCore();

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(o.drainSeconds());
      for (Publisher p : publishers) {
        try {
          p.done().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
          // its client still holds messages: they count as lost unless they arrive in time
        }
      }
      long sent = publishers.stream().mapToLong(Publisher::sentMeasured).sum();
      long sentAll = sent + publishers.stream().mapToLong(Publisher::sentWarmup).sum();
      long errors = publishers.stream().mapToLong(Publisher::errors).sum();
      long expected = sentAll * o.deliveriesPerMessage();
      while (receiver.ownCount() < expected && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      return LoadResult.of(o.describe(), sent, expected, receiver.ownCount(), receiver.windowCount(), (end - start) / 1e6,
        receiver.latency(), cpuPercent, errors);
    } finally {
      List<CompletableFuture<Void>> closing = new ArrayList<>();
      for (Mqtt3AsyncClient c : clients) closing.add(Clients.disconnect(c));
      CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    }
  }
}
