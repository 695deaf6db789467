package io.conduit.bench.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** What the results file says about the machine and the software versions of the run. */
final class Machine {
  /** A 1-minute load average above this (on 2 cores) means other work competed with the run. */
  static final double BUSY_LOAD = 1.5;

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

  static boolean busy(String loadAverage) {
    try {
      return Double.parseDouble(loadAverage.split(",")[0]) > BUSY_LOAD;
    } catch (NumberFormatException e) {
      return false;
    }
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
