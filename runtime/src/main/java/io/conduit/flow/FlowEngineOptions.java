package io.conduit.flow;

import io.conduit.launch.SettingReader;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;

/**
 * Everything the flow engine is started with. Read from the flat settings
 * ({@link #fromSettings}) with these keys:
 * <ul>
 *   <li>{@code data_dir}: flows, context files and node state (default {@code ./data});</li>
 *   <li>{@code flows}: the flows file (default {@code <data_dir>/flows.json});</li>
 *   <li>{@code context_storage}: Node-RED's {@code contextStorage} (see {@link io.conduit.flow.context.ContextStorage});</li>
 *   <li>{@code node_close_timeout}: ms a node may take to close (Node-RED's {@code nodeCloseTimeout}, 15000);</li>
 *   <li>{@code debug_max_length}: longest value the debug sidebar gets (Node-RED's {@code debugMaxLength}, 1000);</li>
 *   <li>{@code examples}: load the example flows when there is no flows file (default true).</li>
 * </ul>
 */
public final class FlowEngineOptions {
  public static final String DEFAULT_DATA_DIR = "data";
  public static final String FLOWS_FILE_NAME = "flows.json";
  public static final long DEFAULT_NODE_CLOSE_TIMEOUT_MS = 15_000;
  public static final int DEFAULT_DEBUG_MAX_LENGTH = 1000;

  public static final Set<String> KEYS = Set.of("context_storage", "node_close_timeout", "debug_max_length", "examples");

  private Path dataDir = Path.of(DEFAULT_DATA_DIR);
  private Path flowsFile;
  private Object contextStorage;
  private long nodeCloseTimeoutMs = DEFAULT_NODE_CLOSE_TIMEOUT_MS;
  private int debugMaxLength = DEFAULT_DEBUG_MAX_LENGTH;
  private boolean loadExamples = true;
  private JsonObject settings = new JsonObject();
  private Clock clock = Clock.systemUTC();

  public FlowEngineOptions() {
  }

  public FlowEngineOptions(FlowEngineOptions other) {
    this.dataDir = other.dataDir;
    this.flowsFile = other.flowsFile;
    this.contextStorage = other.contextStorage;
    this.nodeCloseTimeoutMs = other.nodeCloseTimeoutMs;
    this.debugMaxLength = other.debugMaxLength;
    this.loadExamples = other.loadExamples;
    this.settings = other.settings;
    this.clock = other.clock;
  }

  /** From the flat settings (config file + flags); also keeps them for {@code NodeServices.settings()}. */
  public static FlowEngineOptions fromSettings(JsonObject settings) {
    SettingReader r = new SettingReader(settings);
    FlowEngineOptions o = new FlowEngineOptions()
      .setDataDir(Path.of(r.string("data_dir", DEFAULT_DATA_DIR)))
      .setNodeCloseTimeoutMs(r.integer("node_close_timeout", DEFAULT_NODE_CLOSE_TIMEOUT_MS, 1, 3_600_000))
      .setDebugMaxLength(r.integer("debug_max_length", DEFAULT_DEBUG_MAX_LENGTH, 1, 100_000_000))
      .setLoadExamples(r.bool("examples", true))
      .setContextStorage(settings.getValue("context_storage"))
      .setSettings(settings);
    String flows = r.string("flows", null);
    if (flows != null) o.setFlowsFile(Path.of(flows));
    return o;
  }

  public Path getDataDir() { return dataDir; }

  public FlowEngineOptions setDataDir(Path dataDir) {
    if (dataDir == null) throw new IllegalArgumentException("data_dir must not be null");
    this.dataDir = dataDir;
    return this;
  }

  /** The flows file: the one set, else {@code <data_dir>/flows.json}. */
  public Path getFlowsFile() {
    return flowsFile != null ? flowsFile : dataDir.resolve(FLOWS_FILE_NAME);
  }

  public FlowEngineOptions setFlowsFile(Path flowsFile) {
    this.flowsFile = flowsFile;
    return this;
  }

  public Object getContextStorage() { return contextStorage; }

  public FlowEngineOptions setContextStorage(Object contextStorage) {
    this.contextStorage = contextStorage;
    return this;
  }

  public long getNodeCloseTimeoutMs() { return nodeCloseTimeoutMs; }

  public FlowEngineOptions setNodeCloseTimeoutMs(long ms) {
    if (ms < 1) throw new IllegalArgumentException("node_close_timeout must be >= 1 ms, was " + ms);
    this.nodeCloseTimeoutMs = ms;
    return this;
  }

  public int getDebugMaxLength() { return debugMaxLength; }

  public FlowEngineOptions setDebugMaxLength(int debugMaxLength) {
    if (debugMaxLength < 1) throw new IllegalArgumentException("debug_max_length must be >= 1, was " + debugMaxLength);
    this.debugMaxLength = debugMaxLength;
    return this;
  }

  public boolean isLoadExamples() { return loadExamples; }

  public FlowEngineOptions setLoadExamples(boolean loadExamples) {
    this.loadExamples = loadExamples;
    return this;
  }

  public JsonObject getSettings() { return settings; }

  public FlowEngineOptions setSettings(JsonObject settings) {
    this.settings = settings == null ? new JsonObject() : settings;
    return this;
  }

  public Clock getClock() { return clock; }

  public FlowEngineOptions setClock(Clock clock) {
    if (clock == null) throw new IllegalArgumentException("clock must not be null");
    this.clock = clock;
    return this;
  }

  public FlowEngineOptions copy() {
    return new FlowEngineOptions(this);
  }
}
