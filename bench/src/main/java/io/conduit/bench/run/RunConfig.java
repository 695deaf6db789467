package io.conduit.bench.run;

import java.util.List;

/**
 * How long and how big one benchmark run is. {@link #full()} is what the committed results use;
 * {@link #quick()} is a smoke run of every scenario (minutes, not numbers to quote).
 *
 * <p>Idle connections: issue #6 asks for 10,000 and 50,000. A broker holds one socket per connection
 * plus its own files, so the largest count is 50,000 where a process may open enough files
 * ({@code ulimit -Hn}; bench/run.sh raises the soft limit to it) and otherwise the largest
 * thousand the cap leaves {@link #FILES_KEPT_BY_BROKER} files under: on the development machine the
 * hard limit is 20,000 (root cannot raise it there), so the run measures 19,000 and reports memory
 * per connection, which is what the 4 KB target is about. The clients come from processes of
 * {@code clientsPerProcess} connections, each from its own loopback address (127.0.0.2, .3, ...), so
 * neither their files nor their source ports run out.
 *
 * <p>{@code flowProbeDrainSeconds}: how long a flow probe waits for its last messages (the other
 * loads wait {@code drainSeconds}). A passed probe returns as soon as they are all in; a failed one
 * tells by them whether the peer still holds a backlog, and is restarted only then
 * ({@link FlowScenarios}). With 5 s, Conduit's backlog after a probe at 256,000 msg/s (max latency
 * 5.08 s, 7a0595c run) was cut off, counted as 1.1 % lost, and the warm instance restarted; after
 * the restart it never again delivered what the warm one had.
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
 *
 * <p>{@code pacedSeconds}: how long those fixed-rate loads are measured (30 s; the max-rate loads
 * {@code seconds}, 10 s). Their p99 is the 1 % slowest messages, and on the development machine those
 * are the messages caught behind the VM's kernel thread {@code kdamond.0}, which holds a vCPU for
 * 1–7 ms about every 512 ms: a 10 s window holds some 20 of those stalls, and one peer's p99 went
 * from 0.59 to 1.45 ms (Mosquitto) and 0.96 to 3.37 ms (Conduit) between three back-to-back 10 s
 * rounds (bench/results/README.md, "Stop 15"), more than the gap between the peers. 30 s
 * (30,000 messages) averages over three times as many.
 */
record RunConfig(int warmupSeconds, int pacedWarmupSeconds, int seconds, int pacedSeconds, int drainSeconds, int willSamples, int silentClients,
                 List<Integer> idleCounts, int clientsPerProcess, int flowProbeSeconds, int flowProbeDrainSeconds,
                 int flowWarmupSeconds, int flowSearchSteps, int startups, int largeFlowNodes) {

  /** Open files a broker needs besides its connections' sockets (jars, logs, store, epoll, pipes). */
  static final int FILES_KEPT_BY_BROKER = 1000;
  /** The counts issue #6 asks for. */
  static final int IDLE_COUNT = 10_000;
  static final int LARGE_IDLE_COUNT = 50_000;

  static RunConfig full() {
    return new RunConfig(5, 15, 10, 30, 5, 200, 10, idleCounts(Machine.openFilesHardLimit()), 12_500, 5, 15, 20, 3, 3, 1000);
  }

  /** 10,000 and the largest count up to 50,000 that {@code hardLimit} (as /proc/self/limits gives it) leaves room for. */
  static List<Integer> idleCounts(String hardLimit) {
    long limit;
    if (hardLimit.equals("unlimited")) {
      limit = Long.MAX_VALUE;
    } else if (hardLimit.matches("\\d+")) {
      limit = Long.parseLong(hardLimit);
    } else {
      throw new IllegalStateException("cannot read this process's open-files hard limit (/proc/self/limits gave '" + hardLimit + "')");
    }
    long largest = Math.min(LARGE_IDLE_COUNT, (limit - FILES_KEPT_BY_BROKER) / 1000 * 1000);
    if (largest < IDLE_COUNT) throw new IllegalStateException("a process may open only " + hardLimit + " files: too few for "
      + IDLE_COUNT + " idle connections (raise ulimit -Hn)");
    return largest == IDLE_COUNT ? List.of(IDLE_COUNT) : List.of(IDLE_COUNT, (int) largest);
  }

  static RunConfig quick() {
    return new RunConfig(1, 2, 2, 2, 3, 20, 3, List.of(1_000, 3_000), 1_000, 2, 15, 2, 1, 1, 1000);
  }
}
