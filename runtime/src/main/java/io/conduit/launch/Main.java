package io.conduit.launch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code conduit} on the command line: parses flags, starts Conduit, prints a one-line banner with
 * the URLs, and stops cleanly on SIGINT/SIGTERM (the JVM's shutdown hook).
 */
public final class Main {
  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs one command; returns the process exit code. {@code start} blocks until shutdown. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    CommandLine cli;
    ConduitOptions options;
    try {
      cli = CommandLine.parse(args);
      if (cli.command().equals("help")) {
        out.print(CommandLine.usage());
        return 0;
      }
      options = cli.options();
    } catch (Exception e) {
      err.println("conduit: " + e.getMessage());
      err.println("Try 'conduit --help'.");
      return 2;
    }
    return switch (cli.command()) {
      case "start" -> start(options, out, err);
      default -> {
        err.println("conduit: command '" + cli.command() + "' is not available");
        yield 2;
      }
    };
  }

  private static int start(ConduitOptions options, PrintStream out, PrintStream err) {
    long t0 = System.nanoTime();
    Conduit conduit;
    try {
      conduit = Conduit.start(options).toCompletionStage().toCompletableFuture().get();
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      err.println("conduit: failed to start: " + cause.getMessage());
      log.debug("start failure", cause);
      return 1;
    }
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    String host = options.bind().contains(":") ? "[" + options.bind() + "]" : options.bind();
    out.printf("Conduit %s ready in %d ms: MQTT mqtt://%s:%d, editor http://%s:%d/, data %s%n",
      version(), ms, host, conduit.mqttPort(), host, conduit.httpPort(), options.dataDir().toAbsolutePath().normalize());
    out.flush();

    CompletableFuture<Void> stopped = new CompletableFuture<>();
    Thread hook = new Thread(() -> {
      log.info("Shutting down");
      try {
        conduit.stop().toCompletionStage().toCompletableFuture().get(Conduit.STOP_TIMEOUT_SECONDS * 4, TimeUnit.SECONDS);
        log.info("Stopped");
      } catch (Exception e) {
        log.warn("Shutdown did not complete cleanly: {}", e.toString());
      } finally {
        stopped.complete(null);
      }
    }, "conduit-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    stopped.join();
    return 0;
  }

  public static String version() {
    String v = Main.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
