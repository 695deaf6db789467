package io.conduit.broker.auth;

import io.conduit.spi.TopicFilter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** TopicFilter.overlaps / covers: filter-to-filter relations used for subscribe ACL checks. */
class TopicFilterRelationsTest {
  private static boolean overlaps(String a, String b) {
    boolean r = TopicFilter.parse(a).overlaps(TopicFilter.parse(b));
    assertThat(TopicFilter.parse(b).overlaps(TopicFilter.parse(a))).as("symmetric").isEqualTo(r);
    return r;
  }

  private static boolean covers(String outer, String inner) {
    return TopicFilter.parse(outer).covers(TopicFilter.parse(inner));
  }

  @Test
  void overlapMeansSomeTopicMatchesBoth() {
    assertThat(overlaps("a/+", "+/b")).isTrue();
    assertThat(overlaps("a/#", "a")).isTrue();
    assertThat(overlaps("a/#", "a/b/c")).isTrue();
    assertThat(overlaps("#", "x/y")).isTrue();
    assertThat(overlaps("a/+", "a/b/c")).isFalse();
    assertThat(overlaps("a/b", "a/c")).isFalse();
    assertThat(overlaps("a", "a/b")).isFalse();
    assertThat(overlaps("+/+", "a")).isFalse();
  }

  @Test
  void firstLevelWildcardsNeverReachDollarTopics() {
    assertThat(overlaps("#", "$SYS/x")).isFalse();
    assertThat(overlaps("+/x", "$SYS/x")).isFalse();
    assertThat(overlaps("$SYS/#", "$SYS/broker/+")).isTrue();
    assertThat(overlaps("#", "+/x")).isTrue();
  }

  @Test
  void coverMeansEveryTopicOfTheInnerFilterMatchesTheOuter() {
    assertThat(covers("a/#", "a/+/c")).isTrue();
    assertThat(covers("a/#", "a")).isTrue();
    assertThat(covers("a/#", "a/#")).isTrue();
    assertThat(covers("#", "+/+")).isTrue();
    assertThat(covers("a/+", "a/b")).isTrue();
    assertThat(covers("a/+", "a/+")).isTrue();
    assertThat(covers("a/+", "a/#")).isFalse();
    assertThat(covers("a/b", "a/+")).isFalse();
    assertThat(covers("a", "a/#")).isFalse();
    assertThat(covers("a/b/c", "a/b")).isFalse();
    assertThat(covers("#", "$SYS/#")).isFalse();
    assertThat(covers("+/x", "$SYS/x")).isFalse();
    assertThat(covers("$SYS/#", "$SYS/broker/load")).isTrue();
  }

  @Test
  void coverAgreesWithMatchingForPlainTopics() {
    String[] filters = {"a/#", "a/+", "+/b", "#", "a/b", "+/+/c", "$SYS/#"};
    String[] topics = {"a", "a/b", "a/b/c", "x/b", "$SYS/b", "a//c"};
    for (String f : filters) {
      for (String t : topics) {
        boolean matches = TopicFilter.parse(f).matches(t);
        assertThat(covers(f, t)).as(f + " covers " + t).isEqualTo(matches);
        assertThat(overlaps(f, t)).as(f + " overlaps " + t).isEqualTo(matches);
      }
    }
  }
}
