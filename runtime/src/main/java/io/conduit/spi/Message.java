package io.conduit.spi;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.ThreadLocalRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A flow message: Node-RED's {@code msg} object. The one message model of the flow engine.
 *
 * <p>Values are plain Java data, the same shapes JSON and JavaScript have: {@code null},
 * {@link String}, {@link Boolean}, {@link Number} (Integer, Long or Double; compare numbers by
 * value), {@code Map<String,Object>} (insertion ordered), {@code List<Object>}, and {@code byte[]}
 * for a Node.js Buffer. Nothing else is stored: converters at the edges (JSON, JavaScript, MQTT)
 * produce exactly these shapes; {@link #fromJson} is the walk the JSON converters share.
 *
 * <p>Rules taken from Node-RED's runtime ({@code Node.js}, {@code util.cloneMessage}):
 * <ul>
 *   <li>{@code _msgid} is assigned once, when a node first sends a message that has none.</li>
 *   <li>When a node sends to several wires, the first receiver gets the object as sent and every
 *       other receiver gets a {@link #copy() deep copy}.</li>
 * </ul>
 * A message is not thread-safe; it lives on the flow engine's context.
 */
public final class Message {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final Map<String, Object> props;

  public Message() {
    this.props = new LinkedHashMap<>();
  }

  /** Wraps (does not copy) the given map; the map must hold only the value shapes listed above. */
  public Message(Map<String, Object> props) {
    this.props = props;
  }

  public static Message withPayload(Object payload) {
    Message m = new Message();
    m.props.put("payload", payload);
    return m;
  }

  /**
   * Node-RED's {@code RED.util.generateId()}: 16 random hex digits. An id only has to be unique,
   * not secret, so it comes from the thread's own generator (no lock, no entropy pool).
   */
  public static String newId() {
    long r = ThreadLocalRandom.current().nextLong();
    char[] out = new char[16];
    for (int i = 15; i >= 0; i--) {
      out[i] = HEX[(int) (r & 0xf)];
      r >>>= 4;
    }
    return new String(out);
  }

  public String id() {
    Object id = props.get("_msgid");
    return id == null ? null : id.toString();
  }

  /** Assigns a fresh {@code _msgid} when the message has none; returns the id. */
  public String ensureId() {
    Object id = props.get("_msgid");
    if (id == null) {
      String fresh = newId();
      props.put("_msgid", fresh);
      return fresh;
    }
    return id.toString();
  }

  public Object get(String key) {
    return props.get(key);
  }

  public Message set(String key, Object value) {
    props.put(key, value);
    return this;
  }

  public Object remove(String key) {
    return props.remove(key);
  }

  public boolean has(String key) {
    return props.containsKey(key);
  }

  public Object payload() {
    return props.get("payload");
  }

  public Message payload(Object payload) {
    props.put("payload", payload);
    return this;
  }

  public String topic() {
    Object t = props.get("topic");
    return t == null ? null : t.toString();
  }

  public Message topic(String topic) {
    props.put("topic", topic);
    return this;
  }

  /** The live property map (not a copy). */
  public Map<String, Object> asMap() {
    return props;
  }

  /** Deep copy, as Node-RED's {@code RED.util.cloneMessage}: keeps {@code _msgid}. */
  public Message copy() {
    return new Message(copyMap(props));
  }

  /** Deep copy of one value of the shapes listed in the class comment. */
  @SuppressWarnings("unchecked")
  public static Object deepCopy(Object value) {
    if (value instanceof Map<?, ?> m) {
      return copyMap((Map<String, Object>) m);
    }
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object o : l) {
        out.add(deepCopy(o));
      }
      return out;
    }
    if (value instanceof byte[] b) {
      return b.clone();
    }
    return value; // String, Number, Boolean, null: immutable
  }

  /**
   * A JSON value (Vert.x {@link JsonObject}/{@link JsonArray}, or maps and lists of JSON values) in
   * the message shapes: objects become new insertion-ordered maps with string keys, arrays new
   * lists (containers are always copied), and every other value is what {@code leaf} makes of it
   * (the caller's rule for numbers, Buffers and the like).
   */
  public static Object fromJson(Object json, java.util.function.UnaryOperator<Object> leaf) {
    Object v = json instanceof JsonObject o ? o.getMap() : json instanceof JsonArray a ? a.getList() : json;
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        out.put(String.valueOf(e.getKey()), fromJson(e.getValue(), leaf));
      }
      return out;
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object o : l) {
        out.add(fromJson(o, leaf));
      }
      return out;
    }
    return leaf.apply(v);
  }

  private static Map<String, Object> copyMap(Map<String, Object> m) {
    Map<String, Object> out = new LinkedHashMap<>(Math.max(4, (int) (m.size() / 0.75f) + 1));
    for (Map.Entry<String, Object> e : m.entrySet()) {
      out.put(e.getKey(), deepCopy(e.getValue()));
    }
    return out;
  }

  @Override
  public String toString() {
    return "Message" + props;
  }
}
