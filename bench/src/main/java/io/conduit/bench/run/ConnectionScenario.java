package io.conduit.bench.run;

import io.conduit.bench.load.IdleClients;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Idle connections: {@code count} MQTT clients connect to a freshly started broker and stay idle;
 * reported are the time until all are connected, how many the broker held, and the broker's
 * memory per connection (RSS and, for a JVM, heap after a full GC) over its idle baseline.
 * The clients come from child processes ({@link IdleClients}), each with its own loopback source
 * address 127.0.0.2, .3, ... so that neither the 20,000 open files of one process nor the
 * ephemeral ports of one address run out. The broker itself can hold no more connections than its
 * own open-files limit ({@code ulimit -n}) allows; a shortfall is reported, not hidden.
 */
final class ConnectionScenario {
  private static final Pattern READY = Pattern.compile("READY connected=(\\d+) failed=(\\d+) millis=(\\d+)");

  private ConnectionScenario() {
  }

  static void run(Peer peer, int count, RunConfig cfg, Path benchJar, Results results) throws Exception {
    String name = peer.spec.name();
    long rss0 = peer.rssKb();
    long heap0 = peer.heapUsedKb();
    List<Process> children = new ArrayList<>();
    int connected = 0;
    long slowest = 0;
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
          m = READY.matcher(line);
          if (m.find()) break;
        }
        if (line == null || m == null) throw new IllegalStateException("an idle-clients process ended without READY");
        connected += Integer.parseInt(m.group(1));
        slowest = Math.max(slowest, Long.parseLong(m.group(3)));
      }
      // let the broker settle (buffers returned to pools, JIT done) before measuring memory
      Thread.sleep(3000);
      long rss1 = peer.rssKb();
      long heap1 = peer.heapUsedKb();
      String scenario = String.format("%,d idle clients", count);
      results.put(BrokerScenarios.SECTION, scenario + ": connections held", "connections", true, name, connected);
      results.put(BrokerScenarios.SECTION, scenario + ": time to connect all (s)", "s", false, name, slowest / 1000.0);
      if (connected > 0) {
        results.put(BrokerScenarios.SECTION, scenario + ": RSS per connection (KB)", "KB", false, name, (double) (rss1 - rss0) / connected);
        if (heap0 >= 0) {
          results.put(BrokerScenarios.SECTION, scenario + ": heap per connection (KB)", "KB", false, name, (double) (heap1 - heap0) / connected);
        }
      }
      results.detail(name, String.format("%s: %,d connected in %.1f s; RSS %,d → %,d KB%s", scenario, connected, slowest / 1000.0,
        rss0, rss1, heap0 >= 0 ? String.format(", heap %,d → %,d KB", heap0, heap1) : ""));
      if (connected < count) results.problem(name, String.format("held %,d of %,d idle connections", connected, count));
    } finally {
      for (Process p : children) p.getOutputStream().close();
      for (Process p : children) {
        if (!p.waitFor(30, TimeUnit.SECONDS)) p.destroyForcibly();
      }
    }
  }
}
