package io.conduit.nodes.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A real Mosquitto broker ({@code /usr/sbin/mosquitto}, installed by {@code .ci/run}) on a free
 * loopback port, for tests that need an external broker. {@link #stop()} and {@link #start()} can
 * be repeated to take the broker away and bring it back on the same port; {@link #close()} stops it
 * for good. Anonymous access (or one user with a password); persistence on, so a restart keeps
 * retained messages, persistent sessions and the messages queued for them.
 */
public final class Mosquitto implements AutoCloseable {
  public static final String BINARY = "/usr/sbin/mosquitto";

  private final int port;
  private final Path dir;
  private final Path passwordFile;
  private final Path aclFile;
  private Process process;

  private Mosquitto(int port, Path dir, Path passwordFile, Path aclFile) {
    this.port = port;
    this.dir = dir;
    this.passwordFile = passwordFile;
    this.aclFile = aclFile;
  }

  /** Starts a broker on a free port. */
  public static Mosquitto start(Path workDir) {
    Mosquitto m = new Mosquitto(freePort(), workDir, null, null);
    m.start();
    return m;
  }

  /**
   * Starts a broker that lets {@code user} in with {@code password} and only allows it the topics
   * of {@code allowedPattern} (read and write; e.g. {@code allowed/#}): a publish elsewhere is denied.
   */
  public static Mosquitto startWithAcl(Path workDir, String user, String password, String allowedPattern) throws Exception {
    Path acl = workDir.resolve("acl-" + System.nanoTime());
    Files.writeString(acl, "user " + user + "\ntopic readwrite " + allowedPattern + "\n");
    Mosquitto m = new Mosquitto(freePort(), workDir, passwordFile(workDir, user, password), acl);
    m.start();
    return m;
  }

  /** Starts a broker that only lets {@code user} in with {@code password} (mosquitto_passwd). */
  public static Mosquitto startWithPassword(Path workDir, String user, String password) throws Exception {
    Mosquitto m = new Mosquitto(freePort(), workDir, passwordFile(workDir, user, password), null);
    m.start();
    return m;
  }

  private static Path passwordFile(Path workDir, String user, String password) throws Exception {
    Path file = workDir.resolve("passwd-" + System.nanoTime());
    Process p = new ProcessBuilder("mosquitto_passwd", "-c", "-b", file.toString(), user, password)
      .redirectErrorStream(true).start();
    if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("mosquitto_passwd failed: " + new String(p.getInputStream().readAllBytes()));
    }
    return file;
  }

  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return port;
  }

  public boolean running() {
    return process != null && process.isAlive();
  }

  /** (Re)starts the broker on its port and waits until it accepts connections. */
  public void start() {
    try {
      Path conf = dir.resolve("mosquitto-" + port + ".conf");
      String access = passwordFile == null ? "allow_anonymous true\n"
        : "allow_anonymous false\npassword_file " + passwordFile + "\n" + (aclFile == null ? "" : "acl_file " + aclFile + "\n");
      // started as root, mosquitto would drop to user "mosquitto", who cannot read the test's files
      String user = "root".equals(System.getProperty("user.name")) ? "user root\n" : "";
      // persistence: what the broker acknowledged survives its own restart (written on SIGTERM), as
      // for a real broker; a client with a persistent session gets its queued messages back
      Path store = dir.resolve("mosquitto-" + port + "-data");
      Files.createDirectories(store);
      Files.writeString(conf, "listener " + port + " 127.0.0.1\n" + user + access + "persistence true\n"
        + "persistence_location " + store + "/\n"
        + "log_dest stderr\nlog_type error\nlog_type warning\n");
      process = new ProcessBuilder(BINARY, "-c", conf.toString())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("mosquitto-" + port + ".log").toFile())
        .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(this::accepts);
  }

  private boolean accepts() {
    if (!process.isAlive()) {
      throw new IllegalStateException("mosquitto exited with " + process.exitValue() + " on port " + port);
    }
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Stops the broker (SIGTERM) and waits until it has exited. */
  public void stop() {
    if (process != null && process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }

  @Override
  public void close() {
    stop();
  }
}
