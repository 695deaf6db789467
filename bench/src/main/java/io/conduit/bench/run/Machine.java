package io.conduit.bench.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** What the results file says about the machine and the software versions of the run. */
final class Machine {
  /**
   * Other processes' CPU during the run above this, in % of one core, means other work competed
   * with it. (The load average cannot tell: before the run it still holds run.sh's build, after it
   * the run's own last scenario.) The kernel's own threads stay well below it on a quiet machine.
   */
  static final double BUSY_OTHER_CPU_PERCENT = 10;
  /** USER_HZ: the unit of the tick counts in /proc/stat and /proc/[pid]/stat (100 on Linux). */
  static final int CLOCK_TICKS_PER_SECOND = 100;

  private Machine() {
  }

  static String hostname() {
    try {
      return Files.readString(Path.of("/etc/hostname")).trim();
    } catch (Exception e) {
      return "unknown-host";
    }
  }

  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return f[0] + ", " + f[1] + ", " + f[2];
    } catch (Exception e) {
      return "unknown";
    }
  }

  /**
   * The CPU time the whole machine spent busy and the CPU time of this run (the bench JVM with the
   * peers and client processes it started and reaped), both in clock ticks: between two samples
   * their difference is what other processes used.
   */
  record CpuSample(long machineBusyTicks, long ownTicks, long nanos) {
    static CpuSample take() {
      try {
        return new CpuSample(Machine.machineBusyTicks(Files.readAllLines(Path.of("/proc/stat")).get(0)),
          Machine.ownTicks(Files.readString(Path.of("/proc/self/stat"))), System.nanoTime());
      } catch (Exception e) {
        return new CpuSample(-1, -1, System.nanoTime());
      }
    }

    /** Other processes' CPU since {@code start}, in % of one core; negative when /proc could not be read. */
    double otherCpuPercentSince(CpuSample start) {
      if (machineBusyTicks < 0 || start.machineBusyTicks < 0) return -1;
      double seconds = (nanos - start.nanos) / 1e9;
      long other = (machineBusyTicks - start.machineBusyTicks) - (ownTicks - start.ownTicks);
      return Math.max(0, 100.0 * other / CLOCK_TICKS_PER_SECOND / seconds);
    }
  }

  /** user + nice + system + irq + softirq of /proc/stat's "cpu" line (not idle, iowait or steal: steal is the hypervisor's). */
  static long machineBusyTicks(String cpuLine) {
    String[] f = cpuLine.trim().split("\\s+");
    if (!f[0].equals("cpu")) throw new IllegalArgumentException("not /proc/stat's cpu line: " + cpuLine);
    return Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6]) + Long.parseLong(f[7]);
  }

  /** utime + stime + cutime + cstime of a /proc/[pid]/stat line (fields 14–17; the command name may hold spaces). */
  static long ownTicks(String statLine) {
    String[] f = statLine.substring(statLine.lastIndexOf(')') + 2).trim().split("\\s+");
    // f[0] is field 3 (state), so field n is f[n - 3]
    return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
  }

  static String cpu() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
        .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
    } catch (Exception e) {
      return "unknown CPU";
    }
  }

  static String memory() {
    try {
      return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
        .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024 / 1024 + " GiB RAM").findFirst().orElse("");
    } catch (Exception e) {
      return "";
    }
  }

  static String commit(Path root) {
    String head = run(root, "git", "rev-parse", "--short", "HEAD");
    String dirty = run(root, "git", "status", "--porcelain", "--untracked-files=no");
    return head + (dirty.isBlank() ? "" : " (with uncommitted changes)");
  }

  static String versions(PeerSpecs specs) {
    String java = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
    String mosquitto = run(specs.root, "/usr/sbin/mosquitto", "-h").lines().findFirst().orElse("mosquitto ?");
    String node = run(specs.root, specs.node(), "--version");
    return "versions: " + java + "; " + mosquitto.replace("mosquitto version", "Mosquitto") + "; Node.js " + node
      + "; node-red " + npmVersion(specs, "node-red") + "; aedes " + npmVersion(specs, "aedes");
  }

  static String hivemqVersion() {
    Package p = com.hivemq.client.mqtt.MqttClient.class.getPackage();
    return p.getImplementationVersion() == null ? "1.3.x" : p.getImplementationVersion();
  }

  static String openFilesLimit() {
    return limit("Max open files", 3);
  }

  static String openFilesHardLimit() {
    return limit("Max open files", 4);
  }

  private static String limit(String name, int field) {
    try {
      return Files.readAllLines(Path.of("/proc/self/limits")).stream().filter(l -> l.startsWith(name))
        .map(l -> l.substring(name.length()).trim().split("\\s+")[field - 3]).findFirst().orElse("?");
    } catch (Exception e) {
      return "?";
    }
  }

  private static String npmVersion(PeerSpecs specs, String module) {
    try {
      String json = Files.readString(specs.peers.resolve("node_modules/" + module + "/package.json"));
      return new io.vertx.core.json.JsonObject(json).getString("version");
    } catch (Exception e) {
      return "not installed";
    }
  }

  private static String run(Path dir, String... command) {
    try {
      Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      p.waitFor(10, TimeUnit.SECONDS);
      return out;
    } catch (Exception e) {
      return "?";
    }
  }
}
