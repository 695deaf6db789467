package io.conduit.nodes.util;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.IsoFields;
import java.util.Locale;

/**
 * Node-RED's {@code date} typed value ({@code RED.util.evaluateNodeProperty(v, "date")}):
 * <ul>
 *   <li>{@code ""}: milliseconds since the epoch ({@code Date.now()}), a number;</li>
 *   <li>{@code "iso"}: {@code new Date().toISOString()}, UTC with milliseconds and {@code Z};</li>
 *   <li>{@code "object"}: a JavaScript Date object. The message model has no Date type, so it is
 *       the ISO string, which is what a Date becomes in JSON (see docs/ARCHITECTURE.md);</li>
 *   <li>anything else: a moment.js format string ({@code moment().format(v)}) in the local time
 *       zone. Tokens: YYYY YY Y Q M MM MMM MMMM D DD Do DDD DDDD d dd ddd dddd E e W WW H HH h hh
 *       k kk m mm s ss S SS SSS A a Z ZZ X x, and {@code [literal]} text.</li>
 * </ul>
 */
public final class DateFormats {
  private static final String[] TOKENS = {
    "YYYY", "MMMM", "dddd", "DDDD", "MMM", "ddd", "DDD", "SSS",
    "YY", "MM", "DD", "Do", "dd", "HH", "hh", "kk", "mm", "ss", "SS", "ZZ", "WW",
    "Y", "Q", "M", "D", "d", "E", "e", "W", "H", "h", "k", "m", "s", "S", "A", "a", "Z", "X", "x"
  };

  private DateFormats() {
  }

  public static Object evaluate(String format, Clock clock) {
    Instant now = clock.instant();
    if (format == null || format.isEmpty()) {
      return JsValues.number(now.toEpochMilli());
    }
    if (format.equals("iso") || format.equals("object")) {
      return isoString(now);
    }
    return format(format, ZonedDateTime.ofInstant(now, clock.getZone()));
  }

  /** {@code Date.prototype.toISOString}. */
  public static String isoString(Instant t) {
    ZonedDateTime z = ZonedDateTime.ofInstant(t, java.time.ZoneOffset.UTC);
    return String.format("%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", z.getYear(), z.getMonthValue(), z.getDayOfMonth(),
      z.getHour(), z.getMinute(), z.getSecond(), z.get(ChronoField.MILLI_OF_SECOND));
  }

  /** {@code moment(t).format(format)} for the tokens listed in the class comment. */
  public static String format(String format, ZonedDateTime t) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    outer:
    while (i < format.length()) {
      char c = format.charAt(i);
      if (c == '[') {
        int close = format.indexOf(']', i);
        if (close > 0) {
          out.append(format, i + 1, close);
          i = close + 1;
          continue;
        }
      }
      for (String tok : TOKENS) {
        if (format.startsWith(tok, i)) {
          out.append(token(tok, t));
          i += tok.length();
          continue outer;
        }
      }
      out.append(c);
      i++;
    }
    return out.toString();
  }

  private static String token(String tok, ZonedDateTime t) {
    int hour12 = t.getHour() % 12 == 0 ? 12 : t.getHour() % 12;
    int dow = t.getDayOfWeek().getValue() % 7; // moment: Sunday = 0
    return switch (tok) {
      case "YYYY" -> pad(t.getYear(), 4);
      case "YY" -> pad(Math.floorMod(t.getYear(), 100), 2);
      case "Y" -> Integer.toString(t.getYear());
      case "Q" -> Integer.toString((t.getMonthValue() - 1) / 3 + 1);
      case "M" -> Integer.toString(t.getMonthValue());
      case "MM" -> pad(t.getMonthValue(), 2);
      case "MMM" -> t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
      case "MMMM" -> t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
      case "D" -> Integer.toString(t.getDayOfMonth());
      case "DD" -> pad(t.getDayOfMonth(), 2);
      case "Do" -> ordinal(t.getDayOfMonth());
      case "DDD" -> Integer.toString(t.getDayOfYear());
      case "DDDD" -> pad(t.getDayOfYear(), 3);
      case "d", "e" -> Integer.toString(dow);
      case "dd" -> DayOfWeek.of(t.getDayOfWeek().getValue()).getDisplayName(TextStyle.SHORT, Locale.ENGLISH).substring(0, 2);
      case "ddd" -> t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
      case "dddd" -> t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
      case "E" -> Integer.toString(t.getDayOfWeek().getValue());
      case "W" -> Integer.toString(t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
      case "WW" -> pad(t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), 2);
      case "H" -> Integer.toString(t.getHour());
      case "HH" -> pad(t.getHour(), 2);
      case "h" -> Integer.toString(hour12);
      case "hh" -> pad(hour12, 2);
      case "k" -> Integer.toString(t.getHour() == 0 ? 24 : t.getHour());
      case "kk" -> pad(t.getHour() == 0 ? 24 : t.getHour(), 2);
      case "m" -> Integer.toString(t.getMinute());
      case "mm" -> pad(t.getMinute(), 2);
      case "s" -> Integer.toString(t.getSecond());
      case "ss" -> pad(t.getSecond(), 2);
      case "S" -> Integer.toString(t.get(ChronoField.MILLI_OF_SECOND) / 100);
      case "SS" -> pad(t.get(ChronoField.MILLI_OF_SECOND) / 10, 2);
      case "SSS" -> pad(t.get(ChronoField.MILLI_OF_SECOND), 3);
      case "A" -> t.getHour() < 12 ? "AM" : "PM";
      case "a" -> t.getHour() < 12 ? "am" : "pm";
      case "Z" -> offset(t, true);
      case "ZZ" -> offset(t, false);
      case "X" -> Long.toString(t.toEpochSecond());
      case "x" -> Long.toString(t.toInstant().toEpochMilli());
      default -> tok;
    };
  }

  private static String offset(ZonedDateTime t, boolean colon) {
    int secs = t.getOffset().getTotalSeconds();
    String sign = secs < 0 ? "-" : "+";
    secs = Math.abs(secs);
    return sign + pad(secs / 3600, 2) + (colon ? ":" : "") + pad((secs / 60) % 60, 2);
  }

  private static String ordinal(int n) {
    int b = n % 10;
    String suffix = (n % 100) / 10 == 1 ? "th" : b == 1 ? "st" : b == 2 ? "nd" : b == 3 ? "rd" : "th";
    return n + suffix;
  }

  private static String pad(int v, int width) {
    String s = Integer.toString(Math.abs(v));
    return (v < 0 ? "-" : "") + "0".repeat(Math.max(0, width - s.length())) + s;
  }
}
