package io.conduit.nodes.common;

import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * The inject node's {@code crontab}: a cron expression as Node-RED's editor writes them
 * ({@code "*&#47;5 * * * *"}, {@code "00 09 * * 1,2,3,4,5"}, {@code "*&#47;10 9-17 * * *"}) and as
 * its cronosjs library reads them, in the local time zone:
 * <pre>
 *   [second] minute hour day-of-month month day-of-week
 * </pre>
 * Each field is {@code *}, a value, a range {@code a-b}, a step {@code *&#47;n} or {@code a-b/n}, or a
 * comma list of those; months and days may be names ({@code JAN}, {@code MON}); day-of-week 0 and 7
 * are Sunday. With both day fields restricted, a day matching either one matches (as Vixie cron).
 * Seconds default to 0 for five fields. Not supported (refused with a reason): {@code L}, {@code W},
 * {@code #}, {@code ?}, a year field, and {@code @daily}-style macros.
 */
final class CronSchedule {
  private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP",
    "OCT", "NOV", "DEC");
  private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

  private final BitSet seconds;
  private final BitSet minutes;
  private final BitSet hours;
  private final BitSet daysOfMonth;
  private final BitSet months;
  private final BitSet daysOfWeek;
  private final boolean anyDayOfMonth;
  private final boolean anyDayOfWeek;

  private CronSchedule(BitSet seconds, BitSet minutes, BitSet hours, BitSet daysOfMonth, BitSet months, BitSet daysOfWeek,
                       boolean anyDayOfMonth, boolean anyDayOfWeek) {
    this.seconds = seconds;
    this.minutes = minutes;
    this.hours = hours;
    this.daysOfMonth = daysOfMonth;
    this.months = months;
    this.daysOfWeek = daysOfWeek;
    this.anyDayOfMonth = anyDayOfMonth;
    this.anyDayOfWeek = anyDayOfWeek;
  }

  /** @throws IllegalArgumentException naming the field and what is wrong with it */
  static CronSchedule parse(String expression) {
    String[] f = expression.trim().split("\\s+");
    if (f.length != 5 && f.length != 6) {
      throw new IllegalArgumentException("expected 5 or 6 fields, found " + f.length);
    }
    int o = f.length - 5;
    BitSet dow = field(f[o + 4], 0, 7, DAYS, "day-of-week");
    if (dow.get(7)) {
      dow.set(0);
    }
    return new CronSchedule(o == 1 ? field(f[0], 0, 59, null, "second") : single(0),
      field(f[o], 0, 59, null, "minute"), field(f[o + 1], 0, 23, null, "hour"),
      field(f[o + 2], 1, 31, null, "day-of-month"), field(f[o + 3], 1, 12, MONTHS, "month"), dow,
      f[o + 2].equals("*"), f[o + 4].equals("*"));
  }

  private static BitSet single(int v) {
    BitSet b = new BitSet();
    b.set(v);
    return b;
  }

  private static BitSet field(String text, int min, int max, List<String> names, String what) {
    BitSet bits = new BitSet();
    for (String part : text.split(",")) {
      int step = 1;
      String range = part;
      int slash = part.indexOf('/');
      if (slash >= 0) {
        step = number(part.substring(slash + 1), 1, max - min + 1, null, min, what, part);
        range = part.substring(0, slash);
      }
      int from;
      int to;
      if (range.equals("*")) {
        from = min;
        to = max;
      } else if (range.indexOf('-') > 0) {
        from = number(range.substring(0, range.indexOf('-')), min, max, names, min, what, part);
        to = number(range.substring(range.indexOf('-') + 1), min, max, names, min, what, part);
      } else {
        from = number(range, min, max, names, min, what, part);
        to = slash >= 0 ? max : from;
      }
      if (from > to) {
        throw new IllegalArgumentException(what + " range '" + part + "' runs backwards");
      }
      for (int v = from; v <= to; v += step) {
        bits.set(v);
      }
    }
    return bits;
  }

  private static int number(String s, int min, int max, List<String> names, int base, String what, String part) {
    if (names != null) {
      int i = names.indexOf(s.toUpperCase(Locale.ROOT));
      if (i >= 0) {
        return base == 1 ? i + 1 : i;
      }
    }
    try {
      int v = Integer.parseInt(s);
      if (v < min || v > max) {
        throw new IllegalArgumentException(what + " '" + part + "': " + v + " is outside " + min + "-" + max);
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " '" + part + "' is not understood");
    }
  }

  /** The first matching second strictly after {@code after}; null when none within five years. */
  ZonedDateTime next(ZonedDateTime after) {
    ZonedDateTime t = after.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    ZonedDateTime limit = after.plusYears(5);
    while (t.isBefore(limit)) {
      if (!months.get(t.getMonthValue())) {
        t = t.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).plusMonths(1);
      } else if (!dayMatches(t)) {
        t = t.truncatedTo(ChronoUnit.DAYS).plusDays(1);
      } else if (!hours.get(t.getHour())) {
        t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
      } else if (!minutes.get(t.getMinute())) {
        t = t.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
      } else if (!seconds.get(t.getSecond())) {
        t = t.plusSeconds(1);
      } else {
        return t;
      }
    }
    return null;
  }

  private boolean dayMatches(ZonedDateTime t) {
    boolean dom = daysOfMonth.get(t.getDayOfMonth());
    boolean dow = daysOfWeek.get(t.getDayOfWeek().getValue() % 7);
    if (anyDayOfMonth || anyDayOfWeek) {
      return dom && dow;
    }
    return dom || dow;
  }
}
