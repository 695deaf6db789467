package io.conduit.bench.load;

/**
 * One load run: who publishes what to whom, how fast and for how long. Setters check their input
 * and say what is wrong. Topologies:
 * <ul>
 *   <li>{@link Topology#PAIRS}: publisher i → {@code bench/t/i} → subscriber i (1→1, 10→10);</li>
 *   <li>{@link Topology#FANOUT}: every publisher → {@code bench/t/0} → every subscriber (1→100);</li>
 *   <li>{@link Topology#FLOW}: publisher i → {@code bench/in/i} → (a flow) → {@code bench/out/#}
 *       → every subscriber; JSON payloads the flow can parse ({@link Payload#json}).</li>
 * </ul>
 * A run publishes for {@link #warmupSeconds} (messages marked warm-up, not counted), then for
 * {@link #seconds} (measured), then waits at most {@link #drainSeconds} for stragglers.
 */
public final class LoadOptions {
  public enum Topology { PAIRS, FANOUT, FLOW }

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PUBLISHERS = 1;
  public static final int DEFAULT_SUBSCRIBERS = 1;
  public static final int DEFAULT_QOS = 0;
  /** The payload size of the broker scenarios (issue #6: 64-byte payloads). */
  public static final int DEFAULT_PAYLOAD_SIZE = 64;
  /** 0: as fast as the client's flow control lets each publisher go. */
  public static final int DEFAULT_RATE = 0;
  public static final int DEFAULT_WARMUP_SECONDS = 5;
  public static final int DEFAULT_SECONDS = 10;
  public static final int DEFAULT_DRAIN_SECONDS = 5;

  private String host = DEFAULT_HOST;
  private int port = -1;
  private Topology topology = Topology.PAIRS;
  private int publishers = DEFAULT_PUBLISHERS;
  private int subscribers = DEFAULT_SUBSCRIBERS;
  private int qos = DEFAULT_QOS;
  private int payloadSize = DEFAULT_PAYLOAD_SIZE;
  private int rate = DEFAULT_RATE;
  private int warmupSeconds = DEFAULT_WARMUP_SECONDS;
  private int seconds = DEFAULT_SECONDS;
  private int drainSeconds = DEFAULT_DRAIN_SECONDS;
  private String clientIdPrefix = "bench";

  public LoadOptions copy() {
    LoadOptions o = new LoadOptions();
    o.host = host;
    o.port = port;
    o.topology = topology;
    o.publishers = publishers;
    o.subscribers = subscribers;
    o.qos = qos;
    o.payloadSize = payloadSize;
    o.rate = rate;
    o.warmupSeconds = warmupSeconds;
    o.seconds = seconds;
    o.drainSeconds = drainSeconds;
    o.clientIdPrefix = clientIdPrefix;
    return o;
  }

  /** Topic publisher {@code i} publishes to. */
  public String publishTopic(int i) {
    return switch (topology) {
      case PAIRS -> "bench/t/" + i;
      case FANOUT -> "bench/t/0";
      case FLOW -> "bench/in/" + i;
    };
  }

  /** Filter subscriber {@code j} subscribes to. */
  public String subscribeFilter(int j) {
    return switch (topology) {
      case PAIRS -> "bench/t/" + j;
      case FANOUT -> "bench/t/0";
      case FLOW -> "bench/out/#";
    };
  }

  /** How many deliveries one published message should make. */
  public int deliveriesPerMessage() {
    return topology == Topology.PAIRS ? 1 : subscribers;
  }

  public boolean json() {
    return topology == Topology.FLOW;
  }

  public String describe() {
    String shape = switch (topology) {
      case PAIRS, FANOUT -> publishers + "→" + subscribers;
      case FLOW -> "flow " + publishers + "→" + subscribers;
    };
    return shape + " qos " + qos + " " + (json() ? "json" : payloadSize + " B") + " "
      + (rate == 0 ? "max rate" : rate + " msg/s");
  }

  public String host() {
    return host;
  }

  public LoadOptions host(String host) {
    if (host == null || host.isBlank()) throw new IllegalArgumentException("host must not be empty");
    this.host = host;
    return this;
  }

  public int port() {
    return port;
  }

  public LoadOptions port(int port) {
    if (port < 1 || port > 65535) throw new IllegalArgumentException("port must be 1..65535, was " + port);
    this.port = port;
    return this;
  }

  public Topology topology() {
    return topology;
  }

  public LoadOptions topology(Topology topology) {
    if (topology == null) throw new IllegalArgumentException("topology must not be null");
    this.topology = topology;
    return this;
  }

  public int publishers() {
    return publishers;
  }

  public LoadOptions publishers(int publishers) {
    if (publishers < 1) throw new IllegalArgumentException("publishers must be >= 1, was " + publishers);
    this.publishers = publishers;
    return this;
  }

  public int subscribers() {
    return subscribers;
  }

  public LoadOptions subscribers(int subscribers) {
    if (subscribers < 1) throw new IllegalArgumentException("subscribers must be >= 1, was " + subscribers);
    this.subscribers = subscribers;
    return this;
  }

  public int qos() {
    return qos;
  }

  public LoadOptions qos(int qos) {
    if (qos < 0 || qos > 2) throw new IllegalArgumentException("qos must be 0, 1 or 2, was " + qos);
    this.qos = qos;
    return this;
  }

  public int payloadSize() {
    return payloadSize;
  }

  public LoadOptions payloadSize(int payloadSize) {
    if (payloadSize < Payload.BINARY_HEADER) {
      throw new IllegalArgumentException("payload size must be >= " + Payload.BINARY_HEADER + " bytes (the stamp), was " + payloadSize);
    }
    this.payloadSize = payloadSize;
    return this;
  }

  public int rate() {
    return rate;
  }

  /** Total messages per second over all publishers; 0 for as fast as possible. */
  public LoadOptions rate(int rate) {
    if (rate < 0) throw new IllegalArgumentException("rate must be >= 0 (0: max), was " + rate);
    this.rate = rate;
    return this;
  }

  public int warmupSeconds() {
    return warmupSeconds;
  }

  public LoadOptions warmupSeconds(int warmupSeconds) {
    if (warmupSeconds < 0) throw new IllegalArgumentException("warm-up must be >= 0 s, was " + warmupSeconds);
    this.warmupSeconds = warmupSeconds;
    return this;
  }

  public int seconds() {
    return seconds;
  }

  public LoadOptions seconds(int seconds) {
    if (seconds < 1) throw new IllegalArgumentException("measured time must be >= 1 s, was " + seconds);
    this.seconds = seconds;
    return this;
  }

  public int drainSeconds() {
    return drainSeconds;
  }

  public LoadOptions drainSeconds(int drainSeconds) {
    if (drainSeconds < 0) throw new IllegalArgumentException("drain time must be >= 0 s, was " + drainSeconds);
    this.drainSeconds = drainSeconds;
    return this;
  }

  public String clientIdPrefix() {
    return clientIdPrefix;
  }

  public LoadOptions clientIdPrefix(String prefix) {
    if (prefix == null || prefix.isEmpty()) throw new IllegalArgumentException("client id prefix must not be empty");
    this.clientIdPrefix = prefix;
    return this;
  }
}
