package io.conduit.bench.run;

import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import io.conduit.bench.load.Clients;
import io.conduit.bench.load.LoadOptions;
import io.conduit.bench.load.LoadOptions.Topology;
import io.conduit.bench.load.LoadResult;
import io.conduit.bench.load.Payload;
import io.conduit.bench.load.PubSubLoad;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The flow scenarios of issue #6, the same for Conduit and Node-RED: the {@link BenchFlows#pipeline}
 * flow is deployed through the Admin API, then
 * <ul>
 *   <li>latency at a fixed 1,000 msg/s (publisher → broker → mqtt in → function → switch → mqtt out
 *       → broker → subscriber);</li>
 *   <li>the highest rate without loss: rates double from 1,000 msg/s until a rate loses messages
 *       or cannot be sent at the rate asked in two probes, then a few bisection steps; after a failed probe that
 *       left messages undelivered the peer is restarted, so that its backlog does not spoil the next probe, warmed up at 2,000 msg/s
 *       and then ramped up to the highest rate it has passed ({@link #RAMP_STEP_SECONDS}; its JIT compilers then see the load the probes bring: warmed
 *       at 2,000 msg/s, a restarted Conduit met each bisection probe while its JIT was still
 *       compiling the paths of high rates; at the full rate, a cold peer could be overloaded by its
 *       own warm-up);</li>
 *   <li>deploy time of a {@link BenchFlows#large} flow of 1,000 nodes.</li>
 * </ul>
 */
final class FlowScenarios {
  static final String SECTION = "flow";
  static final int FIRST_RATE = 1000;
  static final int MAX_RATE = 1_024_000;
  /** The warm-up load after the first start: below every peer's capacity (Node-RED + aedes: ~6,000). */
  static final int WARMUP_RATE = 2000;
  /**
   * After a restart the warm-up climbs from {@link #WARMUP_RATE} in doublings of this many seconds
   * each, then carries the highest rate the peer has passed for the warm-up time: a cold peer given
   * a high rate at once was overloaded while its JIT compilers still had the code to compile
   * (584067f run: Conduit warmed at 64,000 msg/s straight after a restart lost 29-37 % of the
   * warm-up and carried its backlog into the next probe), and a peer warmed only up to half that
   * rate had not compiled the paths of the rates probed next (d819d85 run: restarted Conduits
   * delivered 104,000-136,000 msg/s of 144,000-160,000 offered, the warm instance 172,000).
   */
  static final int RAMP_STEP_SECONDS = 4;
  /** Probes of one rate before it counts as too high. */
  static final int PROBE_ATTEMPTS = 2;

  /** Starts a fresh instance of one flow peer (with its broker). */
  interface Starter {
    Peer start() throws Exception;
  }

  private FlowScenarios() {
  }

  static void run(String name, Starter starter, RunConfig cfg, Results results) throws Exception {
    Peer peer = startDeployed(starter, cfg, results, WARMUP_RATE);
    try {
      // a fixed-rate load: the paced warm-up, as the broker's fixed-rate loads (RunConfig#pacedWarmupSeconds)
      LoadResult fixed = PubSubLoad.run(options(peer, cfg, 1000, cfg.pacedWarmupSeconds(), cfg.pacedSeconds()));
      results.detail(name, "flow at 1,000 msg/s: " + fixed);
      if (fixed.p50Micros() >= 0) {
        // no latency at all when nothing measured came through: the loss row says so
        results.put(SECTION, "flow at 1,000 msg/s: latency p50 (ms)", "ms", false, name, fixed.p50Micros() / 1000.0);
        results.put(SECTION, "flow at 1,000 msg/s: latency p99 (ms)", "ms", false, name, fixed.p99Micros() / 1000.0);
      }
      if (fixed.lossPercent() > 0) results.put(SECTION, "flow at 1,000 msg/s: loss (%)", "%", false, name, fixed.lossPercent());

      double[] best = {0};
      Peer[] current = {peer};
      int good = 0;
      int bad = -1;
      try {
        for (int rate = FIRST_RATE; rate <= MAX_RATE; rate *= 2) {
          if (!passes(name, starter, cfg, results, current, rate, good, best)) {
            bad = rate;
            break;
          }
          good = rate;
        }
        for (int step = 0; bad > 0 && step < cfg.flowSearchSteps() && bad - good > FIRST_RATE / 2; step++) {
          int rate = (good + bad) / 2;
          if (passes(name, starter, cfg, results, current, rate, good, best)) {
            good = rate;
          } else {
            bad = rate;
          }
        }
      } finally {
        peer = current[0];
      }
      results.put(SECTION, "flow: max throughput without loss (msg/s)", "msg/s", true, name, best[0]);

      double deploy = AdminApi.deploy(peer.spec.httpPort(), BenchFlows.large(cfg.largeFlowNodes()));
      results.detail(name, String.format("deploy of a %,d-node flow: %.0f ms", cfg.largeFlowNodes(), deploy));
      results.put(SECTION, String.format("deploy a %,d-node flow (ms)", cfg.largeFlowNodes()), "ms", false, name, deploy);
    } finally {
      peer.close();
    }
  }

  /**
   * Probes {@code rate} up to {@link #PROBE_ATTEMPTS} times; true once a probe passes ({@code best}
   * then holds the highest rate delivered). Two attempts because a probe that meets a JIT still
   * compiling fails by chance: a rate counts as too high only when two probes both fail it. A failed
   * probe whose messages all came out (within {@link RunConfig#flowProbeDrainSeconds}) left no backlog, so the next attempt
   * runs on the same peer, whose JIT has now seen the rate; one that left messages inside restarts
   * the peer (the backlog would spoil the next probe), warmed up to the highest rate it passed
   * ({@code good}, see {@link #RAMP_STEP_SECONDS}). Restarting after every failed probe (until
   * 725b40e) had the second attempt meet a cold JIT again: in the d819d85 run every failed first
   * attempt of Conduit had delivered all its messages, and the restarted Conduits then delivered
   * 104,000-136,000 msg/s where the warm instance had carried 172,000.
   */
  private static boolean passes(String name, Starter starter, RunConfig cfg, Results results, Peer[] peer, int rate,
                                int good, double[] best) throws Exception {
    for (int attempt = 1; attempt <= PROBE_ATTEMPTS; attempt++) {
      LoadResult r = PubSubLoad.run(options(peer[0], cfg, rate, 1, cfg.flowProbeSeconds()).drainSeconds(cfg.flowProbeDrainSeconds()));
      boolean ok = isLossless(r, rate, cfg.flowProbeSeconds());
      results.detail(name, "flow probe " + (ok ? "ok" : "FAILED") + " (attempt " + attempt + "): " + r);
      if (ok) {
        best[0] = Math.max(best[0], r.deliveredPerSecond());
        return true;
      }
      if (r.lossPercent() > 0) {
        peer[0].close();
        peer[0] = startDeployed(starter, cfg, results, Math.max(WARMUP_RATE, good));
      }
    }
    return false;
  }

  /**
   * No message lost, and both ends kept up with the rate asked (within 5%): a flow that delivers
   * everything only by draining a growing backlog after the probe does not sustain that rate.
   */
  static boolean isLossless(LoadResult r, int rate, int seconds) {
    return r.delivered() >= r.expected() && r.expected() > 0 && r.sentPerSecond(seconds) >= 0.95 * rate
      && r.deliveredPerSecond() >= 0.95 * rate;
  }

  private static LoadOptions options(Peer peer, RunConfig cfg, int rate, int warmup, int seconds) {
    return new LoadOptions().port(peer.spec.mqttPort()).topology(Topology.FLOW).publishers(1).subscribers(1)
      .qos(0).rate(rate).warmupSeconds(warmup).seconds(seconds).drainSeconds(cfg.drainSeconds())
      .clientIdPrefix("bench-flow-" + peer.spec.name());
  }

  /** Starts the peer, deploys the bench flow and warms it up to {@code warmupRate} (see {@link #RAMP_STEP_SECONDS}). */
  private static Peer startDeployed(Starter starter, RunConfig cfg, Results results, int warmupRate) throws Exception {
    Peer peer = starter.start();
    try {
      results.startup(SECTION, peer);
      double ms = AdminApi.deploy(peer.spec.httpPort(), BenchFlows.pipeline(peer.spec.mqttPort(), 0));
      results.detail(peer.spec.name(), String.format("bench flow deployed in %.0f ms", ms));
      awaitLive(peer);
      // WARMUP_RATE and warmupRate for the warm-up time each, the doublings between them for a ramp step
      for (int rate = WARMUP_RATE; ; rate = Math.min(2 * rate, warmupRate)) {
        int seconds = rate == WARMUP_RATE || rate == warmupRate ? cfg.flowWarmupSeconds() : RAMP_STEP_SECONDS;
        LoadResult warm = PubSubLoad.run(options(peer, cfg, rate, seconds, 1));
        results.detail(peer.spec.name(), String.format("warm-up at %,d msg/s for %d s: %s", rate, seconds, warm));
        if (rate >= warmupRate) break;
      }
      return peer;
    } catch (Exception e) {
      peer.close();
      throw e;
    }
  }

  /** Publishes warm-up probes until one comes out of the flow (its mqtt nodes have connected). */
  static void awaitLive(Peer peer) throws Exception {
    int port = peer.spec.mqttPort();
    CompletableFuture<Void> out = new CompletableFuture<>();
    Mqtt3AsyncClient sub = Clients.connect("bench-live-sub", "127.0.0.1", port, null, 60).get(30, TimeUnit.SECONDS);
    Mqtt3AsyncClient pub = Clients.connect("bench-live-pub", "127.0.0.1", port, null, 60).get(30, TimeUnit.SECONDS);
    try {
      Clients.subscribe(sub, "bench/out/#", 0, b -> out.complete(null)).get(30, TimeUnit.SECONDS);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      for (int i = 0; !out.isDone(); i++) {
        if (System.nanoTime() > deadline) throw new IllegalStateException(peer.spec.name() + ": the bench flow passed nothing within 60 s");
        pub.publishWith().topic("bench/in/probe").payload(Payload.json(1, 0, 0, i)).send();
        Thread.sleep(100);
      }
    } finally {
      Clients.disconnect(pub).get(10, TimeUnit.SECONDS);
      Clients.disconnect(sub).get(10, TimeUnit.SECONDS);
    }
  }
}
