package io.conduit.bench.run;

import io.conduit.bench.load.IdleClients;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Idle connections: {@code count} MQTT clients connect to a freshly started broker and stay idle;
 * reported are the time until all are connected, how many the broker held, and the broker's
 * memory per connection (RSS just after the last connect and again after {@link #HOLD_SECONDS} s
 * held idle, and for a JVM heap after a full GC) over its idle baseline.
 * Both readings wait until the broker is idle (under {@link #IDLE_CPU_PERCENT} % of a core for a
 * second): a JVM is still busy for seconds after it answers (JIT, Conduit's GraalJS warm-up), and a
 * baseline taken then charged that start-up memory to the connections
 * (bench/results/2026-11-30-idle-memory.md). The baseline RSS is read after the baseline heap
 * reading's full GC, which may shrink the heap.
 * The clients come from child processes ({@link IdleClients}), each with its own loopback source
 * address 127.0.0.2, .3, ... so that neither the 20,000 open files of one process nor the
 * ephemeral ports of one address run out. The broker itself can hold no more connections than its
 * own open-files limit ({@code ulimit -n}) allows; a shortfall is reported, not hidden.
 */
final class ConnectionScenario {
  /** The broker counts as idle below this share of one core, measured over one second. */
  static final int IDLE_CPU_PERCENT = 5;
  private static final long SETTLE_LIMIT_MILLIS = 60_000;
  /** How long the connections are held idle before the second RSS reading (the one the 4 KB target reads). */
  static final int HOLD_SECONDS = 30;
  static final String HELD_RSS_ROW = "RSS per connection after " + HOLD_SECONDS + " s idle (KB)";
  private static final Pattern READY = Pattern.compile("READY connected=(\\d+) failed=(\\d+) millis=(\\d+)");
  private static final Pattern FAILED = Pattern.compile("FAILED (\\d+) (.*)");

  private ConnectionScenario() {
  }

  static void run(Peer peer, int count, RunConfig cfg, Path benchJar, Results results) throws Exception {
    String name = peer.spec.name();
    long settled0 = settle(peer);
    // the heap reading's full GC before the RSS baseline: it shrinks a JVM's heap, and memory freed
    // after the baseline would be charged to the connections when they take it again
    long heap0 = peer.heapUsedKb();
    settle(peer);
    long rss0 = peer.rssKb();
    List<Process> children = new ArrayList<>();
    int connected = 0;
    long slowest = 0;
    Map<String, Integer> failures = new TreeMap<>();
    try {
      int processes = (count + cfg.clientsPerProcess() - 1) / cfg.clientsPerProcess();
      for (int i = 0; i < processes; i++) {
        int n = Math.min(cfg.clientsPerProcess(), count - i * cfg.clientsPerProcess());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        children.add(new ProcessBuilder(java, "-Xmx1g", "-XX:+UseSerialGC", "-Dconduit.log.level=WARN", "-cp", benchJar.toString(),
          IdleClients.class.getName(), "127.0.0.1", String.valueOf(peer.spec.mqttPort()), String.valueOf(n), "127.0.0." + (2 + i),
          "idle-" + name + "-" + i).redirectError(ProcessBuilder.Redirect.DISCARD).start());
      }
      for (Process p : children) {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        Matcher m = null;
        while ((line = out.readLine()) != null) {
          Matcher f = FAILED.matcher(line);
          if (f.matches()) failures.merge(f.group(2), Integer.parseInt(f.group(1)), Integer::sum);
          m = READY.matcher(line);
          if (m.find()) break;
        }
        if (line == null || m == null) throw new IllegalStateException("an idle-clients process ended without READY");
        connected += Integer.parseInt(m.group(1));
        slowest = Math.max(slowest, Long.parseLong(m.group(3)));
      }
      // let the broker settle (buffers returned to pools, JIT done) before measuring memory
      long settled1 = settle(peer);
      results.detail(name, String.format("%,d idle clients: broker idle %.1f s after start, %.1f s after the last connect",
        count, settled0 / 1000.0, settled1 / 1000.0));
      long rss1 = peer.rssKb();
      // held idle: a JVM returns heap it grew while the clients connected only at a later GC cycle
      // (Conduit's flags start one after 10 s without a GC: docs/ARCHITECTURE.md, "Idle memory")
      Thread.sleep(HOLD_SECONDS * 1000L); // the idle period itself is what is measured
      long rssHeld = peer.rssKb();
      long heap1 = peer.heapUsedKb();
      String scenario = String.format("%,d idle clients", count);
      results.put(BrokerScenarios.SECTION, scenario + ": connections held", "connections", true, name, connected);
      results.put(BrokerScenarios.SECTION, scenario + ": time to connect all (s)", "s", false, name, slowest / 1000.0);
      if (connected > 0) {
        results.put(BrokerScenarios.SECTION, scenario + ": RSS per connection, just connected (KB)", "KB", false, name, (double) (rss1 - rss0) / connected);
        results.put(BrokerScenarios.SECTION, scenario + ": " + HELD_RSS_ROW, "KB", false, name, (double) (rssHeld - rss0) / connected);
        if (heap0 >= 0) {
          results.put(BrokerScenarios.SECTION, scenario + ": heap per connection (KB)", "KB", false, name, (double) (heap1 - heap0) / connected);
        }
      }
      results.detail(name, String.format("%s: %,d connected in %.1f s; RSS %,d → %,d KB, %,d KB after %d s idle%s", scenario, connected,
        slowest / 1000.0, rss0, rss1, rssHeld, HOLD_SECONDS, heap0 >= 0 ? String.format(", heap %,d → %,d KB", heap0, heap1) : ""));
      if (connected < count) {
        StringBuilder why = new StringBuilder();
        failures.forEach((reason, n) -> why.append(why.isEmpty() ? "; the connects that failed: " : ", ").append(String.format("%,d × %s", n, reason)));
        results.problem(name, String.format("held %,d of %,d idle connections%s", connected, count, why));
      }
    } finally {
      for (Process p : children) p.getOutputStream().close();
      for (Process p : children) {
        if (!p.waitFor(30, TimeUnit.SECONDS)) p.destroyForcibly();
      }
    }
  }

  /**
   * Waits until {@code peer} used less than {@link #IDLE_CPU_PERCENT} % of a core during one second
   * (at least one second, at most {@link #SETTLE_LIMIT_MILLIS}); returns how long that took.
   */
  static long settle(Peer peer) throws Exception {
    long start = System.nanoTime();
    long cpu = peer.cpuMillis();
    while (true) {
      Thread.sleep(1000); // a measuring window, not a wait for an event: the CPU reading needs one
      long now = peer.cpuMillis();
      long waited = (System.nanoTime() - start) / 1_000_000;
      if ((now - cpu) * 100 < IDLE_CPU_PERCENT * 1000L || waited >= SETTLE_LIMIT_MILLIS) return waited;
      cpu = now;
    }
  }
}
