package io.conduit.bench.run;

import io.conduit.bench.load.RawMqtt;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One running peer (Conduit, Mosquitto, aedes, Node-RED): the process, how long it took to be
 * ready, and what it costs (RSS and CPU from /proc; heap through jcmd for a JVM). Ready means: an
 * MQTT CONNECT on its broker port gets a CONNACK and, for a flow runtime, its Admin API answers
 * {@code GET /flows}. Output goes to a log file under bench/work/logs.
 */
final class Peer implements AutoCloseable {
  /** How one kind of peer is started. {@code httpPort} is -1 for a plain broker. */
  record Spec(String name, List<String> command, Map<String, String> env, Path workDir, int mqttPort, int httpPort, boolean jvm) {
  }

  static final long READY_TIMEOUT_MILLIS = 120_000;
  private static final long CLOCK_TICKS_PER_SECOND = 100;
  /** "used NK" of a heap or generation line of {@code GC.heap_info} (its spaces say "N% used"). */
  private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

  final Spec spec;
  final Process process;
  final double startupMillis;
  private final Peer companion;

  private Peer(Spec spec, Process process, double startupMillis, Peer companion) {
    this.spec = spec;
    this.process = process;
    this.startupMillis = startupMillis;
    this.companion = companion;
  }

  /** Starts {@code spec} and waits until it is ready; {@code companion} (e.g. its broker) is stopped with it. */
  static Peer start(Spec spec, Path logDir, Peer companion) throws Exception {
    Files.createDirectories(logDir);
    Files.createDirectories(spec.workDir());
    ProcessBuilder pb = new ProcessBuilder(spec.command()).directory(spec.workDir().toFile()).redirectErrorStream(true)
      .redirectOutput(ProcessBuilder.Redirect.appendTo(logDir.resolve(spec.name() + ".log").toFile()));
    pb.environment().putAll(spec.env());
    long t0 = System.nanoTime();
    Process p = pb.start();
    try {
      awaitReady(spec, p, t0);
    } catch (Exception e) {
      p.destroyForcibly();
      throw new IOException(spec.name() + " did not become ready (see " + logDir.resolve(spec.name() + ".log") + "): " + e.getMessage(), e);
    }
    double millis = (System.nanoTime() - t0) / 1e6;
    return new Peer(spec, p, millis, companion);
  }

  private static void awaitReady(Spec spec, Process p, long t0) throws Exception {
    long deadline = t0 + TimeUnit.MILLISECONDS.toNanos(READY_TIMEOUT_MILLIS);
    boolean mqtt = false;
    boolean http = spec.httpPort() < 0;
    while (!(mqtt && http)) {
      if (!p.isAlive()) throw new IOException("exited with " + p.exitValue());
      if (System.nanoTime() > deadline) throw new IOException("not ready after " + READY_TIMEOUT_MILLIS + " ms");
      if (!mqtt) mqtt = mqttAnswers(spec.mqttPort());
      if (mqtt && !http) http = httpAnswers(spec.httpPort());
      if (!(mqtt && http)) Thread.sleep(5);
    }
  }

  static boolean mqttAnswers(int port) {
    try (RawMqtt c = RawMqtt.connect("127.0.0.1", port, "bench-ready-probe", 10, null, null, 500)) {
      return c != null;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean httpAnswers(int port) {
    try {
      HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/flows"))
        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  long pid() {
    return process.pid();
  }

  /** Resident set size in KB (VmRSS of /proc/pid/status). */
  long rssKb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
      if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }
    throw new IOException("no VmRSS for pid " + pid());
  }

  /** User + system CPU time of the process so far, in milliseconds. */
  long cpuMillis() throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid() + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // fields 14 and 15 of stat (utime, stime); f[0] is field 3
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1000 / CLOCK_TICKS_PER_SECOND;
  }

  /** Heap in use after a full GC, in KB; -1 for a peer that is not a JVM. */
  long heapUsedKb() throws Exception {
    if (!spec.jvm()) return -1;
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    run(jcmd, String.valueOf(pid()), "GC.run");
    String info = run(jcmd, String.valueOf(pid()), "GC.heap_info");
    long used = heapUsedKb(info);
    if (used < 0) throw new IOException("cannot read heap use from: " + info);
    return used;
  }

  /**
   * The heap in use that {@code GC.heap_info} prints, in KB, or -1: G1 prints one line for the
   * whole heap, Serial and Parallel one per generation ("DefNew", "Tenured"; "PSYoungGen",
   * "ParOldGen"), so every "used NK" before any Metaspace lines is added up.
   */
  static long heapUsedKb(String heapInfo) {
    int metaspace = heapInfo.indexOf("Metaspace");
    Matcher m = HEAP_USED.matcher(metaspace < 0 ? heapInfo : heapInfo.substring(0, metaspace));
    long used = -1;
    while (m.find()) used = Math.max(used, 0) + Long.parseLong(m.group(1));
    return used;
  }

  private static String run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException(String.join(" ", command) + " failed: " + out);
    return out;
  }

  /** SIGTERM, then SIGKILL after 15 s; then the companion. */
  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(15, TimeUnit.SECONDS);
    }
    if (companion != null) companion.close();
  }
}
