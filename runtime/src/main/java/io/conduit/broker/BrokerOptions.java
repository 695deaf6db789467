package io.conduit.broker;

import io.conduit.broker.auth.AuthOptions;
import io.conduit.launch.SettingReader;
import io.conduit.broker.persist.FsyncPolicy;
import io.vertx.core.json.JsonObject;

import java.util.HashSet;
import java.util.Set;

/**
 * Every broker limit and default, read from the flat settings (config file + flags) with
 * Mosquitto's names where it has one. Defaults are documented constants. The TLS/WebSocket
 * listeners ({@link ListenerOptions}) and login/ACL settings ({@link AuthOptions}) have their own
 * objects, read from the same settings.
 */
public final class BrokerOptions {
  /** MQTT's own maximum packet size: 256 MB (268,435,455 bytes, the largest remaining length). */
  public static final int PROTOCOL_MAX_PACKET_SIZE = 268_435_455;
  public static final int DEFAULT_PORT = 1883;
  public static final String DEFAULT_BIND = "127.0.0.1";
  public static final int DEFAULT_MAX_PACKET_SIZE = PROTOCOL_MAX_PACKET_SIZE;
  /** Mosquitto's default: a client may ask for any keep alive up to 65535 s. */
  public static final int DEFAULT_MAX_KEEPALIVE = 65_535;
  /** Mosquitto's default {@code max_topic_alias}. */
  public static final int DEFAULT_MAX_TOPIC_ALIAS = 10;
  /** Mosquitto's default {@code max_inflight_messages}; sent as the v5 receive maximum. */
  public static final int DEFAULT_MAX_INFLIGHT_MESSAGES = 20;
  /** Mosquitto's default {@code max_queued_messages} per session (0: no limit). */
  public static final int DEFAULT_MAX_QUEUED_MESSAGES = 1000;
  /** Mosquitto's default {@code max_queued_bytes} per session: 0, no limit (payload bytes). */
  public static final long DEFAULT_MAX_QUEUED_BYTES = 0;
  /** Mosquitto's default {@code max_connections}: -1, no limit. */
  public static final int DEFAULT_MAX_CONNECTIONS = -1;
  /** New connections accepted per second ({@code max_connection_rate}); 0, no limit. */
  public static final int DEFAULT_MAX_CONNECTION_RATE = 0;
  /** Retained messages and persistent sessions are kept in {@code <data_dir>/broker-store}. */
  public static final boolean DEFAULT_PERSISTENCE = true;
  public static final FsyncPolicy DEFAULT_FSYNC = FsyncPolicy.INTERVAL;
  /** Seconds between two fsyncs of the store with {@code fsync interval}. */
  public static final int DEFAULT_FSYNC_INTERVAL = 1;
  /** Seconds a new connection may take to send CONNECT. */
  public static final int DEFAULT_CONNECT_TIMEOUT = 10;
  /** Seconds between {@code $SYS} updates, as Mosquitto's {@code sys_interval}. */
  public static final int DEFAULT_SYS_INTERVAL = 10;

  public static final Set<String> KEYS = keys(Set.of("port", "bind", "max_packet_size", "max_keepalive",
    "max_topic_alias", "max_inflight_messages", "max_queued_messages", "connect_timeout", "sys_interval",
    "max_queued_bytes", "max_connections", "max_connection_rate", "persistence", "fsync", "fsync_interval",
    "repair_store", "reset_store"));

  private static Set<String> keys(Set<String> own) {
    Set<String> all = new HashSet<>(own);
    all.addAll(ListenerOptions.KEYS);
    all.addAll(AuthOptions.KEYS);
    return Set.copyOf(all);
  }

  private int port = DEFAULT_PORT;
  private String bind = DEFAULT_BIND;
  private int maxPacketSize = DEFAULT_MAX_PACKET_SIZE;
  private int maxKeepAlive = DEFAULT_MAX_KEEPALIVE;
  private int maxTopicAlias = DEFAULT_MAX_TOPIC_ALIAS;
  private int maxInflightMessages = DEFAULT_MAX_INFLIGHT_MESSAGES;
  private int maxQueuedMessages = DEFAULT_MAX_QUEUED_MESSAGES;
  private int connectTimeout = DEFAULT_CONNECT_TIMEOUT;
  private int sysInterval = DEFAULT_SYS_INTERVAL;
  private ListenerOptions listeners = new ListenerOptions();
  private AuthOptions auth = new AuthOptions();
  private long maxQueuedBytes = DEFAULT_MAX_QUEUED_BYTES;
  private int maxConnections = DEFAULT_MAX_CONNECTIONS;
  private int maxConnectionRate = DEFAULT_MAX_CONNECTION_RATE;
  private boolean persistence = DEFAULT_PERSISTENCE;
  private FsyncPolicy fsync = DEFAULT_FSYNC;
  private int fsyncInterval = DEFAULT_FSYNC_INTERVAL;
  private boolean repairStore;
  private boolean resetStore;

  public BrokerOptions() {
  }

  public BrokerOptions(BrokerOptions other) {
    this.port = other.port;
    this.bind = other.bind;
    this.maxPacketSize = other.maxPacketSize;
    this.maxKeepAlive = other.maxKeepAlive;
    this.maxTopicAlias = other.maxTopicAlias;
    this.maxInflightMessages = other.maxInflightMessages;
    this.maxQueuedMessages = other.maxQueuedMessages;
    this.connectTimeout = other.connectTimeout;
    this.sysInterval = other.sysInterval;
    this.listeners = new ListenerOptions(other.listeners);
    this.auth = new AuthOptions(other.auth);
    this.maxQueuedBytes = other.maxQueuedBytes;
    this.maxConnections = other.maxConnections;
    this.maxConnectionRate = other.maxConnectionRate;
    this.persistence = other.persistence;
    this.fsync = other.fsync;
    this.fsyncInterval = other.fsyncInterval;
    this.repairStore = other.repairStore;
    this.resetStore = other.resetStore;
  }

  public static BrokerOptions fromSettings(JsonObject settings) {
    SettingReader r = new SettingReader(settings);
    return new BrokerOptions()
      .setPort(r.integer("port", DEFAULT_PORT, 0, 65535))
      .setBind(r.string("bind", DEFAULT_BIND))
      .setMaxPacketSize(r.integer("max_packet_size", DEFAULT_MAX_PACKET_SIZE, 20, PROTOCOL_MAX_PACKET_SIZE))
      .setMaxKeepAlive(r.integer("max_keepalive", DEFAULT_MAX_KEEPALIVE, 0, 65535))
      .setMaxTopicAlias(r.integer("max_topic_alias", DEFAULT_MAX_TOPIC_ALIAS, 0, 65535))
      .setMaxInflightMessages(r.integer("max_inflight_messages", DEFAULT_MAX_INFLIGHT_MESSAGES, 1, 65535))
      .setMaxQueuedMessages(r.integer("max_queued_messages", DEFAULT_MAX_QUEUED_MESSAGES, 0, Integer.MAX_VALUE))
      .setConnectTimeout(r.integer("connect_timeout", DEFAULT_CONNECT_TIMEOUT, 1, 3600))
      .setSysInterval(r.integer("sys_interval", DEFAULT_SYS_INTERVAL, 0, 86400))
      .setMaxQueuedBytes(r.integer("max_queued_bytes", DEFAULT_MAX_QUEUED_BYTES, 0, Long.MAX_VALUE))
      .setMaxConnections(r.integer("max_connections", DEFAULT_MAX_CONNECTIONS, -1, Integer.MAX_VALUE))
      .setMaxConnectionRate(r.integer("max_connection_rate", DEFAULT_MAX_CONNECTION_RATE, 0, Integer.MAX_VALUE))
      .setPersistence(r.bool("persistence", DEFAULT_PERSISTENCE))
      .setFsync(FsyncPolicy.parse(r.string("fsync", DEFAULT_FSYNC.settingValue())))
      .setFsyncInterval(r.integer("fsync_interval", DEFAULT_FSYNC_INTERVAL, 1, 3600))
      .setRepairStore(r.bool("repair_store", false))
      .setResetStore(r.bool("reset_store", false))
      .setListeners(ListenerOptions.fromSettings(settings))
      .setAuth(AuthOptions.fromSettings(settings));
  }

  /** TLS and WebSocket listeners (a copy is kept). */
  public ListenerOptions getListeners() { return listeners; }

  public BrokerOptions setListeners(ListenerOptions listeners) {
    this.listeners = new ListenerOptions(listeners).validate();
    return this;
  }

  /** Password file, ACL file, anonymous access (a copy is kept). */
  public AuthOptions getAuth() { return auth; }

  public BrokerOptions setAuth(AuthOptions auth) {
    this.auth = new AuthOptions(auth);
    return this;
  }

  public int getPort() { return port; }

  /** 0 picks a free port (tests). */
  public BrokerOptions setPort(int port) {
    if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535, was " + port);
    this.port = port;
    return this;
  }

  public String getBind() { return bind; }

  public BrokerOptions setBind(String bind) {
    if (bind == null || bind.isBlank()) throw new IllegalArgumentException("bind address must not be empty");
    this.bind = bind;
    return this;
  }

  public int getMaxPacketSize() { return maxPacketSize; }

  public BrokerOptions setMaxPacketSize(int maxPacketSize) {
    if (maxPacketSize < 20 || maxPacketSize > PROTOCOL_MAX_PACKET_SIZE) {
      throw new IllegalArgumentException("max_packet_size must be 20.." + PROTOCOL_MAX_PACKET_SIZE + ", was " + maxPacketSize);
    }
    this.maxPacketSize = maxPacketSize;
    return this;
  }

  public int getMaxKeepAlive() { return maxKeepAlive; }

  public BrokerOptions setMaxKeepAlive(int maxKeepAlive) {
    if (maxKeepAlive < 0 || maxKeepAlive > 65535) throw new IllegalArgumentException("max_keepalive must be 0..65535, was " + maxKeepAlive);
    this.maxKeepAlive = maxKeepAlive;
    return this;
  }

  public int getMaxTopicAlias() { return maxTopicAlias; }

  public BrokerOptions setMaxTopicAlias(int maxTopicAlias) {
    if (maxTopicAlias < 0 || maxTopicAlias > 65535) throw new IllegalArgumentException("max_topic_alias must be 0..65535, was " + maxTopicAlias);
    this.maxTopicAlias = maxTopicAlias;
    return this;
  }

  public int getMaxInflightMessages() { return maxInflightMessages; }

  public BrokerOptions setMaxInflightMessages(int maxInflightMessages) {
    if (maxInflightMessages < 1 || maxInflightMessages > 65535) throw new IllegalArgumentException("max_inflight_messages must be 1..65535, was " + maxInflightMessages);
    this.maxInflightMessages = maxInflightMessages;
    return this;
  }

  public int getMaxQueuedMessages() { return maxQueuedMessages; }

  /** 0: no limit (Mosquitto's meaning). */
  public BrokerOptions setMaxQueuedMessages(int maxQueuedMessages) {
    if (maxQueuedMessages < 0) throw new IllegalArgumentException("max_queued_messages must be >= 0, was " + maxQueuedMessages);
    this.maxQueuedMessages = maxQueuedMessages;
    return this;
  }

  public int getConnectTimeout() { return connectTimeout; }

  public BrokerOptions setConnectTimeout(int connectTimeout) {
    if (connectTimeout < 1) throw new IllegalArgumentException("connect_timeout must be >= 1 s, was " + connectTimeout);
    this.connectTimeout = connectTimeout;
    return this;
  }

  public int getSysInterval() { return sysInterval; }

  /** 0 turns {@code $SYS} updates off. */
  public BrokerOptions setSysInterval(int sysInterval) {
    if (sysInterval < 0) throw new IllegalArgumentException("sys_interval must be >= 0, was " + sysInterval);
    this.sysInterval = sysInterval;
    return this;
  }

  public long getMaxQueuedBytes() { return maxQueuedBytes; }

  /** Payload bytes a session may queue; 0: no limit. */
  public BrokerOptions setMaxQueuedBytes(long maxQueuedBytes) {
    if (maxQueuedBytes < 0) throw new IllegalArgumentException("max_queued_bytes must be >= 0, was " + maxQueuedBytes);
    this.maxQueuedBytes = maxQueuedBytes;
    return this;
  }

  public int getMaxConnections() { return maxConnections; }

  /** Network connections at once; -1: no limit. Above it CONNECT gets 0x97 (v5) / 0x03 (3.1.1). */
  public BrokerOptions setMaxConnections(int maxConnections) {
    if (maxConnections < -1) throw new IllegalArgumentException("max_connections must be -1 (no limit) or more, was " + maxConnections);
    this.maxConnections = maxConnections;
    return this;
  }

  public int getMaxConnectionRate() { return maxConnectionRate; }

  /** New connections accepted per second; 0: no limit. Above it CONNECT gets 0x9F (v5) / 0x03 (3.1.1). */
  public BrokerOptions setMaxConnectionRate(int maxConnectionRate) {
    if (maxConnectionRate < 0) throw new IllegalArgumentException("max_connection_rate must be >= 0, was " + maxConnectionRate);
    this.maxConnectionRate = maxConnectionRate;
    return this;
  }

  public boolean isPersistence() { return persistence; }

  /** False: nothing survives a restart (the state is kept in memory only). */
  public BrokerOptions setPersistence(boolean persistence) {
    this.persistence = persistence;
    return this;
  }

  public FsyncPolicy getFsync() { return fsync; }

  public BrokerOptions setFsync(FsyncPolicy fsync) {
    if (fsync == null) throw new IllegalArgumentException("fsync must be always, interval or never");
    this.fsync = fsync;
    return this;
  }

  public int getFsyncInterval() { return fsyncInterval; }

  /** Seconds between fsyncs with {@code fsync interval}. */
  public BrokerOptions setFsyncInterval(int fsyncInterval) {
    if (fsyncInterval < 1) throw new IllegalArgumentException("fsync_interval must be >= 1 s, was " + fsyncInterval);
    this.fsyncInterval = fsyncInterval;
    return this;
  }

  public boolean isRepairStore() { return repairStore; }

  /** Run the store's repair before opening it (keeps every record that can be read). */
  public BrokerOptions setRepairStore(boolean repairStore) {
    this.repairStore = repairStore;
    return this;
  }

  public boolean isResetStore() { return resetStore; }

  /** Move the store aside before opening it: start empty (the old store is kept beside it). */
  public BrokerOptions setResetStore(boolean resetStore) {
    this.resetStore = resetStore;
    return this;
  }

  public BrokerOptions copy() {
    return new BrokerOptions(this);
  }
}
