package io.conduit.spi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A property expression such as {@code payload.values[2].name} or {@code payload["a.b"]}, parsed
 * once: Node-RED's {@code RED.util.normalisePropertyExpression}, {@code getMessageProperty},
 * {@code setMessageProperty} (which creates missing parents) and delete. A leading {@code msg.}
 * is accepted and dropped, as Node-RED does for message properties.
 *
 * <p>Segments are {@link String} keys or {@link Integer} array indexes.
 */
public final class PropertyPath {
  private final String expression;
  private final List<Object> segments;

  private PropertyPath(String expression, List<Object> segments) {
    this.expression = expression;
    this.segments = segments;
  }

  public static PropertyPath parse(String expression) {
    if (expression == null || expression.isEmpty()) {
      throw new IllegalArgumentException("empty property expression");
    }
    List<Object> segs = new ArrayList<>();
    int i = 0;
    int n = expression.length();
    StringBuilder cur = new StringBuilder();
    boolean expectKey = true;
    while (i < n) {
      char c = expression.charAt(i);
      if (c == '.') {
        if (cur.isEmpty() && expectKey) {
          throw invalid(expression, i, "empty key");
        }
        if (!cur.isEmpty()) {
          segs.add(cur.toString());
          cur.setLength(0);
        }
        expectKey = true;
        i++;
        if (i >= n) throw invalid(expression, i, "ends with '.'");
      } else if (c == '[') {
        if (!cur.isEmpty()) {
          segs.add(cur.toString());
          cur.setLength(0);
        } else if (segs.isEmpty()) {
          throw invalid(expression, i, "starts with '['");
        }
        i++;
        if (i >= n) throw invalid(expression, i, "unterminated '['");
        char q = expression.charAt(i);
        if (q == '"' || q == '\'') {
          int end = i + 1;
          StringBuilder key = new StringBuilder();
          while (end < n && expression.charAt(end) != q) {
            char ch = expression.charAt(end);
            if (ch == '\\' && end + 1 < n) {
              end++;
              ch = expression.charAt(end);
            }
            key.append(ch);
            end++;
          }
          if (end >= n || end + 1 >= n || expression.charAt(end + 1) != ']') {
            throw invalid(expression, i, "unterminated quoted key");
          }
          segs.add(key.toString());
          i = end + 2;
        } else {
          int end = expression.indexOf(']', i);
          if (end < 0) throw invalid(expression, i, "unterminated '['");
          String idx = expression.substring(i, end).trim();
          try {
            segs.add(Integer.parseInt(idx));
          } catch (NumberFormatException e) {
            throw invalid(expression, i, "index '" + idx + "' is not a number");
          }
          i = end + 1;
        }
        expectKey = false;
        if (i < n && expression.charAt(i) != '.' && expression.charAt(i) != '[') {
          throw invalid(expression, i, "expected '.' or '['");
        }
      } else {
        cur.append(c);
        i++;
      }
    }
    if (!cur.isEmpty()) {
      segs.add(cur.toString());
    }
    if (!segs.isEmpty() && "msg".equals(segs.get(0)) && segs.size() > 1) {
      segs.remove(0);
    }
    if (segs.isEmpty()) {
      throw invalid(expression, 0, "no property");
    }
    return new PropertyPath(expression, List.copyOf(segs));
  }

  private static IllegalArgumentException invalid(String expr, int pos, String why) {
    return new IllegalArgumentException("invalid property expression '" + expr + "' at " + pos + ": " + why);
  }

  public String expression() {
    return expression;
  }

  public List<Object> segments() {
    return segments;
  }

  public Object get(Message msg) {
    return get(msg.asMap());
  }

  public Object get(Object root) {
    Object cur = root;
    for (Object seg : segments) {
      cur = step(cur, seg);
      if (cur == null) {
        return null;
      }
    }
    return cur;
  }

  /**
   * Like {@link #get(Object)} but tells a missing property from one that holds null: returns
   * {@code absent} when the property or one of its parents does not exist (JavaScript's
   * {@code undefined}), and null only when the property exists and is null.
   */
  public Object get(Object root, Object absent) {
    Object cur = root;
    for (Object seg : segments) {
      if (cur instanceof Map<?, ?> m) {
        Object key = seg instanceof Integer ? seg.toString() : seg;
        if (!m.containsKey(key)) {
          return absent;
        }
        cur = m.get(key);
      } else {
        cur = step(cur, seg);
        if (cur == null) {
          return absent;
        }
      }
    }
    return cur;
  }

  private static Object step(Object cur, Object seg) {
    if (cur instanceof Map<?, ?> m) {
      return m.get(seg instanceof Integer ? seg.toString() : seg);
    }
    if (cur instanceof List<?> l && seg instanceof Integer idx) {
      return idx >= 0 && idx < l.size() ? l.get(idx) : null;
    }
    if (cur instanceof List<?> l && "length".equals(seg)) {
      return l.size();
    }
    if (cur instanceof byte[] b) {
      if (seg instanceof Integer idx) return idx >= 0 && idx < b.length ? (b[idx] & 0xff) : null;
      if ("length".equals(seg)) return b.length;
    }
    if (cur instanceof String s && "length".equals(seg)) {
      return s.length();
    }
    return null;
  }

  public void set(Message msg, Object value) {
    set(msg.asMap(), value);
  }

  /** Sets the value, creating missing parents (objects, or arrays where the next segment is an index). */
  @SuppressWarnings("unchecked")
  public void set(Map<String, Object> root, Object value) {
    Object cur = root;
    for (int i = 0; i < segments.size() - 1; i++) {
      Object seg = segments.get(i);
      Object next = step(cur, seg);
      if (!(next instanceof Map) && !(next instanceof List)) {
        next = segments.get(i + 1) instanceof Integer ? new ArrayList<>() : new LinkedHashMap<String, Object>();
        put(cur, seg, next);
      }
      cur = next;
    }
    put(cur, segments.get(segments.size() - 1), value);
  }

  @SuppressWarnings("unchecked")
  private void put(Object container, Object seg, Object value) {
    if (container instanceof Map<?, ?> m) {
      ((Map<String, Object>) m).put(seg.toString(), value);
    } else if (container instanceof List<?> l && seg instanceof Integer idx) {
      List<Object> list = (List<Object>) l;
      while (list.size() <= idx) {
        list.add(null);
      }
      list.set(idx, value);
    } else {
      throw new IllegalArgumentException("cannot set '" + expression + "': parent is not an object");
    }
  }

  /**
   * Node-RED's {@code setObjectProperty(obj, prop, value, createMissing)}: walks the parents and
   * sets the value. A missing parent is created (an array when the next segment is an index, an
   * object otherwise) only when {@code createMissing}; a parent that exists but is not an object or
   * array (a string, a number, null) is never replaced. Returns false, changing nothing, when the
   * value cannot be set. Digit-only keys address array elements, as in Node-RED.
   */
  @SuppressWarnings("unchecked")
  public boolean trySet(Map<String, Object> root, Object value, boolean createMissing) {
    Object cur = root;
    for (int i = 0; i < segments.size() - 1; i++) {
      Object seg = segments.get(i);
      Object next;
      boolean exists;
      if (cur instanceof Map<?, ?> m) {
        String key = seg.toString();
        exists = m.containsKey(key);
        next = m.get(key);
      } else if (cur instanceof List<?> l && index(seg) >= 0) {
        int idx = index(seg);
        next = idx < l.size() ? l.get(idx) : null;
        exists = next != null;
      } else {
        return false;
      }
      if (exists) {
        if (!(next instanceof Map) && !(next instanceof List)) {
          return false;
        }
      } else if (createMissing) {
        next = segments.get(i + 1) instanceof Integer ? new ArrayList<>() : new LinkedHashMap<String, Object>();
        if (cur instanceof Map<?, ?> m) {
          ((Map<String, Object>) m).put(seg.toString(), next);
        } else {
          putIndex((List<Object>) cur, index(seg), next);
        }
      } else {
        return false;
      }
      cur = next;
    }
    Object last = segments.get(segments.size() - 1);
    if (cur instanceof Map<?, ?> m) {
      ((Map<String, Object>) m).put(last.toString(), value);
      return true;
    }
    if (cur instanceof List<?> l && index(last) >= 0) {
      putIndex((List<Object>) l, index(last), value);
      return true;
    }
    return false;
  }

  private static int index(Object seg) {
    if (seg instanceof Integer i) {
      return i;
    }
    String s = seg.toString();
    if (s.isEmpty() || s.length() > 9) {
      return -1;
    }
    for (int k = 0; k < s.length(); k++) {
      if (s.charAt(k) < '0' || s.charAt(k) > '9') {
        return -1;
      }
    }
    return Integer.parseInt(s);
  }

  private static void putIndex(List<Object> list, int idx, Object value) {
    while (list.size() <= idx) {
      list.add(null);
    }
    list.set(idx, value);
  }

  public void delete(Message msg) {
    delete(msg.asMap());
  }

  /** Removes the property; a no-op when a parent is missing. */
  public void delete(Object root) {
    Object cur = root;
    for (int i = 0; i < segments.size() - 1; i++) {
      cur = step(cur, segments.get(i));
      if (cur == null) {
        return;
      }
    }
    Object last = segments.get(segments.size() - 1);
    if (cur instanceof Map<?, ?> m) {
      m.remove(last instanceof Integer ? last.toString() : last);
    } else if (cur instanceof List<?> l && last instanceof Integer idx && idx >= 0 && idx < l.size()) {
      l.remove((int) idx);
    }
  }

  @Override
  public String toString() {
    return expression;
  }
}
