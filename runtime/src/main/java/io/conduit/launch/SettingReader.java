package io.conduit.launch;

import io.vertx.core.json.JsonObject;

/**
 * Typed reads of one flat settings object; errors name the key and the value. Values may be
 * strings (from flags and .conf files) or JSON numbers/booleans (from JSON and YAML).
 */
public final class SettingReader {
  private final JsonObject settings;

  public SettingReader(JsonObject settings) {
    this.settings = settings;
  }

  public JsonObject json() {
    return settings;
  }

  public boolean has(String key) {
    return settings.getValue(key) != null;
  }

  public String string(String key, String def) {
    Object v = settings.getValue(key);
    return v == null ? def : v.toString();
  }

  public long integer(String key, long def, long min, long max) {
    Object v = settings.getValue(key);
    if (v == null) return def;
    long n;
    if (v instanceof Number num) {
      n = num.longValue();
      if (num.doubleValue() != n) throw bad(key, v, "is not a whole number");
    } else {
      try {
        n = Long.parseLong(v.toString().trim());
      } catch (NumberFormatException e) {
        throw bad(key, v, "is not a whole number");
      }
    }
    if (n < min || n > max) throw bad(key, v, "is out of range " + min + ".." + max);
    return n;
  }

  public int integer(String key, int def, int min, int max) {
    return (int) integer(key, (long) def, min, max);
  }

  public boolean bool(String key, boolean def) {
    Object v = settings.getValue(key);
    if (v == null) return def;
    if (v instanceof Boolean b) return b;
    return switch (v.toString().trim().toLowerCase()) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default -> throw bad(key, v, "is not true or false");
    };
  }

  public static IllegalArgumentException bad(String key, Object value, String why) {
    return new IllegalArgumentException("setting " + key + ": '" + value + "' " + why);
  }
}
