package io.conduit.nodes.common;

import io.conduit.nodes.util.JsValues;
import io.conduit.nodes.util.JsonValues;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Node-RED's {@code RED.util.encodeObject}: how a debug value travels to the editor's sidebar.
 * The value becomes text in {@code msg} and its kind goes in {@code format}:
 * <ul>
 *   <li>string: {@code string[<length>]}, cut to {@code maxLength} characters + {@code ...};</li>
 *   <li>number, boolean: {@code number}, {@code boolean}, the value as text;</li>
 *   <li>null: {@code null}; absent: {@code undefined}; both shown as {@code (undefined)};</li>
 *   <li>buffer ({@code byte[]}): {@code buffer[<length>]}, hex, cut to {@code maxLength} characters;</li>
 *   <li>array: {@code array[<length>]}, object: {@code Object}; both as JSON in which long strings
 *       are cut, arrays longer than {@code maxLength} become {@code {"__enc__":true,"type":"array",
 *       "data":[first maxLength],"length":n}}, buffers become {@code {"type":"Buffer","data":[...],
 *       "__enc__":true,"length":n}}, and NaN or infinite numbers {@code {"__enc__":true,
 *       "type":"number","data":"NaN"}}.</li>
 * </ul>
 */
final class DebugEncoder {
  private DebugEncoder() {
  }

  /** Sets {@code msg} (encoded) and {@code format} in {@code debug} from {@code value}. */
  static void encode(Map<String, Object> debug, Object value, int maxLength) {
    String format;
    Object text;
    if (value == JsValues.UNDEFINED || value == null) {
      format = value == null ? "null" : "undefined";
      text = "(undefined)";
    } else if (value instanceof String s) {
      format = "string[" + s.length() + "]";
      text = s.length() > maxLength ? s.substring(0, maxLength) + "..." : s;
    } else if (value instanceof Boolean b) {
      format = "boolean";
      text = b.toString();
    } else if (value instanceof Number n) {
      format = "number";
      text = JsValues.numberToString(n);
    } else if (value instanceof byte[] bytes) {
      format = "buffer[" + bytes.length + "]";
      String hex = java.util.HexFormat.of().formatHex(bytes);
      text = hex.length() > maxLength ? hex.substring(0, maxLength) : hex;
    } else if (value instanceof List<?> list) {
      format = "array[" + list.size() + "]";
      text = JsonValues.stringify(replace(value, maxLength));
    } else {
      format = "Object";
      text = JsonValues.stringify(replace(value, maxLength));
    }
    debug.put("msg", text);
    debug.put("format", format);
  }

  private static boolean isNonFinite(Number n) {
    return (n instanceof Double || n instanceof Float) && !Double.isFinite(n.doubleValue());
  }

  /** The JSON replacer of encodeObject, applied recursively. */
  private static Object replace(Object v, int maxLength) {
    if (v instanceof String s) {
      return s.length() > maxLength ? s.substring(0, maxLength) + "..." : s;
    }
    if (v instanceof Number n && isNonFinite(n)) {
      Map<String, Object> enc = new LinkedHashMap<>();
      enc.put("__enc__", true);
      enc.put("type", "number");
      enc.put("data", JsValues.numberToString(n));
      return enc;
    }
    if (v instanceof byte[] bytes) {
      List<Object> data = new ArrayList<>();
      for (int i = 0; i < Math.min(bytes.length, maxLength); i++) {
        data.add(bytes[i] & 0xff);
      }
      Map<String, Object> enc = new LinkedHashMap<>();
      enc.put("type", "Buffer");
      enc.put("data", data);
      enc.put("__enc__", true);
      enc.put("length", bytes.length);
      return enc;
    }
    if (v instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < Math.min(list.size(), maxLength); i++) {
        out.add(replace(list.get(i), maxLength));
      }
      if (list.size() <= maxLength) {
        return out;
      }
      Map<String, Object> enc = new LinkedHashMap<>();
      enc.put("__enc__", true);
      enc.put("type", "array");
      enc.put("data", out);
      enc.put("length", list.size());
      return enc;
    }
    if (v instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.put(String.valueOf(e.getKey()), replace(e.getValue(), maxLength));
      }
      return out;
    }
    return v;
  }
}
