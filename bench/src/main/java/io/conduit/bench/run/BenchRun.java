package io.conduit.bench.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The side-by-side benchmark run behind {@code bench/run.sh}: starts each peer on loopback ports,
 * runs the same scenarios against each, stops it, and writes {@code bench/results/<date>-<host>.md}.
 * <pre>
 * BenchRun --root DIR [--quick] [--only broker,connections,flow,startup] [--peers conduit,mosquitto,...] [--out FILE]
 * </pre>
 * Peers: conduit, mosquitto, aedes (brokers); conduit, node-red+mosquitto, node-red+aedes (flows).
 */
public final class BenchRun {
  static final List<String> BROKERS = List.of("conduit", "mosquitto", "aedes");
  static final List<String> FLOW_PEERS = List.of("conduit", "node-red+mosquitto", "node-red+aedes");
  static final List<String> GROUPS = List.of("broker", "connections", "flow", "startup", "durability");

  private BenchRun() {
  }

  public static void main(String[] args) throws Exception {
    Path root = null;
    boolean quick = false;
    Set<String> groups = new LinkedHashSet<>(GROUPS);
    Set<String> only = null;
    Path out = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--root" -> root = Path.of(args[++i]).toAbsolutePath().normalize();
        case "--quick" -> quick = true;
        case "--only" -> groups = new LinkedHashSet<>(Arrays.asList(args[++i].split(",")));
        case "--peers" -> only = new LinkedHashSet<>(Arrays.asList(args[++i].split(",")));
        case "--out" -> out = Path.of(args[++i]);
        default -> {
          System.err.println("unknown argument '" + args[i] + "'; usage: BenchRun --root DIR [--quick] [--only "
            + String.join(",", GROUPS) + "] [--peers " + String.join(",", BROKERS) + ",node-red+mosquitto,node-red+aedes] [--out FILE]");
          System.exit(2);
        }
      }
    }
    if (root == null) throw new IllegalArgumentException("--root (the repository) is required");
    for (String g : groups) if (!GROUPS.contains(g)) throw new IllegalArgumentException("unknown group '" + g + "', known: " + GROUPS);
    RunConfig cfg = quick ? RunConfig.quick() : RunConfig.full();
    PeerSpecs specs = new PeerSpecs(root);
    Path benchJar = root.resolve("bench/target/benchmarks.jar");
    Set<String> wanted = only;
    List<String> brokers = BROKERS.stream().filter(p -> wanted == null || wanted.contains(p)).toList();
    List<String> flowPeers = FLOW_PEERS.stream().filter(p -> wanted == null || wanted.contains(p)).toList();

    Results results = new Results();
    results.section(BrokerScenarios.SECTION, brokers);
    results.section(FlowScenarios.SECTION, flowPeers);
    List<String> durabilityPeers = DurabilityScenarios.peers(wanted);
    if (groups.contains("durability")) results.section(DurabilityScenarios.SECTION, durabilityPeers);
    String loadBefore = Machine.loadAverage();
    Machine.CpuSample cpuBefore = Machine.CpuSample.take();
    String started = ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);

    if (groups.contains("broker")) {
      for (String name : brokers) {
        try {
          BrokerScenarios.run(name, () -> startBroker(specs, name, results), cfg, results);
        } catch (Exception e) {
          results.problem(name, "broker scenarios: " + e);
        }
      }
    }
    if (groups.contains("connections")) {
      for (int count : cfg.idleCounts()) {
        for (String name : brokers) {
          try (Peer peer = startBroker(specs, name, results)) {
            ConnectionScenario.run(peer, count, cfg, benchJar, results);
          } catch (Exception e) {
            results.problem(name, String.format("%,d idle connections: %s", count, e));
          }
        }
      }
    }
    if (groups.contains("flow")) {
      for (String name : flowPeers) {
        try {
          FlowScenarios.run(name, () -> startFlowPeer(specs, name), cfg, results);
        } catch (Exception e) {
          results.problem(name, "flow scenarios: " + e);
        }
      }
    }
    if (groups.contains("startup")) {
      Set<String> all = new LinkedHashSet<>(brokers);
      all.addAll(flowPeers);
      for (String name : all) {
        for (int i = 0; i < cfg.startups(); i++) {
          if (BROKERS.contains(name)) {
            try (Peer peer = startBroker(specs, name, results)) {
              // start-up time recorded by startBroker
            } catch (Exception e) {
              results.problem(name, "start-up: " + e);
            }
          }
          if (!flowPeers.contains(name)) continue;
          try (Peer peer = startFlowPeer(specs, name)) {
            results.startup(FlowScenarios.SECTION, peer);
          } catch (Exception e) {
            results.problem(name, "start-up: " + e);
          }
        }
      }
    }
    if (groups.contains("durability")) {
      for (String name : durabilityPeers) DurabilityScenarios.run(specs, name, cfg, results);
    }
    for (String name : brokers) {
      Double ms = results.startupMedian(BrokerScenarios.SECTION, name);
      if (ms != null) results.put(BrokerScenarios.SECTION, "start-up to ready, median (ms)", "ms", false, name, ms);
    }
    for (String name : flowPeers) {
      Double ms = results.startupMedian(FlowScenarios.SECTION, name);
      if (ms != null) results.put(FlowScenarios.SECTION, "start-up to ready, median (ms)", "ms", false, name, ms);
    }

    String loadAfter = Machine.loadAverage();
    double otherCpu = Machine.CpuSample.take().otherCpuPercentSince(cpuBefore);
    List<String> header = new ArrayList<>();
    header.add("# Conduit side by side: " + LocalDate.now() + " on " + Machine.hostname());
    header.add("");
    header.add("- command: `bench/run.sh" + (args.length > 2 ? " " + String.join(" ", Arrays.copyOfRange(args, 2, args.length)) : "") + "`"
      + (quick ? " (**quick smoke run: short phases, small counts; not figures to quote**)" : ""));
    header.add("- started " + started + "; commit " + Machine.commit(root));
    header.add("- machine: " + Machine.cpu() + ", " + Runtime.getRuntime().availableProcessors() + " cores, " + Machine.memory());
    header.add("- load average (uptime) before: " + loadBefore + "; after: " + loadAfter
      + (otherCpu < 0 ? "" : String.format("; CPU used by other processes during the run: %.1f %% of one core", otherCpu))
      + (otherCpu > Machine.BUSY_OTHER_CPU_PERCENT ? " — **machine busy (other work competed with the run): figures are noisy**" : ""));
    header.add("- " + Machine.versions(specs));
    header.add("- open files: " + Machine.openFilesLimit() + " per process (hard limit " + Machine.openFilesHardLimit() + ")");
    header.add(String.format("- phases: warm-up %d s (loads at a fixed rate: %d s), measured %d s (loads at a fixed rate: %d s), drain ≤ %d s (flow probes: %d s); payload 64 B (broker), JSON (flow); MQTT 3.1.1; "
      + "load generator: HiveMQ MQTT client %s in one JVM (its CPU is in the raw figures, %% of one core)",
      cfg.warmupSeconds(), cfg.pacedWarmupSeconds(), cfg.seconds(), cfg.pacedSeconds(), cfg.drainSeconds(),
      cfg.flowProbeDrainSeconds(), Machine.hivemqVersion()));
    String md = Report.render(results, header);
    if (out == null) out = root.resolve("bench/results/" + LocalDate.now() + "-" + Machine.hostname() + (quick ? "-quick" : "") + ".md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, md);
    System.out.println(md);
    System.out.println("[bench] results written to " + out);
    System.exit(0);
  }

  static Peer startBroker(PeerSpecs specs, String name, Results results) throws Exception {
    Peer.Spec spec = switch (name) {
      case "conduit" -> specs.conduit(false);
      case "mosquitto" -> specs.mosquitto();
      case "aedes" -> specs.aedes();
      default -> throw new IllegalArgumentException("unknown broker '" + name + "'");
    };
    Peer p = Peer.start(spec, specs.logs(), null);
    results.startup(BrokerScenarios.SECTION, p);
    return p;
  }

  static Peer startFlowPeer(PeerSpecs specs, String name) throws Exception {
    return switch (name) {
      case "conduit" -> Peer.start(specs.conduit(true), specs.logs(), null);
      case "node-red+mosquitto" -> {
        Peer broker = Peer.start(specs.mosquitto(), specs.logs(), null);
        try {
          yield Peer.start(specs.nodeRed(name, broker.spec.mqttPort(), false), specs.logs(), broker);
        } catch (Exception e) {
          broker.close();
          throw e;
        }
      }
      case "node-red+aedes" -> Peer.start(specs.nodeRed(name, PeerSpecs.freePort(), true), specs.logs(), null);
      default -> throw new IllegalArgumentException("unknown flow peer '" + name + "'");
    };
  }
}
