package io.conduit.broker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * Conduit as a child process (the same java binary and class path as this test JVM, main class
 * {@code io.conduit.launch.Main}), for tests that must kill the broker for real. Its stdout and
 * stderr go to files in the data directory's parent; {@link #start} waits for the ready banner.
 */
final class ConduitProcess implements AutoCloseable {
  private final Process process;
  private final Path out;
  private final Path err;

  private ConduitProcess(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
  }

  /** Starts {@code conduit start --port port --http-port 0 --data-dir dataDir extra...} and waits until it is ready. */
  static ConduitProcess start(Path dataDir, int port, String... extra) throws IOException {
    Path logs = dataDir.resolveSibling(dataDir.getFileName() + "-logs");
    ConduitProcess c = launch(dataDir, port, logs, extra);
    try {
      await().atMost(60, TimeUnit.SECONDS).pollInterval(100, TimeUnit.MILLISECONDS)
        .until(() -> {
          if (!c.process.isAlive()) throw new IllegalStateException("Conduit exited with " + c.process.exitValue() + ": " + c.stderr());
          return c.stdout().contains(" ready in ");
        });
    } catch (RuntimeException e) {
      c.close();
      throw e;
    }
    return c;
  }

  /** Runs Conduit expecting it to stop by itself (a failed start); waits for it to exit. */
  static ConduitProcess run(Path dataDir, int port, String... extra) throws Exception {
    ConduitProcess c = launch(dataDir, port, Files.createTempDirectory("conduit-run"), extra);
    if (!c.process.waitFor(60, TimeUnit.SECONDS)) c.process.destroyForcibly();
    return c;
  }

  private static ConduitProcess launch(Path dataDir, int port, Path logs, String... extra) throws IOException {
    String java = ProcessHandle.current().info().command().orElseThrow(() -> new IllegalStateException("no java command"));
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
      "-cp", System.getProperty("java.class.path"), "io.conduit.launch.Main", "start",
      "--port", String.valueOf(port), "--http-port", "0", "--bind", "127.0.0.1", "--sys-interval", "0",
      "--data-dir", dataDir.toString()));
    cmd.addAll(List.of(extra));
    Files.createDirectories(logs);
    String stamp = Long.toString(System.nanoTime());
    Path out = logs.resolve("stdout-" + stamp + ".txt");
    Path err = logs.resolve("stderr-" + stamp + ".txt");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    return new ConduitProcess(p, out, err);
  }

  int exitCode() {
    return process.exitValue();
  }

  String stdout() throws IOException {
    return Files.readString(out);
  }

  String stderr() throws IOException {
    return Files.readString(err);
  }

  /** SIGKILL: no shutdown hook, no flush, no close. */
  void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM: Conduit's shutdown hook stops it cleanly. */
  int stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) process.destroyForcibly();
    return process.waitFor();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
