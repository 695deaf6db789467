package io.conduit.nodes.function;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Value;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Values crossing between Java and a GraalJS context as a "tape": two flat arrays that the other
 * side reads or writes in one pass, so a message crosses the boundary once instead of once per
 * property (a call across the boundary costs far more than an array access inside compiled code).
 *
 * <p>Format, shared with {@code sandbox.js}: {@code shapes} is an int[] and {@code atoms} an Object[].
 * A value is
 * <ul>
 *   <li>{@code ATOM}: the next atom (String, Integer, Long, Double, Boolean or null);</li>
 *   <li>{@code OBJECT n}: n times (key atom, value), insertion ordered;</li>
 *   <li>{@code ARRAY n}: n values;</li>
 *   <li>{@code BUFFER}: Java to JS one {@link ByteBuffer} atom; JS to Java three atoms: an
 *       ArrayBuffer, a byte offset and a length.</li>
 * </ul>
 * Decoding JS numbers: integral values become Integer or Long, the others Double (the message model
 * compares numbers by value). A tape instance is reused and belongs to one thread at a time.
 */
final class MessageTape {
  static final int ATOM = 0;
  static final int OBJECT = 1;
  static final int ARRAY = 2;
  static final int BUFFER = 3;
  private static final int MAX_DEPTH = 256;

  int[] shapes;
  Object[] atoms;
  private int s;
  private int a;

  MessageTape(int capacity) {
    shapes = new int[capacity];
    atoms = new Object[capacity];
  }

  // ---------- writing (Java -> JS) ----------

  MessageTape clear() {
    // drop references to the previous message's atoms so they can be collected
    Arrays.fill(atoms, 0, a, null);
    s = 0;
    a = 0;
    return this;
  }

  void write(Object v) {
    write(v, 0);
  }

  private void write(Object v, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException("value is nested more than " + MAX_DEPTH + " levels deep");
    }
    if (v instanceof Map<?, ?> m) {
      shape(OBJECT);
      shape(m.size());
      for (Map.Entry<?, ?> e : m.entrySet()) {
        atom(String.valueOf(e.getKey()));
        write(e.getValue(), depth + 1);
      }
    } else if (v instanceof List<?> l) {
      shape(ARRAY);
      shape(l.size());
      for (Object o : l) {
        write(o, depth + 1);
      }
    } else if (v instanceof byte[] b) {
      shape(BUFFER);
      atom(ByteBuffer.wrap(b));
    } else if (v == null || v instanceof String || v instanceof Boolean || v instanceof Integer
      || v instanceof Long || v instanceof Double) {
      shape(ATOM);
      atom(v);
    } else if (v instanceof Number n) {
      shape(ATOM);
      atom(n instanceof Float || n instanceof java.math.BigDecimal ? (Object) n.doubleValue() : (Object) n.longValue());
    } else if (v instanceof JsonObject o) {
      write(o.getMap(), depth);
    } else if (v instanceof JsonArray arr) {
      write(arr.getList(), depth);
    } else if (v instanceof Buffer b) {
      write(b.getBytes(), depth);
    } else if (v instanceof Object[] arr) {
      write(Arrays.asList(arr), depth);
    } else {
      shape(ATOM);
      atom(v.toString());
    }
  }

  private void shape(int x) {
    if (s == shapes.length) {
      shapes = Arrays.copyOf(shapes, s * 2);
    }
    shapes[s++] = x;
  }

  private void atom(Object x) {
    if (a == atoms.length) {
      atoms = Arrays.copyOf(atoms, a * 2);
    }
    atoms[a++] = x;
  }

  /** The written tape as {@code [int[] shapes, Object[] atoms]}, the shape a host call returns to JS. */
  Object[] pair() {
    return new Object[] {shapes, atoms};
  }

  // ---------- reading (JS -> Java) ----------

  private int rs;
  private int ra;
  private int endS;
  private Context context;

  /** Starts reading {@code shapeCount} shapes written by JS; buffers are read through {@code context}. */
  MessageTape startReading(int shapeCount, Context context) {
    this.rs = 0;
    this.ra = 0;
    this.endS = shapeCount;
    this.context = context;
    return this;
  }

  boolean hasMore() {
    return rs < endS;
  }

  int nextShape() {
    return shapes[rs++];
  }

  Object nextAtom() {
    return atoms[ra++];
  }

  /** Reads one value; numbers and buffers are normalised to the message model's shapes. */
  Object read() {
    int k = shapes[rs++];
    switch (k) {
      case ATOM:
        return normalise(atoms[ra++]);
      case OBJECT: {
        int n = shapes[rs++];
        Map<String, Object> m = new LinkedHashMap<>(Math.max(4, (int) (n / 0.75f) + 1));
        for (int i = 0; i < n; i++) {
          String key = (String) atoms[ra++];
          m.put(key, read());
        }
        return m;
      }
      case ARRAY: {
        int n = shapes[rs++];
        List<Object> l = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          l.add(read());
        }
        return l;
      }
      case BUFFER: {
        Value buffer = context.asValue(atoms[ra++]);
        int offset = ((Number) atoms[ra++]).intValue();
        int length = ((Number) atoms[ra++]).intValue();
        byte[] bytes = new byte[length];
        buffer.readBuffer(offset, bytes, 0, length);
        return bytes;
      }
      default:
        throw new IllegalStateException("corrupt tape: shape " + k + " at " + (rs - 1));
    }
  }

  /** Ends reading: drops the references to JS values. */
  void doneReading() {
    Arrays.fill(atoms, 0, Math.min(ra, atoms.length), null);
    context = null;
  }

  private static Object normalise(Object atom) {
    if (atom instanceof Double d) {
      double v = d;
      if (v == Math.rint(v) && !Double.isInfinite(v) && !(v == 0 && 1 / v < 0)) {
        if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
          return (int) v;
        }
        if (Math.abs(v) <= 9.007199254740991E15) {
          return (long) v;
        }
      }
      return d;
    }
    if (atom instanceof Number n && !(atom instanceof Integer) && !(atom instanceof Long)) {
      return n.doubleValue();
    }
    return atom;
  }

  /** Makes room for at least the given counts (JS asks for it before writing). */
  void ensureCapacity(int shapeCount, int atomCount) {
    if (shapes.length < shapeCount) {
      shapes = new int[Math.max(shapeCount, shapes.length * 2)];
    }
    if (atoms.length < atomCount) {
      atoms = new Object[Math.max(atomCount, atoms.length * 2)];
    }
  }
}
