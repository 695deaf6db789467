package io.conduit.bench.run;

import java.util.List;

/**
 * How long and how big one benchmark run is. {@link #full()} is what the committed results use;
 * {@link #quick()} is a smoke run of every scenario (minutes, not numbers to quote).
 *
 * <p>Idle connections stop at 19,000: every process here may open at most 20,000 files
 * ({@code ulimit -Hn}, which root cannot raise on this machine), and a broker holds one socket per
 * connection plus its own files. Issue #6 asks for 50,000; a broker process cannot hold that many
 * under this cap (Mosquitto neither), so the run measures the largest count the cap allows and
 * reports memory per connection, which is what the 4 KB target is about.
 *
 * <p>{@code flowWarmupSeconds}: after every (re)start and deploy, a flow peer carries
 * {@link FlowScenarios#WARMUP_RATE} msg/s (after a restart: then ramps up to the highest rate it has passed and carries that) for this
 * long before anything is measured, so that each runtime's JIT (V8 for Node-RED, HotSpot and
 * Graal/Truffle for Conduit) has compiled the flow's code. Without it a probe that follows a
 * restart measured a cold runtime, not its throughput.
 *
 * <p>{@code pacedWarmupSeconds}: the warm-up of the loads at a fixed rate (1,000 msg/s: broker and flow).
 * At that rate a method called once per message reaches C2's threshold (5,000 calls) after about
 * 5 s, so with the 5 s warm-up of the max-rate loads the C2 compilations of the paced path (the
 * generator's pacer and publish path, and the broker's own recompilations after the max-rate
 * loads changed its profile) fell into the first second of the measured phase, on a 2-core
 * machine. It hit the generator only in the first peer's run (Conduit's: one generator JVM runs
 * the peers in turn, so Mosquitto's run found it compiled) and every JIT-compiled broker.
 * 15 s lets those compilations finish before anything is measured (bench/results/2026-11-30-latency-1000.md).
 */
record RunConfig(int warmupSeconds, int pacedWarmupSeconds, int seconds, int drainSeconds, int willSamples, int silentClients,
                 List<Integer> idleCounts, int clientsPerProcess, int flowProbeSeconds, int flowWarmupSeconds, int flowSearchSteps,
                 int startups, int largeFlowNodes) {

  static RunConfig full() {
    return new RunConfig(5, 15, 10, 5, 200, 10, List.of(10_000, 19_000), 12_500, 5, 20, 3, 3, 1000);
  }

  static RunConfig quick() {
    return new RunConfig(1, 2, 2, 3, 20, 3, List.of(1_000, 3_000), 1_000, 2, 2, 1, 1, 1000);
  }
}
