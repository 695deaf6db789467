package io.conduit.flow;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Node-RED's environment variables of tabs, groups, subflows and {@code global-config}
 * ({@code flows/util.js evaluateEnvProperties}, {@code mapEnvVarProperties}). Rules:
 * <ul>
 *   <li>An {@code env} list holds {@code {name, value, type}}; types {@code str}, {@code num},
 *       {@code bool}, {@code json}, {@code bin}, {@code date}, {@code env}, {@code cred} are
 *       evaluated; {@code env} entries last, so they can name entries of the same list; an entry
 *       naming itself reads the parent's value ({@code $parent.NAME}).</li>
 *   <li>{@code jsonata} env values are not supported: an error is logged and the value is unset.</li>
 *   <li>Lookup goes from the node's group(s) to its flow, to enclosing subflow instances' parents,
 *       to {@code global-config}, to the process environment; {@code $parent.NAME} skips one level.</li>
 *   <li>In a node's configuration every string property that is exactly {@code ${NAME}} (or the
 *       old {@code $(NAME)}) is replaced by the variable's value when the node is created; unset
 *       variables leave the text as it is.</li>
 * </ul>
 */
final class FlowEnv {
  private static final Pattern REF = Pattern.compile("^\\$\\{(\\S+)}$|^\\$\\((\\S+)\\)$");

  private FlowEnv() {
  }

  /**
   * @param parent lookup of names not defined in {@code env} (the enclosing level)
   */
  static Map<String, Object> evaluate(Object env, Function<String, Object> parent, Consumer<String> onError) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (!(env instanceof JsonArray list)) {
      return out;
    }
    List<JsonObject> envTypes = new ArrayList<>();
    for (Object o : list) {
      if (!(o instanceof JsonObject e) || e.getString("name") == null) continue;
      String name = e.getString("name");
      String type = e.getString("type", "str");
      Object value = e.getValue("value");
      try {
        switch (type) {
          case "env" -> envTypes.add(e);
          case "str", "cred" -> out.put(name, value);
          case "bool" -> out.put(name, Boolean.TRUE.equals(value) || "true".equals(value));
          case "num" -> out.put(name, number(value));
          case "json" -> out.put(name, value instanceof String s ? FlowJson.toPlain(new JsonArray("[" + s + "]").getValue(0)) : FlowJson.toPlain(value));
          case "bin" -> out.put(name, bytes(value));
          case "date" -> out.put(name, System.currentTimeMillis());
          case "conf-type" -> out.put(name, value instanceof String s && REF.matcher(s).matches() ? parent.apply(ref(s)) : value);
          case "jsonata" -> {
            onError.accept("Error evaluating env property '" + name + "': JSONata expressions are not supported");
            out.put(name, null);
          }
          default -> out.put(name, value);
        }
      } catch (DecodeException | IllegalArgumentException ex) {
        onError.accept("Error evaluating env property '" + name + "': " + ex.getMessage());
        out.put(name, null);
      }
    }
    for (JsonObject e : envTypes) {
      String name = e.getString("name");
      String ref = String.valueOf(e.getValue("value"));
      Object value;
      if (ref.equals(name)) {
        value = parent.apply(name);
      } else if (out.containsKey(ref)) {
        value = out.get(ref);
      } else {
        value = parent.apply(ref);
      }
      out.put(name, value);
    }
    return out;
  }

  private static Object number(Object v) {
    if (v instanceof Number n) return n;
    String s = v == null ? "" : v.toString().trim();
    if (s.isEmpty()) return 0;
    try {
      double d = Double.parseDouble(s);
      if (d == Math.rint(d) && Math.abs(d) < 9.007199254740992E15) {
        long l = (long) d;
        return l == (int) l ? (Object) (int) l : (Object) l;
      }
      return d;
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static byte[] bytes(Object v) {
    JsonArray arr = v instanceof JsonArray a ? a : new JsonArray(v == null ? "[]" : v.toString());
    byte[] out = new byte[arr.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) arr.getInteger(i).intValue();
    }
    return out;
  }

  private static String ref(String s) {
    Matcher m = REF.matcher(s);
    if (!m.matches()) return null;
    return m.group(1) != null ? m.group(1) : m.group(2);
  }

  /** A variable's value as the text Node-RED's {@code env.get} would show. */
  static String asText(Object v) {
    if (v == null) return null;
    if (v instanceof String s) return s;
    if (v instanceof Number n) return FlowJson.number(n);
    if (v instanceof Boolean b) return b.toString();
    return FlowJson.compact(v);
  }

  /** A copy of {@code config} with {@code ${NAME}} string properties replaced (nested too). */
  static JsonObject substitute(JsonObject config, Function<String, Object> lookup) {
    return (JsonObject) map(config.copy(), lookup);
  }

  private static Object map(Object v, Function<String, Object> lookup) {
    if (v instanceof String s) {
      if (s.startsWith("$") && REF.matcher(s).matches()) {
        Object r = lookup.apply(ref(s));
        return r == null ? s : r instanceof Map<?, ?> || r instanceof List<?> ? toJson(r) : r;
      }
      return s;
    }
    if (v instanceof JsonObject o) {
      for (String key : new ArrayList<>(o.fieldNames())) {
        o.put(key, map(o.getValue(key), lookup));
      }
      return o;
    }
    if (v instanceof JsonArray a) {
      for (int i = 0; i < a.size(); i++) {
        a.set(i, map(a.getValue(i), lookup));
      }
      return a;
    }
    return v;
  }

  @SuppressWarnings("unchecked")
  private static Object toJson(Object plain) {
    if (plain instanceof Map<?, ?> m) return new JsonObject((Map<String, Object>) m);
    if (plain instanceof List<?> l) return new JsonArray((List<Object>) l);
    return plain;
  }
}
