package io.conduit.launch;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code conduit [command] [--flag value ...] [args]}. Every setting can be given as a flag
 * named like its key with dashes ({@code --max-queued-messages 500} sets
 * {@code max_queued_messages}); a flag with no value means {@code true}. {@code --config FILE}
 * reads a settings file first; flags override it.
 */
public final class CommandLine {
  public static final List<String> COMMANDS = List.of("start", "import", "export", "passwd", "hash-pw", "help");

  private final String command;
  private final List<String> arguments;
  private final JsonObject flags;

  private CommandLine(String command, List<String> arguments, JsonObject flags) {
    this.command = command;
    this.arguments = arguments;
    this.flags = flags;
  }

  public static CommandLine parse(String... args) {
    String command = "start";
    List<String> positional = new ArrayList<>();
    JsonObject flags = new JsonObject();
    int i = 0;
    if (args.length > 0 && !args[0].startsWith("-")) {
      command = args[0];
      if (!COMMANDS.contains(command)) {
        throw new IllegalArgumentException("unknown command '" + command + "' (commands: " + String.join(", ", COMMANDS) + ")");
      }
      i = 1;
    }
    for (; i < args.length; i++) {
      String a = args[i];
      if (a.equals("-h") || a.equals("--help")) {
        command = "help";
        continue;
      }
      if (a.startsWith("--")) {
        String name = a.substring(2);
        String value;
        int eq = name.indexOf('=');
        if (eq >= 0) {
          value = name.substring(eq + 1);
          name = name.substring(0, eq);
        } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
          value = args[++i];
        } else {
          value = "true";
        }
        if (name.isEmpty()) throw new IllegalArgumentException("empty flag name in '" + a + "'");
        flags.put(name.replace('-', '_'), value);
      } else if (a.startsWith("-") && a.length() > 1) {
        throw new IllegalArgumentException("unknown option '" + a + "' (flags are --name value)");
      } else {
        positional.add(a);
      }
    }
    return new CommandLine(command, positional, flags);
  }

  public String command() {
    return command;
  }

  public List<String> arguments() {
    return arguments;
  }

  public JsonObject flags() {
    return flags;
  }

  /** Config file (if {@code --config}) overlaid with the other flags. */
  public ConduitOptions options() throws IOException {
    JsonObject merged = new JsonObject();
    String config = flags.getString("config");
    if (config != null) {
      merged.mergeIn(Settings.read(Path.of(config)));
    }
    JsonObject rest = flags.copy();
    rest.remove("config");
    merged.mergeIn(rest);
    return ConduitOptions.fromSettings(merged);
  }

  public static String usage() {
    return """
      Usage: conduit [command] [options]

      Commands:
        start                 start the broker, the flow engine and the editor (default)
        import FILE           import a Node-RED flow export into the flows file (Conduit stopped)
        export [FILE]         write the flows (Node-RED's JSON, no credentials) to FILE or stdout
        passwd                manage a broker password file, like mosquitto_passwd ('conduit passwd -h')
        hash-pw               print the hash of a password for admin_auth (editor login)
        help                  show this help

      Options (every setting in the config file can also be given as --name value):
        --port N              MQTT port (default 1883)
        --http-port N         editor and Admin API port (default 1880)
        --bind ADDR           address both listeners bind to (default 127.0.0.1)
        --data-dir DIR        where flows, context and broker state live (default ./data)
        --config FILE         settings file: .json, .yaml/.yml, or Mosquitto-style .conf
        --flows FILE          the flows file to start with, import into or export from
                              (default DATA_DIR/flows.json)
        --context-storage S   memory (default), file, or Node-RED's contextStorage as JSON
        --examples false      do not load the example flows when there is no flows file
        --fsync always|interval|never
                              when the broker store is forced to disk (default interval: every 1 s)
        --repair-store        salvage a damaged broker store (the damaged one is kept aside)
        --reset-store         move the broker store aside and start empty
        --persistence false   keep broker state in memory only
        --max-queued-messages N, --max-queued-bytes N, --max-connections N, --max-connection-rate N,
        --max-inflight-messages N, --max-packet-size N, --max-keepalive N, --max-topic-alias N,
        --sys-interval N, ...

      Broker security (Mosquitto's names; see README "Securing Conduit"):
        --password-file FILE  users and password hashes (create with 'conduit passwd -c FILE USER')
        --acl-file FILE       Mosquitto ACL file: who may publish/subscribe where
        --allow-anonymous B   true|false; default: true only on a loopback bind without password file
        --tls-port N          MQTT over TLS (default 8883 when --certfile/--keyfile are given)
        --certfile F, --keyfile F, --cafile F   PEM server certificate, its key, client CA
        --require-certificate B, --use-identity-as-username B   client certificate login
        --ws-port N, --wss-port N               MQTT over WebSocket / secure WebSocket on /mqtt
        --admin-auth JSON     editor/Admin API users, Node-RED's adminAuth shape (see README)
        --insecure            allow the editor on a non-loopback address without admin_auth
        -h, --help            show this help
      """;
  }
}
