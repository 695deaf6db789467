package io.conduit.nodes.util;

import io.conduit.spi.ContextScope;
import io.conduit.spi.Message;
import io.conduit.spi.PropertyPath;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code flow}/{@code global} context reference as Node-RED's typed input writes it:
 * {@code key} or {@code #:(store)::key} ({@code RED.util.parseContextStore}). The key is a
 * property expression and may embed message references, {@code counts[msg.topic]}, which are
 * looked up for each message ({@code normalisePropertyExpression(key, msg, true)}): a string
 * becomes a quoted key, a number an index; a missing reference is an error.
 */
public final class ContextKey {
  private static final Pattern STORE = Pattern.compile("^#:\\((\\S+?)\\)::(.*)$", Pattern.DOTALL);

  private final String store;
  private final String key;
  /** Alternating literal text and msg expressions when the key embeds {@code [msg...]}; else null. */
  private final List<Object> parts;

  private ContextKey(String store, String key, List<Object> parts) {
    this.store = store;
    this.key = key;
    this.parts = parts;
  }

  /** @throws IllegalArgumentException when the key or an embedded msg reference is not a valid expression */
  public static ContextKey parse(String value) {
    Matcher m = STORE.matcher(value);
    String store = null;
    String key = value;
    if (m.matches()) {
      store = m.group(1);
      key = m.group(2);
    }
    List<Object> parts = key.contains("[msg") ? split(key) : null;
    if (parts == null) {
      PropertyPath.parse(key); // validates
    }
    return new ContextKey(store, key, parts);
  }

  private static List<Object> split(String key) {
    List<Object> parts = new ArrayList<>();
    int i = 0;
    int lit = 0;
    while (i < key.length()) {
      if (key.startsWith("[msg.", i) || key.startsWith("[msg[", i)) {
        int depth = 0;
        int j = i;
        for (; j < key.length(); j++) {
          char c = key.charAt(j);
          if (c == '[') depth++;
          else if (c == ']' && --depth == 0) break;
        }
        if (j >= key.length()) {
          throw new IllegalArgumentException("invalid property expression '" + key + "': unmatched '[' at " + i);
        }
        parts.add(key.substring(lit, i));
        parts.add(PropertyPath.parse(key.substring(i + 1, j)));
        i = j + 1;
        lit = i;
      } else {
        i++;
      }
    }
    parts.add(key.substring(lit));
    return parts;
  }

  public String store() {
    return store;
  }

  /** The key for this message, with embedded msg references resolved. */
  public String key(Message msg) {
    if (parts == null) {
      return key;
    }
    StringBuilder sb = new StringBuilder();
    for (Object p : parts) {
      if (p instanceof String s) {
        sb.append(s);
        continue;
      }
      PropertyPath ref = (PropertyPath) p;
      Object v = msg == null ? JsValues.UNDEFINED : ref.get(msg.asMap(), JsValues.UNDEFINED);
      if (v == JsValues.UNDEFINED) {
        throw new IllegalArgumentException("Invalid expression: undefined reference " + ref.expression() + " in " + key);
      }
      if (v instanceof Number n) {
        sb.append('[').append(JsValues.numberToString(n)).append(']');
      } else {
        String s = JsValues.toStr(v);
        sb.append('[').append(s.contains("\"") ? "'" + s + "'" : "\"" + s + "\"").append(']');
      }
    }
    return sb.toString();
  }

  /** The stored value, or {@link JsValues#UNDEFINED} when there is none (a null counts as none). */
  public Object get(ContextScope scope, Message msg) {
    Object v = scope.get(key(msg), store);
    return v == null ? JsValues.UNDEFINED : v;
  }

  /** Stores the value; {@link JsValues#UNDEFINED} deletes the key (stored as null, as the SPI has no delete). */
  public void set(ContextScope scope, Message msg, Object value) {
    scope.set(key(msg), value == JsValues.UNDEFINED ? null : value, store);
  }

  @Override
  public String toString() {
    return store == null ? key : "#:(" + store + ")::" + key;
  }
}
