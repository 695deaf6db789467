package io.conduit.spi;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Conduit's one JSON writer, JavaScript's {@code JSON.stringify}, so that the flows file, the
 * Admin API, debug messages and a payload a node serialises print values exactly as Node-RED (V8)
 * does:
 * <ul>
 *   <li>{@link #write}: {@code JSON.stringify(value, null, indent)}: keys in the map's order (never
 *       re-sorted), Vert.x {@link JsonObject}/{@link JsonArray} as their map/list, NaN and the
 *       infinities as {@code null}, {@code byte[]} and {@link Buffer} as a Node.js Buffer
 *       serialises itself ({@code {"type":"Buffer","data":[...]}}); what any other value becomes
 *       is the caller's choice (a value written in its place, or {@link #OMIT}: left out of an
 *       object, {@code null} elsewhere, as JavaScript does with {@code undefined}).</li>
 *   <li>{@link #number}: ECMAScript {@code Number::toString(10)}: the shortest digits that
 *       round-trip, laid out as JavaScript does ({@code 1}, {@code 0.1}, {@code 1e-7},
 *       {@code 1e+21}, {@code 123456789012345680000}); NaN and the infinities as
 *       {@code NaN}/{@code Infinity} (JSON writers turn those into {@code null}).</li>
 *   <li>{@link #quote}: {@code JSON.stringify}'s QuoteJSONString: escapes {@code "}, {@code \},
 *       control characters and lone surrogates, nothing else.</li>
 * </ul>
 */
public final class JsonText {
  /** What a non-JSON value may become to be left out (an object member) or written as {@code null}. */
  public static final Object OMIT = new Object() {
    @Override
    public String toString() {
      return "JsonText.OMIT";
    }
  };

  private JsonText() {
  }

  /**
   * Appends {@code JSON.stringify(value, null, indent)}.
   *
   * @param indent null for no white space, else the indent of one level ({@code "    "} for
   *               Node-RED's pretty flows file); members then read {@code "key": value}
   * @param other  for a value that is none of the shapes above: the JSON value to write in its
   *               place (it must be one of those shapes), or {@link #OMIT}
   */
  public static void write(StringBuilder sb, Object value, String indent, Function<Object, Object> other) {
    Object v = resolve(value, other);
    writeResolved(sb, v == OMIT ? null : v, indent, "", other);
  }

  private static Object resolve(Object v, Function<Object, Object> other) {
    if (v == null || v instanceof String || v instanceof Boolean || v instanceof Number || v instanceof Map<?, ?>
      || v instanceof List<?> || v instanceof byte[]) {
      return v;
    }
    if (v instanceof JsonObject o) return o.getMap();
    if (v instanceof JsonArray a) return a.getList();
    if (v instanceof Buffer b) return b.getBytes();
    return other.apply(v);
  }

  private static void writeResolved(StringBuilder sb, Object v, String indent, String current, Function<Object, Object> other) {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof String s) {
      quote(sb, s);
    } else if (v instanceof Boolean b) {
      sb.append(b.booleanValue());
    } else if (v instanceof Number n) {
      double d = n.doubleValue();
      sb.append(Double.isNaN(d) || Double.isInfinite(d) ? "null" : number(n));
    } else if (v instanceof Map<?, ?> m) {
      writeObject(sb, m, indent, current, other);
    } else if (v instanceof List<?> l) {
      writeArray(sb, l, indent, current, other);
    } else if (v instanceof byte[] bytes) {
      writeBuffer(sb, bytes, indent, current);
    } else {
      throw new IllegalArgumentException("not a JSON value: " + v.getClass().getName());
    }
  }

  private static void writeObject(StringBuilder sb, Map<?, ?> m, String indent, String current, Function<Object, Object> other) {
    String inner = indent == null ? "" : current + indent;
    boolean first = true;
    Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<?, ?> e = it.next();
      Object v = resolve(e.getValue(), other);
      if (v == OMIT) continue;
      sb.append(first ? '{' : ',');
      first = false;
      if (indent != null) sb.append('\n').append(inner);
      quote(sb, String.valueOf(e.getKey()));
      sb.append(indent == null ? ":" : ": ");
      writeResolved(sb, v, indent, inner, other);
    }
    if (first) {
      sb.append("{}");
      return;
    }
    if (indent != null) sb.append('\n').append(current);
    sb.append('}');
  }

  private static void writeArray(StringBuilder sb, List<?> l, String indent, String current, Function<Object, Object> other) {
    if (l.isEmpty()) {
      sb.append("[]");
      return;
    }
    String inner = indent == null ? "" : current + indent;
    sb.append('[');
    for (int i = 0; i < l.size(); i++) {
      if (i > 0) sb.append(',');
      if (indent != null) sb.append('\n').append(inner);
      Object v = resolve(l.get(i), other);
      writeResolved(sb, v == OMIT ? null : v, indent, inner, other);
    }
    if (indent != null) sb.append('\n').append(current);
    sb.append(']');
  }

  private static void writeBuffer(StringBuilder sb, byte[] bytes, String indent, String current) {
    String inner = indent == null ? "" : current + indent;
    String items = indent == null ? "" : inner + indent;
    if (indent == null) {
      sb.append("{\"type\":\"Buffer\",\"data\":[");
    } else {
      sb.append("{\n").append(inner).append("\"type\": \"Buffer\",\n").append(inner).append("\"data\": ");
      if (bytes.length > 0) sb.append('[');
    }
    for (int i = 0; i < bytes.length; i++) {
      if (i > 0) sb.append(',');
      if (indent != null) sb.append('\n').append(items);
      sb.append(bytes[i] & 0xff);
    }
    if (indent == null) {
      sb.append("]}");
    } else {
      sb.append(bytes.length > 0 ? "\n" + inner + "]" : "[]").append('\n').append(current).append('}');
    }
  }

  /** ECMAScript Number::toString for any Java number (integral types print exactly). */
  public static String number(Number n) {
    if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte
      || n instanceof java.math.BigInteger) {
      return n.toString();
    }
    double d = n.doubleValue();
    if (Double.isNaN(d)) return "NaN";
    if (Double.isInfinite(d)) return d > 0 ? "Infinity" : "-Infinity";
    if (d == 0) return "0";
    if (d == Math.rint(d) && Math.abs(d) < 9.007199254740992E15) {
      return Long.toString((long) d);
    }
    // Java's Double.toString gives the shortest round-tripping digits (JDK 19+); re-layout them
    boolean neg = d < 0;
    String js = Double.toString(Math.abs(d));
    int e = js.indexOf('E');
    String mant = e >= 0 ? js.substring(0, e) : js;
    int pow = e >= 0 ? Integer.parseInt(js.substring(e + 1)) : 0;
    int dot = mant.indexOf('.');
    String intPart = mant.substring(0, dot);
    String frac = mant.substring(dot + 1);
    if (frac.equals("0")) frac = "";
    String digits = intPart + frac;
    int exp = intPart.length() + pow; // value = 0.digits × 10^exp
    int lead = 0;
    while (lead < digits.length() - 1 && digits.charAt(lead) == '0') {
      lead++;
      exp--;
    }
    digits = digits.substring(lead);
    int end = digits.length();
    while (end > 1 && digits.charAt(end - 1) == '0') end--;
    digits = digits.substring(0, end);
    int k = digits.length();
    StringBuilder sb = new StringBuilder();
    if (neg) sb.append('-');
    if (k <= exp && exp <= 21) {
      sb.append(digits).append("0".repeat(exp - k));
    } else if (0 < exp && exp <= 21) {
      sb.append(digits, 0, exp).append('.').append(digits, exp, k);
    } else if (-6 < exp && exp <= 0) {
      sb.append("0.").append("0".repeat(-exp)).append(digits);
    } else {
      sb.append(digits.charAt(0));
      if (k > 1) sb.append('.').append(digits, 1, k);
      sb.append('e').append(exp - 1 >= 0 ? "+" : "-").append(Math.abs(exp - 1));
    }
    return sb.toString();
  }

  /** Appends {@code s} as a JSON string literal, as {@code JSON.stringify} writes it. */
  public static void quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          boolean loneSurrogate = Character.isHighSurrogate(c)
            ? i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))
            : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
          if (c < 0x20 || loneSurrogate) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
