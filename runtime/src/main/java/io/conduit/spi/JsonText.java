package io.conduit.spi;

/**
 * The two pieces of JavaScript's text output that every JSON writer in Conduit shares, so that
 * the flows file, the Admin API, debug messages and a payload a node serialises print values
 * exactly as Node-RED (V8) does:
 * <ul>
 *   <li>{@link #number}: ECMAScript {@code Number::toString(10)}: the shortest digits that
 *       round-trip, laid out as JavaScript does ({@code 1}, {@code 0.1}, {@code 1e-7},
 *       {@code 1e+21}, {@code 123456789012345680000}); NaN and the infinities as
 *       {@code NaN}/{@code Infinity} (JSON writers turn those into {@code null}).</li>
 *   <li>{@link #quote}: {@code JSON.stringify}'s QuoteJSONString: escapes {@code "}, {@code \},
 *       control characters and lone surrogates, nothing else.</li>
 * </ul>
 */
public final class JsonText {
  private JsonText() {
  }

  /** ECMAScript Number::toString for any Java number (integral types print exactly). */
  public static String number(Number n) {
    if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte
      || n instanceof java.math.BigInteger) {
      return n.toString();
    }
    double d = n.doubleValue();
    if (Double.isNaN(d)) return "NaN";
    if (Double.isInfinite(d)) return d > 0 ? "Infinity" : "-Infinity";
    if (d == 0) return "0";
    if (d == Math.rint(d) && Math.abs(d) < 9.007199254740992E15) {
      return Long.toString((long) d);
    }
    // Java's Double.toString gives the shortest round-tripping digits (JDK 19+); re-layout them
    boolean neg = d < 0;
    String js = Double.toString(Math.abs(d));
    int e = js.indexOf('E');
    String mant = e >= 0 ? js.substring(0, e) : js;
    int pow = e >= 0 ? Integer.parseInt(js.substring(e + 1)) : 0;
    int dot = mant.indexOf('.');
    String intPart = mant.substring(0, dot);
    String frac = mant.substring(dot + 1);
    if (frac.equals("0")) frac = "";
    String digits = intPart + frac;
    int exp = intPart.length() + pow; // value = 0.digits × 10^exp
    int lead = 0;
    while (lead < digits.length() - 1 && digits.charAt(lead) == '0') {
      lead++;
      exp--;
    }
    digits = digits.substring(lead);
    int end = digits.length();
    while (end > 1 && digits.charAt(end - 1) == '0') end--;
    digits = digits.substring(0, end);
    int k = digits.length();
    StringBuilder sb = new StringBuilder();
    if (neg) sb.append('-');
    if (k <= exp && exp <= 21) {
      sb.append(digits).append("0".repeat(exp - k));
    } else if (0 < exp && exp <= 21) {
      sb.append(digits, 0, exp).append('.').append(digits, exp, k);
    } else if (-6 < exp && exp <= 0) {
      sb.append("0.").append("0".repeat(-exp)).append(digits);
    } else {
      sb.append(digits.charAt(0));
      if (k > 1) sb.append('.').append(digits, 1, k);
      sb.append('e').append(exp - 1 >= 0 ? "+" : "-").append(Math.abs(exp - 1));
    }
    return sb.toString();
  }

  /** Appends {@code s} as a JSON string literal, as {@code JSON.stringify} writes it. */
  public static void quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          boolean loneSurrogate = Character.isHighSurrogate(c)
            ? i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))
            : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
          if (c < 0x20 || loneSurrogate) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
