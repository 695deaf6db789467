package io.conduit.bench.run;

import java.util.List;

/**
 * How long and how big one benchmark run is. {@link #full()} is what the committed results use;
 * {@link #quick()} is a smoke run of every scenario (minutes, not numbers to quote).
 */
record RunConfig(int warmupSeconds, int seconds, int drainSeconds, int willSamples, int silentClients,
                 List<Integer> idleCounts, int clientsPerProcess, int flowProbeSeconds, int flowSearchSteps,
                 int startups, int largeFlowNodes) {

  static RunConfig full() {
    return new RunConfig(5, 10, 5, 200, 10, List.of(10_000, 50_000), 12_500, 5, 3, 3, 1000);
  }

  static RunConfig quick() {
    return new RunConfig(1, 2, 3, 20, 3, List.of(1_000, 3_000), 1_000, 2, 1, 1, 1000);
  }
}
