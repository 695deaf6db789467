package io.conduit.launch;

import io.conduit.flow.FlowEngineOptions;
import io.conduit.flow.FlowFiles;
import io.conduit.flow.NodeRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code conduit} on the command line: parses flags, starts Conduit, prints a one-line banner with
 * the URLs, and stops cleanly on SIGINT/SIGTERM (the JVM's shutdown hook). {@code conduit passwd}
 * manages a broker password file and {@code conduit hash-pw} hashes an editor password ({@link PasswdCommand}).
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
    if (args.length > 0 && (args[0].equals("passwd") || args[0].equals("hash-pw"))) {
      // mosquitto_passwd's single-dash options, not --flags: parsed by the command itself
      BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      List<String> rest = List.of(args).subList(1, args.length);
      PasswdCommand.Prompt prompt = PasswdCommand.systemPrompt(stdin);
      return args[0].equals("passwd") ? PasswdCommand.run(rest, prompt, out, err) : PasswdCommand.hashPw(rest, prompt, out, err);
    }
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
      case "import" -> importFlows(cli, options, out, err);
      case "export" -> exportFlows(cli, options, out, err);
      default -> {
        err.println("conduit: command '" + cli.command() + "' is not available");
        yield 2;
      }
    };
  }

  private static Path flowsFile(ConduitOptions options) {
    return FlowEngineOptions.fromSettings(options.settings()).getFlowsFile();
  }

  /** {@code conduit import FILE}: the file becomes the flows file (see {@link FlowFiles}). */
  private static int importFlows(CommandLine cli, ConduitOptions options, PrintStream out, PrintStream err) {
    if (cli.arguments().size() != 1) {
      err.println("conduit: import needs one FILE (a Node-RED flow export)");
      return 2;
    }
    try {
      FlowFiles.Imported r = FlowFiles.importFlows(Path.of(cli.arguments().get(0)), flowsFile(options),
        NodeRegistry.fromClassPath(Main.class.getClassLoader()));
      out.printf("Imported %d nodes (%d tabs, %d subflows) into %s%n", r.nodes(), r.tabs(), r.subflows(), r.flowsFile().toAbsolutePath());
      if (!r.missingTypes().isEmpty()) {
        out.println("Missing node types (these flows will not start until they exist): " + String.join(", ", r.missingTypes()));
      }
      return 0;
    } catch (IOException e) {
      err.println("conduit: import failed: " + e.getMessage());
      return 1;
    }
  }

  /** {@code conduit export [FILE]}: the flows as Node-RED's JSON, to FILE or stdout. */
  private static int exportFlows(CommandLine cli, ConduitOptions options, PrintStream out, PrintStream err) {
    if (cli.arguments().size() > 1) {
      err.println("conduit: export takes at most one FILE");
      return 2;
    }
    try {
      String json = FlowFiles.exportFlows(flowsFile(options));
      if (cli.arguments().isEmpty()) {
        out.println(json);
      } else {
        Files.writeString(Path.of(cli.arguments().get(0)), json + "\n", StandardCharsets.UTF_8);
      }
      return 0;
    } catch (IOException e) {
      err.println("conduit: export failed: " + e.getMessage());
      return 1;
    }
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
