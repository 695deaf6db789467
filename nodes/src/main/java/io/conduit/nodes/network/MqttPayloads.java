package io.conduit.nodes.network;

import io.conduit.nodes.util.JsValues;
import io.conduit.nodes.util.JsonValues;
import io.conduit.spi.Message;
import io.conduit.spi.MqttPublish;
import io.conduit.spi.PublishProperties;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MQTT messages to flow messages and back, exactly as Node-RED's {@code 10-mqtt.js} converts them.
 *
 * <p>In ({@code subscriptionHandler}): {@code msg.topic}, {@code msg.qos}, {@code msg.retain}, and
 * for MQTT 5 {@code responseTopic}, {@code correlationData} (Buffer), {@code contentType},
 * {@code messageExpiryInterval}, {@code payloadFormatIndicator} and {@code userProperties} (an
 * object; a repeated name gives a JSON array string). The payload by {@code datatype}:
 * <ul>
 *   <li>{@code buffer}: the bytes; {@code base64}: their base64; {@code utf8}: the text (invalid
 *       sequences become U+FFFD);</li>
 *   <li>{@code json}: parsed; not UTF-8 or not JSON is an error (the message is not sent);</li>
 *   <li>{@code auto-detect} (and legacy {@code auto}): with a v5 content type it decides
 *       (text/* and xml: string; application/json: parsed, an error when it does not parse, and
 *       left a string in {@code auto}; octet-stream, zip, images...: Buffer); otherwise valid
 *       UTF-8 (or a payload format indicator of 1) becomes a string, and in {@code auto-detect} a
 *       string that parses as JSON becomes that value (so "42" is 42 and "null" is null); anything
 *       else stays a Buffer.</li>
 * </ul>
 * Out ({@code publish}): a Buffer is sent as it is, null/undefined as an empty payload, an object
 * or array as JSON, anything else as its JavaScript string ({@code 42}, {@code true}).
 */
public final class MqttPayloads {
  private static final Map<String, String> KNOWN_MEDIA_TYPES = Map.ofEntries(
    Map.entry("text/css", "string"), Map.entry("text/html", "string"), Map.entry("text/plain", "string"),
    Map.entry("application/json", "json"), Map.entry("application/octet-stream", "buffer"),
    Map.entry("application/pdf", "buffer"), Map.entry("application/x-gtar", "buffer"),
    Map.entry("application/x-gzip", "buffer"), Map.entry("application/x-tar", "buffer"),
    Map.entry("application/xml", "string"), Map.entry("application/zip", "buffer"),
    Map.entry("audio/aac", "buffer"), Map.entry("audio/ac3", "buffer"), Map.entry("audio/basic", "buffer"),
    Map.entry("audio/mp4", "buffer"), Map.entry("audio/ogg", "buffer"), Map.entry("image/bmp", "buffer"),
    Map.entry("image/gif", "buffer"), Map.entry("image/jpeg", "buffer"), Map.entry("image/tiff", "buffer"),
    Map.entry("image/png", "buffer"));

  /** A payload that cannot be converted as asked ({@code json} datatype); Node-RED reports it with this text. */
  public static final class PayloadException extends Exception {
    PayloadException(String message) {
      super(message);
    }
  }

  private MqttPayloads() {
  }

  /** The flow message for a received MQTT message. */
  public static Message toMessage(MqttPublish p, String datatype, boolean v5) throws PayloadException {
    Message msg = new Message();
    msg.set("topic", p.topic());
    msg.set("payload", null);
    msg.set("qos", p.qos());
    msg.set("retain", p.retain());
    PublishProperties props = p.properties();
    boolean formatUtf8 = false;
    String contentType = null;
    if (v5) {
      if (props.responseTopic() != null && !props.responseTopic().isEmpty()) msg.set("responseTopic", props.responseTopic());
      if (props.correlationData() != null) msg.set("correlationData", props.correlationData().getBytes());
      if (props.contentType() != null && !props.contentType().isEmpty()) {
        contentType = props.contentType();
        msg.set("contentType", contentType);
      }
      if (props.messageExpiryInterval() != null) msg.set("messageExpiryInterval", JsValues.number(props.messageExpiryInterval()));
      if (props.payloadFormatIndicator() != null) {
        formatUtf8 = props.payloadFormatIndicator() == 1;
        msg.set("payloadFormatIndicator", formatUtf8);
      }
      if (!props.userProperties().isEmpty()) msg.set("userProperties", userProperties(props.userProperties()));
    }
    msg.set("payload", payload(p.payload(), datatype, formatUtf8, contentType));
    return msg;
  }

  /** Converts without copying the bytes unless the result is a Buffer (the message owns its bytes). */
  private static Object payload(Buffer bytes, String datatype, boolean formatUtf8, String contentType) throws PayloadException {
    switch (datatype) {
      case "buffer" -> {
        return bytes.getBytes();
      }
      case "base64" -> {
        return Base64.getEncoder().encodeToString(bytes.getBytes());
      }
      case "utf8" -> {
        return bytes.toString(StandardCharsets.UTF_8);
      }
      case "json" -> {
        String text = formatUtf8 ? bytes.toString(StandardCharsets.UTF_8) : strictUtf8(bytes);
        if (text == null) {
          throw new PayloadException("Invalid JSON string");
        }
        return parseJson(text);
      }
      default -> {
        boolean autoDetect = datatype.equals("auto-detect");
        if (formatUtf8 || contentType != null) {
          String kind = KNOWN_MEDIA_TYPES.get(String.valueOf(contentType).toLowerCase(java.util.Locale.ROOT));
          if ("string".equals(kind)) {
            return bytes.toString(StandardCharsets.UTF_8);
          }
          if ("buffer".equals(kind)) {
            return bytes.getBytes();
          }
          if ("json".equals(kind)) {
            String text = bytes.toString(StandardCharsets.UTF_8);
            Object parsed = parseJson(text);
            return autoDetect ? parsed : text;
          }
        }
        String text = formatUtf8 ? bytes.toString(StandardCharsets.UTF_8) : strictUtf8(bytes);
        if (text == null) {
          return bytes.getBytes();
        }
        if (autoDetect && JsonValues.mayBeJson(text)) {
          try {
            return JsonValues.parse(text);
          } catch (IllegalArgumentException e) {
            return text;
          }
        }
        return text;
      }
    }
  }

  private static Object parseJson(String text) throws PayloadException {
    try {
      return JsonValues.parse(text);
    } catch (IllegalArgumentException e) {
      throw new PayloadException("Failed to parse JSON string");
    }
  }

  /** The text when the bytes are well-formed UTF-8 (the is-utf8 check), else null. */
  static String strictUtf8(Buffer bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(((BufferInternal) bytes).getByteBuf().nioBuffer()).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static Map<String, Object> userProperties(List<Map.Entry<String, String>> pairs) {
    Map<String, List<String>> grouped = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : pairs) {
      grouped.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
    }
    Map<String, Object> out = new LinkedHashMap<>();
    grouped.forEach((k, v) -> out.put(k, v.size() == 1 ? v.get(0) : JsonValues.stringify(new ArrayList<Object>(v))));
    return out;
  }

  /**
   * The bytes Node-RED publishes for a payload: encoded text is wrapped, not copied again; a
   * Buffer is copied once, as the flow may change it after it was published.
   */
  public static Buffer toBytes(Object payload) {
    if (JsValues.isNullish(payload)) {
      return Buffer.buffer();
    }
    if (payload instanceof byte[] b) {
      return Buffer.buffer(b);
    }
    String text = payload instanceof Map || payload instanceof List ? JsonValues.stringify(payload) : JsValues.toStr(payload);
    return BufferInternal.buffer(Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * The MQTT 5 properties Node-RED reads from an outgoing message: {@code responseTopic},
   * {@code correlationData} (a Buffer, or a string as UTF-8), {@code contentType},
   * {@code messageExpiryInterval} (a whole number >= 0), {@code payloadFormatIndicator},
   * {@code userProperties} (string values as they are, others as JSON).
   */
  static PublishProperties properties(Message msg) {
    String responseTopic = nonEmptyString(msg.get("responseTopic"));
    String contentType = nonEmptyString(msg.get("contentType"));
    Buffer correlation = null;
    Object c = msg.get("correlationData");
    if (c instanceof byte[] b) {
      correlation = Buffer.buffer(b);
    } else if (c instanceof String s && !s.isEmpty()) {
      correlation = Buffer.buffer(s.getBytes(StandardCharsets.UTF_8));
    }
    Long expiry = null;
    if (msg.has("messageExpiryInterval")) {
      double d = parseInt(msg.get("messageExpiryInterval"));
      if (!Double.isNaN(d) && d >= 0 && d <= 0xFFFFFFFFL) expiry = (long) d;
    }
    Integer format = null;
    Object f = msg.get("payloadFormatIndicator");
    if (Boolean.TRUE.equals(f) || "true".equals(f)) format = 1;
    else if (Boolean.FALSE.equals(f) || "false".equals(f)) format = 0;
    List<Map.Entry<String, String>> user = new ArrayList<>();
    if (msg.get("userProperties") instanceof Map<?, ?> m) {
      m.forEach((k, v) -> {
        if (v instanceof String s) user.add(Map.entry(k.toString(), s));
        else if (!JsValues.isNullish(v)) user.add(Map.entry(k.toString(), JsonValues.stringify(v)));
      });
    }
    PublishProperties p = new PublishProperties(format, expiry, contentType, responseTopic, correlation, user, List.of());
    return p.isEmpty() ? PublishProperties.NONE : p;
  }

  private static String nonEmptyString(Object v) {
    return v instanceof String s && !s.isEmpty() ? s : null;
  }

  /** JavaScript's {@code parseInt(v)} (base 10): the leading integer of the text, else NaN. */
  static double parseInt(Object v) {
    String s = JsValues.toStr(v).strip();
    int i = 0;
    if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) i++;
    int start = i;
    while (i < s.length() && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) i++;
    if (i == start) return Double.NaN;
    return Double.parseDouble(s.substring(0, i));
  }
}
