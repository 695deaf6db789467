package io.conduit.bench.run;

import io.conduit.bench.load.LoadOptions;
import io.conduit.bench.load.LoadOptions.Topology;
import io.conduit.bench.load.LoadResult;
import io.conduit.bench.load.PubSubLoad;
import io.conduit.bench.load.WillProbe;

import java.util.List;

/**
 * The broker scenarios of issue #6, run the same way against each broker: QoS 0 and 1 at max rate
 * 1→1 and 10→10 with 64-byte payloads, fan-out 1→100, latency at a fixed 1,000 msg/s, and the Last
 * Will after socket loss and after keep-alive silence. The broker's CPU during each measured phase
 * goes into the details. The fixed-rate loads warm up longer ({@link RunConfig#pacedWarmupSeconds}).
 */
final class BrokerScenarios {
  static final String SECTION = "broker";

  record Load(String name, Topology topology, int publishers, int subscribers, int qos, int rate) {
  }

  static final List<Load> LOADS = List.of(
    new Load("QoS 0, 1→1, max rate", Topology.PAIRS, 1, 1, 0, 0),
    new Load("QoS 0, 10→10, max rate", Topology.PAIRS, 10, 10, 0, 0),
    new Load("QoS 1, 1→1, max rate", Topology.PAIRS, 1, 1, 1, 0),
    new Load("QoS 1, 10→10, max rate", Topology.PAIRS, 10, 10, 1, 0),
    new Load("QoS 0, fan-out 1→100, max rate", Topology.FANOUT, 1, 100, 0, 0),
    new Load("QoS 0, 1→1 at 1,000 msg/s", Topology.PAIRS, 1, 1, 0, 1000),
    new Load("QoS 1, 1→1 at 1,000 msg/s", Topology.PAIRS, 1, 1, 1, 1000));

  private BrokerScenarios() {
  }

  /**
   * Runs every load, then the will probes, against {@code name}; a peer that died during a
   * scenario is reported and started again for the next one.
   */
  static void run(String name, FlowScenarios.Starter starter, RunConfig cfg, Results results) throws Exception {
    Peer peer = starter.start();
    try {
      for (Load l : LOADS) {
        if (!peer.process.isAlive()) {
          results.problem(name, "died during the previous scenario (exit " + peer.process.exitValue() + "); started again");
          peer.close();
          peer = starter.start();
        }
        load(peer, l, cfg, results);
      }
      if (!peer.process.isAlive()) {
        results.problem(name, "died during the previous scenario (exit " + peer.process.exitValue() + "); started again");
        peer.close();
        peer = starter.start();
      }
      wills(peer, cfg, results);
      if (!peer.process.isAlive()) results.problem(name, "died during the LWT scenarios (exit " + peer.process.exitValue() + ")");
    } finally {
      peer.close();
    }
  }

  private static void load(Peer peer, Load l, RunConfig cfg, Results results) {
    String name = peer.spec.name();
    boolean maxRate = l.rate() == 0;
    LoadOptions o = new LoadOptions().port(peer.spec.mqttPort()).topology(l.topology()).publishers(l.publishers())
      .subscribers(l.subscribers()).qos(l.qos()).rate(l.rate())
      .warmupSeconds(maxRate ? cfg.warmupSeconds() : cfg.pacedWarmupSeconds())
      .seconds(maxRate ? cfg.seconds() : cfg.pacedSeconds()).drainSeconds(cfg.drainSeconds()).clientIdPrefix("bench-" + name);
    CpuSampler cpu = new CpuSampler(peer);
    LoadResult r;
    try {
      r = PubSubLoad.run(o, cpu);
    } catch (Exception e) {
      results.problem(name, l.name() + " failed: " + e);
      return;
    }
    results.detail(name, r + String.format(", %s CPU %.0f%%", name, cpu.percent()));
    if (maxRate) {
      results.put(SECTION, l.name() + " (msg/s delivered)", "msg/s", true, name, r.deliveredPerSecond());
      // what each delivery cost the broker: comparable even when the load generator, which shares
      // the two cores, is what limits the rate
      if (cpu.percent() > 0 && r.delivered() > 0) {
        results.put(SECTION, l.name() + ": broker CPU per delivery (µs)", "µs", false, name,
          cpu.percent() / 100 * 1e6 / r.deliveredPerSecond());
      }
    } else if (r.p50Micros() >= 0) {
      results.put(SECTION, l.name() + ": latency p50 (ms)", "ms", false, name, r.p50Micros() / 1000.0);
      results.put(SECTION, l.name() + ": latency p99 (ms)", "ms", false, name, r.p99Micros() / 1000.0);
      results.put(SECTION, l.name() + ": latency p99.9 (ms)", "ms", false, name, r.p999Micros() / 1000.0);
    }
    if (r.lossPercent() > 0) results.put(SECTION, l.name() + ": loss (%)", "%", false, name, r.lossPercent());
  }

  private static void wills(Peer peer, RunConfig cfg, Results results) throws Exception {
    String name = peer.spec.name();
    WillProbe wills = new WillProbe("127.0.0.1", peer.spec.mqttPort());
    try {
      WillProbe.Result loss = wills.afterSocketLoss(cfg.willSamples());
      results.detail(name, loss.toString());
      if (loss.p50Micros() >= 0) results.put(SECTION, "LWT after socket loss: p50 (ms)", "ms", false, name, loss.p50Micros() / 1000.0);
      if (loss.p99Micros() >= 0) results.put(SECTION, "LWT after socket loss: p99 (ms)", "ms", false, name, loss.p99Micros() / 1000.0);
      WillProbe.Result silent = wills.afterSilence(cfg.silentClients());
      results.detail(name, silent.toString());
      if (silent.p50Micros() >= 0) results.put(SECTION, "LWT after 1 s keep-alive, from last packet: p50 (ms)", "ms", false, name, silent.p50Micros() / 1000.0);
      if (silent.maxMicros() >= 0) results.put(SECTION, "LWT after 1 s keep-alive, from last packet: max (ms)", "ms", false, name, silent.maxMicros() / 1000.0);
    } catch (Exception e) {
      results.problem(name, "LWT failed: " + e);
    } finally {
      wills.close();
    }
  }

  /** The peer's CPU over the measured phase, in percent of one core. */
  static final class CpuSampler implements PubSubLoad.PhaseListener {
    private final Peer peer;
    private long cpu0;
    private long t0;
    private double percent = -1;

    CpuSampler(Peer peer) {
      this.peer = peer;
    }

    @Override
    public void measureStarted() {
      try {
        cpu0 = peer.cpuMillis();
        t0 = System.nanoTime();
      } catch (java.io.IOException e) {
        cpu0 = -1;
      }
    }

    @Override
    public void measureEnded() {
      try {
        if (cpu0 >= 0) percent = 100.0 * (peer.cpuMillis() - cpu0) / ((System.nanoTime() - t0) / 1e6);
      } catch (java.io.IOException e) {
        percent = -1;
      }
    }

    double percent() {
      return percent;
    }
  }
}
