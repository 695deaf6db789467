package io.conduit.launch;

import io.conduit.admin.AdminServer;
import io.conduit.broker.BrokerOptions;
import io.conduit.flow.FlowEngineOptions;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything Conduit is started with, whatever the source: defaults, then the config file, then
 * command-line flags (flags win). One flat settings object with snake_case keys; each component
 * reads its own keys from it ({@link BrokerOptions#fromSettings}). Unknown keys are an error that
 * names the key, so a typo never goes unnoticed.
 */
public final class ConduitOptions {
  public static final int DEFAULT_HTTP_PORT = 1880;
  public static final String DEFAULT_DATA_DIR = "data";

  /** Keys read here; each component declares its own set in {@link #KEY_SETS}. */
  public static final Set<String> KEYS = Set.of("config", "data_dir", "http_port", "flows");

  /**
   * Keys the function node reads from {@code NodeServices.settings()} (module nodes, which runtime
   * cannot import): {@code function_timeout} default time limit of one script run in seconds
   * (> 0, default 5), {@code function_dispatch} {@code worker} (default) or {@code event_loop}.
   * Checked here so that a bad value stops the start, not a deploy.
   */
  public static final Set<String> FUNCTION_NODE_KEYS = Set.of("function_timeout", "function_dispatch");

  /** Every component's keys. Add a component's set here when it reads new settings. */
  static final List<Set<String>> KEY_SETS = List.of(KEYS, BrokerOptions.KEYS, FUNCTION_NODE_KEYS, FlowEngineOptions.KEYS, AdminServer.KEYS);

  private final JsonObject settings;
  private final BrokerOptions broker;
  private final int httpPort;
  private final Path dataDir;
  private final Path flowsFile;

  private ConduitOptions(JsonObject settings) {
    this.settings = settings;
    SettingReader r = new SettingReader(settings);
    this.broker = BrokerOptions.fromSettings(settings);
    this.httpPort = r.integer("http_port", DEFAULT_HTTP_PORT, 0, 65535);
    this.dataDir = Path.of(r.string("data_dir", DEFAULT_DATA_DIR));
    checkFunctionNodeSettings(r);
    String flows = r.string("flows", null);
    this.flowsFile = flows == null ? null : Path.of(flows);
  }

  private static void checkFunctionNodeSettings(SettingReader r) {
    String timeout = r.string("function_timeout", null);
    if (timeout != null) {
      double seconds;
      try {
        seconds = Double.parseDouble(timeout.trim());
      } catch (NumberFormatException e) {
        seconds = Double.NaN;
      }
      if (!(seconds > 0)) {
        throw SettingReader.bad("function_timeout", timeout, "must be a number of seconds > 0");
      }
    }
    String dispatch = r.string("function_dispatch", "worker").trim();
    if (!dispatch.equals("worker") && !dispatch.equals("event_loop")) {
      throw SettingReader.bad("function_dispatch", dispatch, "must be worker or event_loop");
    }
  }

  /**
   * @throws IllegalArgumentException naming the key when a key is unknown or a value invalid
   */
  public static ConduitOptions fromSettings(JsonObject settings) {
    JsonObject normalised = Settings.normalise(settings);
    Set<String> known = knownKeys();
    for (String key : normalised.fieldNames()) {
      if (!known.contains(key)) {
        throw new IllegalArgumentException("unknown setting '" + key + "' (known: " + String.join(", ", known) + ")");
      }
    }
    return new ConduitOptions(normalised);
  }

  public static Set<String> knownKeys() {
    Set<String> all = new TreeSet<>();
    KEY_SETS.forEach(all::addAll);
    return all;
  }

  /** The merged settings (read-only by convention); handed to nodes as {@code NodeServices.settings()}. */
  public JsonObject settings() {
    return settings;
  }

  public BrokerOptions broker() {
    return broker;
  }

  /** Address both listeners bind to. */
  public String bind() {
    return broker.getBind();
  }

  public int httpPort() {
    return httpPort;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** A flows file given with {@code --flows}; null means {@code <data_dir>/flows.json}. */
  public Path flowsFile() {
    return flowsFile;
  }
}
