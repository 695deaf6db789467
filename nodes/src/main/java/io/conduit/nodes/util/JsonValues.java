package io.conduit.nodes.util;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.conduit.spi.JsonText;
import io.conduit.spi.Message;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * JSON in and out of the message value shapes, with JavaScript's rules:
 * <ul>
 *   <li>{@link #parse}: {@code JSON.parse}: strict RFC 8259 text, one value, nothing after it;
 *       numbers become Integer/Long when integral, else Double ({@link JsValues#number}).</li>
 *   <li>{@link #stringify}: {@code JSON.stringify}, written by the SPI's {@link JsonText#write} (the
 *       runtime's writer too): no spaces, keys in insertion order, numbers as JavaScript prints
 *       them, NaN/Infinity as {@code null}, a Buffer as {@code {"type":"Buffer","data":[...]}},
 *       undefined members skipped (null inside arrays), any other object as {@code {}}.</li>
 *   <li>{@link #fromJson}: a Vert.x JSON value (a node's config) as message shapes.</li>
 * </ul>
 */
public final class JsonValues {
  private static final JsonFactory FACTORY = JsonFactory.builder()
    .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(1000).build())
    .build();

  /** JavaScript's {@code undefined} is left out (null in arrays); other objects (a RegExp) have no enumerable properties. */
  private static final Function<Object, Object> NOT_JSON = v -> v == JsValues.UNDEFINED ? JsonText.OMIT : Map.of();

  private JsonValues() {
  }

  /** {@code JSON.parse(text)}. @throws IllegalArgumentException naming the problem and position */
  public static Object parse(String text) {
    try (JsonParser p = FACTORY.createParser(text)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new IllegalArgumentException("Unexpected end of JSON input");
      }
      Object v = read(p, t);
      if (p.nextToken() != null) {
        throw new IllegalArgumentException("Unexpected non-whitespace character after JSON at position "
          + p.currentTokenLocation().getCharOffset());
      }
      return v;
    } catch (JsonParseException e) {
      throw new IllegalArgumentException(e.getOriginalMessage() + " at position " + e.getLocation().getCharOffset());
    } catch (IOException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
  }

  /**
   * A cheap first look: false when {@code text} cannot be JSON because of its first non-blank
   * character, so callers that try {@link #parse} on arbitrary text can skip the attempt.
   */
  public static boolean mayBeJson(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        continue;
      }
      return c == '{' || c == '[' || c == '"' || c == '-' || (c >= '0' && c <= '9') || c == 't' || c == 'f' || c == 'n';
    }
    return false;
  }

  /** True when {@code JSON.parse(text)} would succeed. */
  public static boolean isJson(String text) {
    if (!mayBeJson(text)) {
      return false;
    }
    try {
      parse(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static Object read(JsonParser p, JsonToken t) throws IOException {
    switch (t) {
      case START_OBJECT -> {
        Map<String, Object> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          m.put(key, read(p, p.nextToken()));
        }
        return m;
      }
      case START_ARRAY -> {
        List<Object> l = new ArrayList<>();
        JsonToken e;
        while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
          l.add(read(p, e));
        }
        return l;
      }
      case VALUE_STRING -> {
        return p.getText();
      }
      case VALUE_NUMBER_INT -> {
        // integers straight from the parser (no text round trip); 0 may be -0, and integers past
        // long take JavaScript's double rounding: both by the text
        JsonParser.NumberType type = p.getNumberType();
        if (type == JsonParser.NumberType.INT) {
          int i = p.getIntValue();
          if (i != 0) return i;
        } else if (type == JsonParser.NumberType.LONG) {
          return JsValues.number((double) p.getLongValue());
        }
        return JsValues.number(Double.parseDouble(p.getText()));
      }
      case VALUE_NUMBER_FLOAT -> {
        return JsValues.number(p.getDoubleValue());
      }
      case VALUE_TRUE -> {
        return Boolean.TRUE;
      }
      case VALUE_FALSE -> {
        return Boolean.FALSE;
      }
      case VALUE_NULL -> {
        return null;
      }
      default -> throw new IllegalArgumentException("Unexpected token " + t);
    }
  }

  /** {@code JSON.stringify(v)}; null when the result is {@code undefined} (v is undefined). */
  public static String stringify(Object v) {
    if (v == JsValues.UNDEFINED) {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    JsonText.write(sb, v, null, NOT_JSON);
    return sb.toString();
  }

  /** A value from a node's JSON config (Vert.x types) as message shapes; Buffers stay base64 strings. */
  public static Object fromJson(Object v) {
    return Message.fromJson(v, JsonValues::configLeaf);
  }

  private static Object configLeaf(Object v) {
    if (v instanceof Number n) {
      return JsValues.number(n.doubleValue());
    }
    if (v instanceof byte[] b) {
      return Base64.getEncoder().encodeToString(b);
    }
    if (v instanceof Buffer b) {
      return Base64.getEncoder().encodeToString(b.getBytes());
    }
    return v;
  }
}
