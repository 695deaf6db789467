package io.conduit.bench.run;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How each peer is started, on free loopback ports, each in a fresh folder under bench/work:
 * <ul>
 *   <li>Conduit: started by {@code ./conduit}, as users start it (it picks the java, JVM flags and
 *       AOT cache, and execs the JVM, so the process is the JVM); extra JVM flags (e.g. a JFR
 *       recording for profiling) from the environment variable {@code BENCH_CONDUIT_JVM_FLAGS},
 *       handed to it as {@code CONDUIT_JAVA_OPTS};</li>
 *   <li>Mosquitto: the Debian binary with a config of defaults (listener on 127.0.0.1, anonymous,
 *       no persistence); its {@code max_inflight_messages} 20 and {@code max_queued_messages} 1000
 *       are Conduit's defaults too;</li>
 *   <li>aedes: {@code bench/scripts/aedes-broker.mjs} on Node.js 22;</li>
 *   <li>Node-RED 5.0.7: {@code red.js} on Node.js 22 with {@code bench/scripts/nodered-settings.js};
 *       with {@code aedesPort} set, that settings file also starts aedes inside Node-RED's process
 *       (the embedded-broker set-up).</li>
 * </ul>
 */
final class PeerSpecs {
  final Path root;
  final Path bench;
  final Path peers;
  final Path work;
  private int serial;

  PeerSpecs(Path root) {
    this.root = root;
    this.bench = root.resolve("bench");
    this.peers = bench.resolve("peers");
    this.work = bench.resolve("work");
  }

  Path logs() {
    return work.resolve("logs");
  }

  private Path freshDir(String name) throws IOException {
    Path d = work.resolve(name + "-" + (++serial));
    if (Files.exists(d)) {
      try (var files = Files.walk(d)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
    return Files.createDirectories(d);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  String node() {
    return peers.resolve("node_modules/.bin/node").toString();
  }

  /** Conduit; ready when its MQTT port answers and, {@code withAdmin}, its Admin API too. */
  Peer.Spec conduit(boolean withAdmin) throws IOException {
    return conduit(withAdmin, new String[0]);
  }

  /** Conduit with extra command-line flags (e.g. {@code --fsync always}). */
  Peer.Spec conduit(boolean withAdmin, String... extraFlags) throws IOException {
    Path dir = freshDir("conduit");
    int mqtt = freePort();
    int http = freePort();
    List<String> cmd = new ArrayList<>(List.of(root.resolve("conduit").toString(),
      "--bind", "127.0.0.1", "--port", String.valueOf(mqtt), "--http-port", String.valueOf(http),
      "--data-dir", dir.resolve("data").toString()));
    cmd.addAll(List.of(extraFlags));
    String extra = System.getenv("BENCH_CONDUIT_JVM_FLAGS");
    Map<String, String> env = extra == null ? Map.of() : Map.of("CONDUIT_JAVA_OPTS", extra.replace("{dir}", dir.toString()));
    return new Peer.Spec("conduit", cmd, env, dir, mqtt, withAdmin ? http : -1, true);
  }

  Peer.Spec mosquitto() throws IOException {
    return mosquitto(false);
  }

  /**
   * Mosquitto with {@code persistence true} (issue #7's comparison): its in-memory database is written
   * to {@code mosquitto.db} every {@code autosave_interval} (1800 s by default) and at shutdown, not
   * per message; {@code max_queued_messages 0} as Conduit gets in that scenario.
   */
  Peer.Spec mosquittoPersistent() throws IOException {
    return mosquitto(true);
  }

  /** Mosquitto's defaults on one loopback listener, with or without persistence: one place for its conf file. */
  private Peer.Spec mosquitto(boolean persistent) throws IOException {
    Path dir = freshDir(persistent ? "mosquitto-persistent" : "mosquitto");
    int mqtt = freePort();
    List<String> lines = new ArrayList<>(List.of(
      "# written by bench/run.sh: Mosquitto's defaults" + (persistent ? " with persistence" : "") + " on one loopback listener",
      "listener " + mqtt + " 127.0.0.1",
      "allow_anonymous true",
      "persistence " + persistent));
    if (persistent) lines.addAll(List.of("persistence_location " + dir + "/", "max_queued_messages 0"));
    lines.addAll(List.of("log_dest stderr", "log_type error", "log_type warning", ""));
    Path conf = Files.writeString(dir.resolve("mosquitto.conf"), String.join("\n", lines));
    return new Peer.Spec(persistent ? "mosquitto persistence true" : "mosquitto", List.of("/usr/sbin/mosquitto", "-c", conf.toString()),
      Map.of(), dir, mqtt, -1, false);
  }

  Peer.Spec aedes() throws IOException {
    Path dir = freshDir("aedes");
    int mqtt = freePort();
    return new Peer.Spec("aedes", List.of(node(), bench.resolve("scripts/aedes-broker.mjs").toString(), String.valueOf(mqtt)),
      Map.of("NODE_PATH", peers.resolve("node_modules").toString()), dir, mqtt, -1, false);
  }

  /**
   * Node-RED; {@code brokerPort} is where its flows' mqtt nodes connect. With {@code embeddedAedes}
   * the settings file starts aedes on that port inside Node-RED's own process.
   */
  Peer.Spec nodeRed(String name, int brokerPort, boolean embeddedAedes) throws IOException {
    Path dir = freshDir(name);
    int http = freePort();
    Files.writeString(dir.resolve("flows.json"), "[]");
    List<String> cmd = List.of(node(), peers.resolve("node_modules/node-red/red.js").toString(),
      "--userDir", dir.toString(), "--settings", bench.resolve("scripts/nodered-settings.js").toString(),
      "--port", String.valueOf(http), "flows.json");
    Map<String, String> env = new java.util.HashMap<>();
    env.put("BENCH_AEDES_MODULE", peers.resolve("node_modules/aedes/aedes.js").toString());
    if (embeddedAedes) env.put("BENCH_AEDES_PORT", String.valueOf(brokerPort));
    return new Peer.Spec(name, cmd, env, dir, brokerPort, http, false);
  }
}
