package io.conduit.bench.run;

import io.conduit.bench.durability.PersistentQos1Load;

import java.util.List;

/**
 * Issue #7's broker scenarios: QoS 1 into 1 and 10 persistent subscribers, at full speed and at a
 * fixed 1,000 msg/s (latency without queueing), against Conduit with each {@code --fsync} policy
 * and Mosquitto with {@code persistence true}. Each case gets a fresh broker on a fresh data
 * directory (a persistent session left over from one case would get the next case's messages).
 * The load is {@link PersistentQos1Load} (raw sockets).
 */
final class DurabilityScenarios {
  static final String SECTION = "durability";
  static final List<String> PEERS = List.of("conduit fsync always", "conduit fsync interval", "conduit fsync never",
    "mosquitto persistence true");

  private DurabilityScenarios() {
  }

  /** The columns to run: Conduit's policies and/or Mosquitto, as {@code --peers} selects them. */
  static List<String> peers(java.util.Set<String> wanted) {
    return PEERS.stream().filter(p -> wanted == null || wanted.contains(p.substring(0, p.indexOf(' ')))).toList();
  }

  static void run(PeerSpecs specs, String name, RunConfig cfg, Results results) {
    for (int subscribers : new int[] {1, 10}) {
      for (int rate : new int[] {0, 1000}) {
        String scenario = "QoS 1, 1 → " + subscribers + " persistent" + (rate == 0 ? ", max rate" : " at " + rate + " msg/s");
        try (Peer peer = Peer.start(spec(specs, name), specs.logs(), null)) {
          BrokerScenarios.CpuSampler cpu = new BrokerScenarios.CpuSampler(peer);
          PersistentQos1Load.Result r = PersistentQos1Load.run(peer.spec.mqttPort(), subscribers, rate, cfg.warmupSeconds(), cfg.seconds(), cpu);
          results.detail(name, r + String.format(", broker CPU %.0f%%", cpu.percent()));
          if (rate == 0) {
            results.put(SECTION, scenario + ": published (msg/s)", "msg/s", true, name, r.publishedPerSecond());
            results.put(SECTION, scenario + ": deliveries/s", "msg/s", true, name, r.deliveredPerSecond());
          }
          results.put(SECTION, scenario + ": latency p50 (ms)", "ms", false, name, r.p50Millis());
          results.put(SECTION, scenario + ": latency p99 (ms)", "ms", false, name, r.p99Millis());
        } catch (Exception e) {
          results.problem(name, scenario + " failed: " + e);
        }
      }
    }
  }

  private static Peer.Spec spec(PeerSpecs specs, String name) throws java.io.IOException {
    if (name.startsWith("mosquitto")) return specs.mosquittoPersistent();
    String policy = name.substring(name.lastIndexOf(' ') + 1);
    return specs.conduit(false, "--fsync", policy, "--max-queued-messages", "0", "--sys-interval", "0");
  }
}
