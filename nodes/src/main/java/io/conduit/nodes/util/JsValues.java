package io.conduit.nodes.util;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * JavaScript's value semantics over the message value shapes ({@link io.conduit.spi.Message}):
 * null, String, Boolean, Number, Map, List, byte[] (a Buffer), plus {@link #UNDEFINED} for a
 * missing property and {@link JsRegExp} for a regular expression value. Node-RED's nodes compare and
 * convert with JavaScript's own rules, so this class reproduces them (ECMAScript 2023):
 * <ul>
 *   <li>{@link #toNumber}: ToNumber ({@code Number(x)}): strings are trimmed, {@code ""} is 0,
 *       {@code 0x/0o/0b} prefixes and {@code Infinity} are read, anything else is NaN.</li>
 *   <li>{@link #toStr}: ToString after ToPrimitive ({@code x + ""}): arrays join with commas,
 *       objects are {@code [object Object]}, Buffers decode as UTF-8, numbers print like JS.</li>
 *   <li>{@link #looseEquals}: {@code ==} (IsLooselyEqual); objects are equal only to themselves.</li>
 *   <li>{@link #lessThan}: {@code <} (IsLessThan): two strings compare by UTF-16 code units,
 *       anything else numerically; NaN makes every comparison false.</li>
 * </ul>
 */
public final class JsValues {

  /** JavaScript's {@code undefined}: a property that does not exist. Never stored in a message. */
  public static final Object UNDEFINED = new Object() {
    @Override
    public String toString() {
      return "undefined";
    }
  };

  private JsValues() {
  }

  public static boolean isUndefined(Object v) {
    return v == UNDEFINED;
  }

  public static boolean isNullish(Object v) {
    return v == null || v == UNDEFINED;
  }

  /** JavaScript's {@code typeof}, with Node-RED's value shapes. */
  public static String typeOf(Object v) {
    if (v == UNDEFINED) return "undefined";
    if (v instanceof String) return "string";
    if (v instanceof Number) return "number";
    if (v instanceof Boolean) return "boolean";
    return "object"; // null, Map, List, byte[], RegExp
  }

  /** A number in the canonical shape: Integer or Long when integral (and not -0), else Double. */
  public static Number number(double d) {
    if (d == Math.rint(d) && !Double.isInfinite(d) && !(d == 0 && 1 / d < 0)) {
      if (d >= Integer.MIN_VALUE && d <= Integer.MAX_VALUE) return (int) d;
      if (Math.abs(d) <= 9007199254740992d) return (long) d;
    }
    return d;
  }

  /** ToPrimitive: objects become strings (valueOf of a plain object, array or Buffer is itself). */
  public static Object toPrimitive(Object v) {
    if (v instanceof List<?> l) return join(l);
    if (v instanceof Map<?, ?>) return "[object Object]";
    if (v instanceof byte[] b) return new String(b, StandardCharsets.UTF_8);
    if (v instanceof JsRegExp re) return re.toString();
    return v;
  }

  private static String join(List<?> l) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < l.size(); i++) {
      if (i > 0) sb.append(',');
      Object e = l.get(i);
      if (!isNullish(e)) sb.append(toStr(e));
    }
    return sb.toString();
  }

  /** {@code String(v)} / {@code v + ""}. */
  public static String toStr(Object v) {
    if (v == null) return "null";
    if (v instanceof String s) return s;
    if (v instanceof Number n) return numberToString(n);
    if (v instanceof Boolean b) return b.toString();
    if (v == UNDEFINED) return "undefined";
    return toStr(toPrimitive(v));
  }

  /** {@code Number(v)}. */
  public static double toNumber(Object v) {
    if (v == null) return 0;
    if (v instanceof Number n) return n.doubleValue();
    if (v instanceof Boolean b) return b ? 1 : 0;
    if (v instanceof String s) return stringToNumber(s);
    if (v == UNDEFINED) return Double.NaN;
    return toNumber(toPrimitive(v));
  }

  /** StringToNumber: the StringNumericLiteral grammar, NaN for anything else. */
  public static double stringToNumber(String str) {
    String s = str.strip();
    if (s.isEmpty()) return 0;
    if (s.length() > 2 && s.charAt(0) == '0') {
      char p = Character.toLowerCase(s.charAt(1));
      int radix = p == 'x' ? 16 : p == 'o' ? 8 : p == 'b' ? 2 : 0;
      if (radix > 0) {
        double r = 0;
        for (int i = 2; i < s.length(); i++) {
          int d = Character.digit(s.charAt(i), radix);
          if (d < 0) return Double.NaN;
          r = r * radix + d;
        }
        return r;
      }
    }
    int i = 0;
    boolean neg = false;
    if (s.charAt(0) == '+' || s.charAt(0) == '-') {
      neg = s.charAt(0) == '-';
      i = 1;
    }
    String rest = s.substring(i);
    if (rest.equals("Infinity")) return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    if (!isDecimalLiteral(rest)) return Double.NaN;
    return Double.parseDouble(s);
  }

  /** digits [. digits] [e[+-]digits] | . digits [e...], as StrUnsignedDecimalLiteral. */
  private static boolean isDecimalLiteral(String s) {
    int i = 0;
    int n = s.length();
    int intDigits = 0;
    while (i < n && isDigit(s.charAt(i))) { i++; intDigits++; }
    int fracDigits = 0;
    if (i < n && s.charAt(i) == '.') {
      i++;
      while (i < n && isDigit(s.charAt(i))) { i++; fracDigits++; }
    }
    if (intDigits + fracDigits == 0) return false;
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) i++;
      int expDigits = 0;
      while (i < n && isDigit(s.charAt(i))) { i++; expDigits++; }
      if (expDigits == 0) return false;
    }
    return i == n;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** Number::toString(10) ({@link io.conduit.spi.JsonText#number}). */
  public static String numberToString(Number n) {
    return io.conduit.spi.JsonText.number(n);
  }

  /** JavaScript's truthiness. */
  public static boolean truthy(Object v) {
    if (isNullish(v)) return false;
    if (v instanceof Boolean b) return b;
    if (v instanceof String s) return !s.isEmpty();
    if (v instanceof Number n) {
      double d = n.doubleValue();
      return d != 0 && !Double.isNaN(d);
    }
    return true;
  }

  private static boolean isObject(Object v) {
    return v instanceof Map || v instanceof List || v instanceof byte[] || v instanceof JsRegExp;
  }

  /** {@code a == b}. */
  public static boolean looseEquals(Object a, Object b) {
    if (isNullish(a) || isNullish(b)) return isNullish(a) && isNullish(b);
    if (isObject(a) || isObject(b)) {
      if (isObject(a) && isObject(b)) return a == b;
      return looseEquals(toPrimitive(a), toPrimitive(b));
    }
    if (a instanceof String sa && b instanceof String sb) return sa.equals(sb);
    if (a instanceof Boolean ba && b instanceof Boolean bb) return ba.equals(bb);
    return toNumber(a) == toNumber(b); // number/string/boolean mixes compare as numbers; NaN != NaN
  }

  /** {@code a === b}. */
  public static boolean strictEquals(Object a, Object b) {
    if (a == b) return !(a instanceof Double d && d.isNaN());
    if (a instanceof Number na && b instanceof Number nb) return na.doubleValue() == nb.doubleValue();
    if (a instanceof String || a instanceof Boolean) return a.equals(b);
    return false;
  }

  /** IsLessThan(a, b): TRUE, FALSE or null for undefined (a NaN was involved). */
  private static Boolean lessThanOrUndefined(Object a, Object b) {
    Object pa = toPrimitive(a);
    Object pb = toPrimitive(b);
    if (pa instanceof String sa && pb instanceof String sb) return sa.compareTo(sb) < 0;
    double na = toNumber(pa);
    double nb = toNumber(pb);
    if (Double.isNaN(na) || Double.isNaN(nb)) return null;
    return na < nb;
  }

  /** {@code a < b}. */
  public static boolean lessThan(Object a, Object b) {
    return Boolean.TRUE.equals(lessThanOrUndefined(a, b));
  }

  /** {@code a > b}. */
  public static boolean greaterThan(Object a, Object b) {
    return Boolean.TRUE.equals(lessThanOrUndefined(b, a));
  }

  /** {@code a <= b}. */
  public static boolean lessOrEqual(Object a, Object b) {
    return Boolean.FALSE.equals(lessThanOrUndefined(b, a));
  }

  /** {@code a >= b}. */
  public static boolean greaterOrEqual(Object a, Object b) {
    return Boolean.FALSE.equals(lessThanOrUndefined(a, b));
  }

  /** {@code Object.keys(v).length}-style size of strings, arrays, Buffers and objects; -1 otherwise. */
  public static int length(Object v) {
    if (v instanceof String s) return s.length();
    if (v instanceof List<?> l) return l.size();
    if (v instanceof byte[] b) return b.length;
    if (v instanceof Map<?, ?> m) return m.size();
    if (v instanceof JsRegExp) return 0;
    return -1;
  }
}
