package io.conduit.flow;

import io.conduit.spi.JsonText;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;



import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runtime's JSON text, exactly as JavaScript's {@code JSON.stringify} writes it, so that the
 * flows file, the Admin API, the comms socket and the flow revision hash ({@code rev}) match what
 * Node-RED produces for the same content. (Node types have their own JavaScript value library in
 * the {@code nodes} module, which the runtime cannot depend on.)
 * <ul>
 *   <li>{@link #pretty} is {@code JSON.stringify(value, null, 4)} (Node-RED's {@code flowFilePretty});
 *       {@link #compact} is {@code JSON.stringify(value)}.</li>
 *   <li>Key order is the order of the map (never re-sorted); so an imported flow is written back in
 *       the order the editor or the export gave it.</li>
 *   <li>Numbers use ECMAScript's Number-to-String rules ({@code 1}, {@code 0.5}, {@code 1e-7},
 *       {@code 1e+21}); NaN and infinities become {@code null}.</li>
 *   <li>Strings escape {@code "}, {@code \}, control characters and lone surrogates only.</li>
 *   <li>{@code byte[]} and {@link Buffer} are written as a Node.js Buffer serialises itself:
 *       {@code {"type":"Buffer","data":[...]}}.</li>
 * </ul>
 * Also converts between Vert.x JSON types and the plain Java shapes of {@link io.conduit.spi.Message}.
 */
public final class FlowJson {
  private FlowJson() {
  }

  public static String compact(Object value) {
    StringBuilder sb = new StringBuilder();
    write(sb, value, null, "");
    return sb.toString();
  }

  public static String pretty(Object value) {
    StringBuilder sb = new StringBuilder();
    write(sb, value, "    ", "");
    return sb.toString();
  }

  private static void write(StringBuilder sb, Object v, String indent, String current) {
    if (v instanceof JsonObject o) {
      v = o.getMap();
    } else if (v instanceof JsonArray a) {
      v = a.getList();
    } else if (v instanceof Buffer b) {
      v = b.getBytes();
    }
    if (v == null) {
      sb.append("null");
    } else if (v instanceof String s) {
      quote(sb, s);
    } else if (v instanceof Boolean b) {
      sb.append(b.booleanValue());
    } else if (v instanceof Number n) {
      sb.append(number(n));
    } else if (v instanceof Map<?, ?> m) {
      writeObject(sb, m, indent, current);
    } else if (v instanceof List<?> l) {
      writeArray(sb, l, indent, current);
    } else if (v instanceof byte[] bytes) {
      Map<String, Object> buf = new LinkedHashMap<>();
      buf.put("type", "Buffer");
      List<Object> data = new ArrayList<>(bytes.length);
      for (byte b : bytes) {
        data.add(b & 0xff);
      }
      buf.put("data", data);
      writeObject(sb, buf, indent, current);
    } else {
      quote(sb, v.toString());
    }
  }

  private static void writeObject(StringBuilder sb, Map<?, ?> m, String indent, String current) {
    if (m.isEmpty()) {
      sb.append("{}");
      return;
    }
    String inner = indent == null ? "" : current + indent;
    sb.append('{');
    Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
    boolean first = true;
    while (it.hasNext()) {
      Map.Entry<?, ?> e = it.next();
      if (!first) sb.append(',');
      first = false;
      if (indent != null) sb.append('\n').append(inner);
      quote(sb, String.valueOf(e.getKey()));
      sb.append(indent == null ? ":" : ": ");
      write(sb, e.getValue(), indent, inner);
    }
    if (indent != null) sb.append('\n').append(current);
    sb.append('}');
  }

  private static void writeArray(StringBuilder sb, List<?> l, String indent, String current) {
    if (l.isEmpty()) {
      sb.append("[]");
      return;
    }
    String inner = indent == null ? "" : current + indent;
    sb.append('[');
    for (int i = 0; i < l.size(); i++) {
      if (i > 0) sb.append(',');
      if (indent != null) sb.append('\n').append(inner);
      write(sb, l.get(i), indent, inner);
    }
    if (indent != null) sb.append('\n').append(current);
    sb.append(']');
  }

  public static void quote(StringBuilder sb, String s) {
    JsonText.quote(sb, s);
  }

  /** ECMAScript Number::toString for a JSON number; NaN and infinities are {@code null}. */
  public static String number(Number n) {
    if (Double.isNaN(n.doubleValue()) || Double.isInfinite(n.doubleValue())) {
      return "null";
    }
    return JsonText.number(n);
  }

  /**
   * Deep conversion of JSON values (Vert.x {@link JsonObject}/{@link JsonArray} or maps and lists)
   * into the plain shapes of a {@link io.conduit.spi.Message}: insertion-ordered maps, lists,
   * strings, numbers, booleans and null. Always copies containers.
   */
  public static Object toPlain(Object v) {
    if (v instanceof JsonObject o) {
      v = o.getMap();
    } else if (v instanceof JsonArray a) {
      v = a.getList();
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        out.put(String.valueOf(e.getKey()), toPlain(e.getValue()));
      }
      return out;
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object o : l) {
        out.add(toPlain(o));
      }
      return out;
    }
    if (v instanceof Buffer b) {
      return b.getBytes();
    }
    return v;
  }

  /** A plain map as a JsonObject (wraps, does not copy). */
  @SuppressWarnings("unchecked")
  public static JsonObject wrap(Map<String, ?> map) {
    return new JsonObject((Map<String, Object>) map);
  }
}
