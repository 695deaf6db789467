package io.conduit.nodes.common;

import org.junit.jupiter.api.Test;

import java.time.ZonedDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The crontab strings Node-RED's inject editor writes, and cron's day rules. */
class CronScheduleTest {
  private static final ZonedDateTime T = ZonedDateTime.parse("2024-03-05T10:17:42+01:00[Europe/Paris]"); // a Tuesday

  private static ZonedDateTime next(String cron, ZonedDateTime after) {
    return CronSchedule.parse(cron).next(after);
  }

  @Test
  void everySecondAndEveryNMinutes() {
    assertThat(next("* * * * * *", T)).isEqualTo(T.plusSeconds(1));
    assertThat(next("*/5 * * * *", T)).isEqualTo(ZonedDateTime.parse("2024-03-05T10:20:00+01:00[Europe/Paris]"));
    assertThat(next("*/10 9-17 * * *", ZonedDateTime.parse("2024-03-05T17:55:00+01:00[Europe/Paris]")))
      .isEqualTo(ZonedDateTime.parse("2024-03-06T09:00:00+01:00[Europe/Paris]"));
  }

  @Test
  void atATimeOnChosenDays() {
    assertThat(next("00 09 * * 1,2,3,4,5", T)).isEqualTo(ZonedDateTime.parse("2024-03-06T09:00:00+01:00[Europe/Paris]"));
    assertThat(next("30 8 * * SAT,sun", T)).isEqualTo(ZonedDateTime.parse("2024-03-09T08:30:00+01:00[Europe/Paris]"));
    assertThat(next("0 0 * * 7", T)).isEqualTo(ZonedDateTime.parse("2024-03-10T00:00:00+01:00[Europe/Paris]"));
  }

  @Test
  void restrictedDayOfMonthAndDayOfWeekMatchEither() {
    // the 1st of a month or any Friday: Friday 8 March comes first
    assertThat(next("0 12 1 * 5", T)).isEqualTo(ZonedDateTime.parse("2024-03-08T12:00:00+01:00[Europe/Paris]"));
    assertThat(next("0 0 29 feb *", T)).isEqualTo(ZonedDateTime.parse("2028-02-29T00:00:00+01:00[Europe/Paris]"));
  }

  @Test
  void daylightSavingGapsAreSkipped() {
    // 2:30 does not exist on 31 March 2024 in Paris
    assertThat(next("0 30 2 * * *", ZonedDateTime.parse("2024-03-30T03:00:00+01:00[Europe/Paris]")))
      .isEqualTo(ZonedDateTime.parse("2024-04-01T02:30:00+02:00[Europe/Paris]"));
  }

  @Test
  void invalidExpressionsSayWhy() {
    assertThatThrownBy(() -> CronSchedule.parse("* * *")).hasMessageContaining("5 or 6 fields");
    assertThatThrownBy(() -> CronSchedule.parse("61 * * * *")).hasMessageContaining("minute '61'");
    assertThatThrownBy(() -> CronSchedule.parse("0 0 L * *")).hasMessageContaining("day-of-month 'L' is not understood");
    assertThatThrownBy(() -> CronSchedule.parse("0 5-2 * * *")).hasMessageContaining("runs backwards");
  }
}
