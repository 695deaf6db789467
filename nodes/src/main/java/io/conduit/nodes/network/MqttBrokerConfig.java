package io.conduit.nodes.network;

import io.conduit.nodes.util.JsValues;
import io.conduit.nodes.util.JsonValues;
import io.conduit.spi.Message;
import io.conduit.spi.MqttPublish;
import io.conduit.spi.NodeConfig;
import io.conduit.spi.PublishProperties;
import io.conduit.spi.Topic;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@code mqtt-broker} config node's fields, read and checked as Node-RED's {@code setOptions}
 * reads them: {@code broker} (a host, or an {@code mqtt://host:port} URL), {@code port} (1883),
 * {@code clientid} (default {@code nodered<16 hex>}), {@code protocolVersion} 3/4/5 (or
 * {@code compatmode} for 3), {@code keepalive} (60 s), {@code cleansession} (true; forced on without
 * a client id), {@code autoConnect}, {@code sessionExpiry} and {@code userProps} (v5),
 * {@code credentials.user}/{@code password}, and the birth, close and will messages
 * ({@code birthTopic}, {@code birthPayload}, {@code birthQos}, {@code birthRetain}, {@code birthMsg}
 * with v5 {@code contentType}, {@code respTopic}, {@code correl}, {@code expiry}, {@code userProps},
 * and {@code delay} for the will).
 *
 * <p>Conduit's own fields: {@code builtin} (true: use the broker in this process whatever
 * {@code broker} says), {@code reconnectPeriod} (ms, default 5000 as Node-RED's
 * {@code mqttReconnectTime}), {@code offlineBufferSize} (messages, default 100000),
 * {@code offlineBufferBytes} (payload bytes, default 64 MiB) and {@code offlineBufferOverflow}
 * ({@code drop-oldest}, the default, or {@code drop-newest}).
 *
 * <p>Not supported yet, refused at deploy naming the field: TLS ({@code usetls}), and WebSocket
 * broker URLs ({@code ws://}, {@code wss://}).
 */
record MqttBrokerConfig(String host, int port, boolean builtin, String clientId, int protocolVersion, int keepAlive,
                        boolean cleanSession, boolean cleanSessionForced, boolean autoConnect, boolean autoUnsubscribe,
                        long sessionExpiry, Map<String, String> userProperties, String username, String password,
                        MqttPublish birth, MqttPublish close, MqttPublish will, long willDelay, long reconnectMs,
                        int bufferMessages, long bufferBytes, OfflineBuffer.Overflow overflow) {

  static final int DEFAULT_PORT = 1883;
  static final int DEFAULT_KEEPALIVE = 60;
  static final long DEFAULT_RECONNECT_MS = 5000;
  static final int DEFAULT_BUFFER_MESSAGES = 100_000;
  static final long DEFAULT_BUFFER_BYTES = 64L * 1024 * 1024;

  static MqttBrokerConfig parse(NodeConfig config) {
    if (config.bool("usetls", false)) {
      throw config.invalid("usetls", "is true: TLS connections to external brokers are not supported by Conduit yet");
    }
    String broker = config.string("broker", "").trim();
    int port = (int) config.integer("port", DEFAULT_PORT, 1, 65535);
    if (broker.contains("://")) {
      URI uri;
      try {
        uri = URI.create(broker);
      } catch (IllegalArgumentException e) {
        throw config.invalid("broker", "'" + broker + "' is not a valid URL: " + e.getMessage());
      }
      if (!"mqtt".equals(uri.getScheme()) && !"tcp".equals(uri.getScheme())) {
        throw config.invalid("broker", "'" + broker + "': only mqtt:// and tcp:// URLs are supported by Conduit yet");
      }
      broker = uri.getHost();
      port = uri.getPort() > 0 ? uri.getPort() : DEFAULT_PORT;
    }
    if (broker.isEmpty()) {
      broker = "localhost";
    }
    int version = config.bool("compatmode", false) ? 3 : (int) config.integer("protocolVersion", 4);
    if (version != 3 && version != 4 && version != 5) {
      throw config.invalid("protocolVersion", version + " is not 3, 4 or 5");
    }
    String clientId = config.string("clientid", "");
    boolean clean = config.bool("cleansession", true);
    boolean forced = false;
    if (!clean && clientId.isEmpty()) {
      clean = true;
      forced = true;
    }
    if (clientId.isEmpty()) {
      clientId = "nodered" + Message.newId();
    }
    JsonObject credentials = config.object("credentials");
    String user = credentials == null ? null : credentials.getString("user");
    String password = credentials == null ? null : credentials.getString("password");
    long sessionExpiry = version == 5 ? config.integer("sessionExpiry", 0, 0, 0xFFFFFFFFL) : 0;
    String overflow = config.string("offlineBufferOverflow", "drop-oldest");
    if (!overflow.equals("drop-oldest") && !overflow.equals("drop-newest")) {
      throw config.invalid("offlineBufferOverflow", "'" + overflow + "' is not drop-oldest or drop-newest");
    }
    return new MqttBrokerConfig(broker, port, config.bool("builtin", false), clientId, version,
      (int) config.integer("keepalive", DEFAULT_KEEPALIVE, 0, 65535), clean, forced,
      config.bool("autoConnect", true), config.bool("autoUnsubscribe", true), sessionExpiry,
      userProperties(config, "userProps", config.json().getValue("userProps")), user, password,
      message(config, "birth", version), message(config, "close", version), message(config, "will", version),
      version == 5 ? willDelay(config) : 0,
      config.integer("reconnectPeriod", DEFAULT_RECONNECT_MS, 1, 3_600_000),
      (int) config.integer("offlineBufferSize", DEFAULT_BUFFER_MESSAGES, 0, Integer.MAX_VALUE),
      config.integer("offlineBufferBytes", DEFAULT_BUFFER_BYTES, 0, Long.MAX_VALUE),
      overflow.equals("drop-newest") ? OfflineBuffer.Overflow.DROP_NEWEST : OfflineBuffer.Overflow.DROP_OLDEST);
  }

  /**
   * Node-RED's {@code isValidPublishTopic}: a valid MQTT topic name ({@link Topic#isValid}: not
   * empty, no {@code +} or {@code #}, no U+0000) that also has none of the control characters
   * Node-RED refuses (backspace, form feed, line feed, carriage return, tabs).
   */
  static boolean isValidPublishTopic(String topic) {
    if (topic == null || !Topic.isValid(topic)) {
      return false;
    }
    for (int i = 0; i < topic.length(); i++) {
      char c = topic.charAt(i);
      if (c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t' || c == 0x0B) {
        return false;
      }
    }
    return true;
  }

  /** Node-RED's {@code createLWT}: a message when {@code <kind>Topic} is set, else null. */
  private static MqttPublish message(NodeConfig config, String kind, int version) {
    String topic = config.string(kind + "Topic", "");
    if (topic.isEmpty()) {
      return null;
    }
    if (!isValidPublishTopic(topic)) {
      throw config.invalid(kind + "Topic", "'" + topic + "' is not a valid topic to publish to (no + or #)");
    }
    Object payload = JsonValues.fromJson(config.json().getValue(kind + "Payload"));
    Buffer bytes = MqttPayloads.toBytes(JsValues.truthy(payload) ? payload : "");
    int qos = (int) config.integer(kind + "Qos", 0, 0, 2);
    Object retain = config.json().getValue(kind + "Retain");
    boolean retained = Boolean.TRUE.equals(retain) || "true".equals(retain);
    PublishProperties props = PublishProperties.NONE;
    if (version == 5 && config.json().getValue(kind + "Msg") instanceof JsonObject v5) {
      props = properties(config, kind + "Msg", v5);
    }
    return new MqttPublish(topic, bytes, qos, retained, props);
  }

  private static PublishProperties properties(NodeConfig config, String field, JsonObject v5) {
    Message m = new Message();
    m.set("contentType", v5.getValue("contentType"));
    m.set("responseTopic", v5.getValue(v5.containsKey("respTopic") ? "respTopic" : "responseTopic"));
    Object correl = v5.getValue(v5.containsKey("correl") ? "correl" : "correlationData");
    m.set("correlationData", correl instanceof String s ? s : JsonValues.fromJson(correl));
    Object expiry = v5.getValue(v5.containsKey("expiry") ? "expiry" : "messageExpiryInterval");
    if (expiry != null && !"".equals(expiry)) {
      m.set("messageExpiryInterval", JsonValues.fromJson(expiry));
    }
    m.set("payloadFormatIndicator", v5.getValue("payloadFormatIndicator"));
    Map<String, String> user = userProperties(config, field + ".userProps",
      v5.getValue(v5.containsKey("userProps") ? "userProps" : "userProperties"));
    m.set("userProperties", new LinkedHashMap<String, Object>(user));
    return MqttPayloads.properties(m);
  }

  private static long willDelay(NodeConfig config) {
    if (config.json().getValue("willMsg") instanceof JsonObject v5 && v5.getValue("delay") != null
      && !"".equals(v5.getValue("delay"))) {
      double d = MqttPayloads.parseInt(JsonValues.fromJson(v5.getValue("delay")));
      if (Double.isNaN(d) || d < 0) {
        throw config.invalid("willMsg.delay", "'" + v5.getValue("delay") + "' is not a number of seconds");
      }
      return (long) d;
    }
    return 0;
  }

  /** v5 user properties: a JSON object (or its text, as the editor stores it); values become strings. */
  static Map<String, String> userProperties(NodeConfig config, String field, Object raw) {
    Object value = JsonValues.fromJson(raw);
    if (value instanceof String s) {
      if (!s.matches("^ *\\{[\\s\\S]*")) {
        return Map.of();
      }
      try {
        value = JsonValues.parse(s);
      } catch (IllegalArgumentException e) {
        throw config.invalid(field, "'" + s + "' is not a valid JSON object: " + e.getMessage());
      }
    }
    Map<String, String> out = new LinkedHashMap<>();
    if (value instanceof Map<?, ?> m) {
      m.forEach((k, v) -> {
        if (v instanceof String str) out.put(k.toString(), str);
        else if (!JsValues.isNullish(v)) out.put(k.toString(), JsonValues.stringify(v));
      });
    }
    return out;
  }

  /** The {@code connect} fields as the remote client takes them. */
  MqttClientConnection.ConnectOptions connectOptions() {
    return new MqttClientConnection.ConnectOptions(clientId, cleanSession, keepAlive, username, password,
      protocolVersion, will, willDelay, sessionExpiry, userProperties);
  }

  List<String> warnings() {
    return cleanSessionForced ? List.of("No client ID set, using clean session") : List.of();
  }
}
