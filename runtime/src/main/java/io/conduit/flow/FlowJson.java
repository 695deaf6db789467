package io.conduit.flow;

import io.conduit.spi.JsonText;
import io.conduit.spi.Message;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.function.Function;

/**
 * The runtime's JSON text, exactly as JavaScript's {@code JSON.stringify} writes it, so that the
 * flows file, the Admin API, the comms socket and the flow revision hash ({@code rev}) match what
 * Node-RED produces for the same content. The writing is the SPI's {@link JsonText#write} (the
 * same writer as the nodes' JSON); this class fixes the runtime's choices:
 * <ul>
 *   <li>{@link #pretty} is {@code JSON.stringify(value, null, 4)} (Node-RED's {@code flowFilePretty});
 *       {@link #compact} is {@code JSON.stringify(value)}.</li>
 *   <li>Key order is the order of the map (never re-sorted); so an imported flow is written back in
 *       the order the editor or the export gave it.</li>
 *   <li>Numbers use ECMAScript's Number-to-String rules ({@code 1}, {@code 0.5}, {@code 1e-7},
 *       {@code 1e+21}); NaN and infinities become {@code null}.</li>
 *   <li>Strings escape {@code "}, {@code \}, control characters and lone surrogates only.</li>
 *   <li>Any other object is written as the string of its {@code toString()}.</li>
 *   <li>{@code byte[]} and {@link Buffer} are written as a Node.js Buffer serialises itself:
 *       {@code {"type":"Buffer","data":[...]}}.</li>
 * </ul>
 * Also converts between Vert.x JSON types and the plain Java shapes of {@link io.conduit.spi.Message}.
 */
public final class FlowJson {
  /** The runtime writes any other object as the string of its {@code toString()}. */
  private static final Function<Object, Object> NOT_JSON_AS_STRING = Object::toString;

  private FlowJson() {
  }

  public static String compact(Object value) {
    StringBuilder sb = new StringBuilder();
    JsonText.write(sb, value, null, NOT_JSON_AS_STRING);
    return sb.toString();
  }

  public static String pretty(Object value) {
    StringBuilder sb = new StringBuilder();
    JsonText.write(sb, value, "    ", NOT_JSON_AS_STRING);
    return sb.toString();
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
   * strings, numbers, booleans and null; a Vert.x Buffer becomes bytes. Always copies containers.
   */
  public static Object toPlain(Object v) {
    return Message.fromJson(v, leaf -> leaf instanceof Buffer b ? b.getBytes() : leaf);
  }

  /** A plain map as a JsonObject (wraps, does not copy). */
  @SuppressWarnings("unchecked")
  public static JsonObject wrap(Map<String, ?> map) {
    return new JsonObject((Map<String, Object>) map);
  }
}
