package io.conduit.spi;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicTest {

  @Test
  void topicNamesWithWildcardsOrNullCharactersOrEmptyAreInvalid() {
    assertThat(Topic.isValid("a/b")).isTrue();
    assertThat(Topic.isValid("/")).isTrue();
    assertThat(Topic.isValid("a//b")).isTrue();
    assertThat(Topic.isValid("$SYS/broker")).isTrue();
    assertThat(Topic.isValid("")).isFalse();
    assertThat(Topic.isValid("a/+")).isFalse();
    assertThat(Topic.isValid("a/#")).isFalse();
    assertThat(Topic.isValid("a\u0000b")).isFalse();
    assertThat(Topic.isValid("bad\uFFFDutf8")).isFalse();
    assertThat(Topic.isValid("lone\uD800surrogate")).isFalse();
    assertThat(Topic.isValid("emoji/\uD83D\uDE00")).isTrue();
    assertThat(Topic.isValid("x".repeat(65_536))).isFalse();
  }

  @Test
  void levelsKeepEmptyLevels() {
    assertThat(Topic.levels("a/b")).containsExactly("a", "b");
    assertThat(Topic.levels("/a")).containsExactly("", "a");
    assertThat(Topic.levels("a/")).containsExactly("a", "");
    assertThat(Topic.levels("/")).containsExactly("", "");
    assertThat(Topic.levels("a//b")).containsExactly("a", "", "b");
  }

  @Test
  void filterWildcardsMustOccupyWholeLevelsAndHashMustBeLast() {
    for (String ok : new String[] {"#", "+", "a/#", "+/+", "a/+/b", "/+", "+/", "a//+", "$SYS/#", "$share/g/a/+"}) {
      assertThat(TopicFilter.invalidReason(ok)).as(ok).isNull();
    }
    for (String bad : new String[] {"", "a#", "a/#/b", "a/b#", "#/a", "a+", "a/+b", "+a/b", "$share/g", "$share//a",
      "$share/g/", "$share/g+/a", "a\u0000"}) {
      assertThat(TopicFilter.invalidReason(bad)).as(bad).isNotNull();
    }
    assertThatThrownBy(() -> TopicFilter.parse("a/#/b")).hasMessageContaining("a/#/b").hasMessageContaining("#");
  }

  @Test
  void sharedSubscriptionSplitsGroupAndPattern() {
    TopicFilter f = TopicFilter.parse("$share/workers/jobs/+");
    assertThat(f.isShared()).isTrue();
    assertThat(f.shareGroup()).isEqualTo("workers");
    assertThat(f.pattern()).isEqualTo("jobs/+");
    assertThat(f.text()).isEqualTo("$share/workers/jobs/+");
    assertThat(TopicFilter.parse("jobs/+").isShared()).isFalse();
  }

  @Test
  void filterMatchingFollowsTheSpecExamples() {
    assertThat(TopicFilter.parse("sport/tennis/player1/#").matches("sport/tennis/player1")).isTrue();
    assertThat(TopicFilter.parse("sport/tennis/player1/#").matches("sport/tennis/player1/ranking")).isTrue();
    assertThat(TopicFilter.parse("sport/#").matches("sport")).isTrue();
    assertThat(TopicFilter.parse("sport/tennis/+").matches("sport/tennis/player1")).isTrue();
    assertThat(TopicFilter.parse("sport/tennis/+").matches("sport/tennis/player1/ranking")).isFalse();
    assertThat(TopicFilter.parse("sport/+").matches("sport")).isFalse();
    assertThat(TopicFilter.parse("sport/+").matches("sport/")).isTrue();
    assertThat(TopicFilter.parse("+/+").matches("/finance")).isTrue();
    assertThat(TopicFilter.parse("/+").matches("/finance")).isTrue();
    assertThat(TopicFilter.parse("+").matches("/finance")).isFalse();
    assertThat(TopicFilter.parse("#").matches("$SYS/uptime")).isFalse();
    assertThat(TopicFilter.parse("+/monitor/Clients").matches("$SYS/monitor/Clients")).isFalse();
    assertThat(TopicFilter.parse("$SYS/#").matches("$SYS/monitor/Clients")).isTrue();
    assertThat(TopicFilter.parse("$SYS/monitor/+").matches("$SYS/monitor/Clients")).isTrue();
  }
}
