package io.conduit.spi;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * One node's JSON object from a Node-RED flow file, with typed readers whose errors name the node,
 * its type and the field ({@link NodeConfigException}). Node-RED stores many numbers as strings
 * ({@code "qos": "1"}, {@code "outputs": 2} or {@code "2"}): the number readers accept both.
 * The JSON is the deployed configuration itself; readers never change it.
 */
public final class NodeConfig {
  private final JsonObject json;

  public NodeConfig(JsonObject json) {
    this.json = json;
  }

  public JsonObject json() {
    return json;
  }

  public String id() {
    return json.getString("id");
  }

  public String type() {
    return json.getString("type");
  }

  /** The tab or subflow the node is on ({@code z}); null for global config nodes. */
  public String z() {
    return json.getString("z");
  }

  public String name() {
    Object n = json.getValue("name");
    return n == null ? "" : n.toString();
  }

  public boolean disabled() {
    return Boolean.TRUE.equals(json.getValue("d"));
  }

  public boolean has(String field) {
    return json.containsKey(field) && json.getValue(field) != null;
  }

  public NodeConfigException invalid(String field, String problem) {
    return new NodeConfigException(id(), type(), field, problem);
  }

  /** The field as a string: numbers and booleans are converted, absent or null gives {@code def}. */
  public String string(String field, String def) {
    Object v = json.getValue(field);
    return v == null ? def : v.toString();
  }

  public String requireString(String field) {
    String s = string(field, null);
    if (s == null || s.isEmpty()) {
      throw invalid(field, "is required");
    }
    return s;
  }

  public boolean bool(String field, boolean def) {
    Object v = json.getValue(field);
    if (v == null || "".equals(v)) return def;
    if (v instanceof Boolean b) return b;
    if ("true".equals(v)) return true;
    if ("false".equals(v)) return false;
    throw invalid(field, "'" + v + "' is not a boolean");
  }

  public long integer(String field, long def) {
    Object v = json.getValue(field);
    if (v == null || "".equals(v)) return def;
    if (v instanceof Number n) {
      double d = n.doubleValue();
      if (d != Math.rint(d)) throw invalid(field, "'" + v + "' is not a whole number");
      return n.longValue();
    }
    try {
      return Long.parseLong(v.toString().trim());
    } catch (NumberFormatException e) {
      throw invalid(field, "'" + v + "' is not a whole number");
    }
  }

  public long integer(String field, long def, long min, long max) {
    long v = integer(field, def);
    if (v < min || v > max) {
      throw invalid(field, v + " is out of range " + min + ".." + max);
    }
    return v;
  }

  public double number(String field, double def) {
    Object v = json.getValue(field);
    if (v == null || "".equals(v)) return def;
    if (v instanceof Number n) return n.doubleValue();
    try {
      return Double.parseDouble(v.toString().trim());
    } catch (NumberFormatException e) {
      throw invalid(field, "'" + v + "' is not a number");
    }
  }

  public JsonArray array(String field) {
    Object v = json.getValue(field);
    if (v == null) return new JsonArray();
    if (v instanceof JsonArray a) return a;
    throw invalid(field, "is not an array");
  }

  public JsonObject object(String field) {
    Object v = json.getValue(field);
    if (v == null) return null;
    if (v instanceof JsonObject o) return o;
    throw invalid(field, "is not an object");
  }

  /** {@code wires}: one list of target node ids per output port. */
  public List<List<String>> wires() {
    JsonArray w = json.getJsonArray("wires");
    List<List<String>> out = new ArrayList<>();
    if (w == null) return out;
    for (int i = 0; i < w.size(); i++) {
      JsonArray port = w.getJsonArray(i);
      List<String> ids = new ArrayList<>();
      if (port != null) {
        for (int j = 0; j < port.size(); j++) ids.add(port.getString(j));
      }
      out.add(ids);
    }
    return out;
  }
}
