package io.conduit.broker;

import io.conduit.spi.TopicFilter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class TopicTreeTest {

  private static List<String> match(TopicTree<String> tree, String topic) {
    List<String> out = new ArrayList<>();
    tree.match(topic, out::add);
    return out;
  }

  private static TopicTree<String> treeOf(String... filters) {
    TopicTree<String> t = new TopicTree<>();
    for (String f : filters) t.add(TopicFilter.parse(f), f);
    return t;
  }

  @Test
  void exactPlusAndHashFiltersMatchPerSpec() {
    TopicTree<String> t = treeOf("a/b", "a/+", "a/#", "#", "+/b", "a/b/c", "+", "a/+/c", "/+", "+/+");
    assertThat(match(t, "a/b")).containsExactlyInAnyOrder("a/b", "a/+", "a/#", "#", "+/b", "+/+");
    assertThat(match(t, "a")).containsExactlyInAnyOrder("a/#", "#", "+");
    assertThat(match(t, "a/b/c")).containsExactlyInAnyOrder("a/#", "#", "a/b/c", "a/+/c");
    assertThat(match(t, "a/")).containsExactlyInAnyOrder("a/+", "a/#", "#", "+/+");
    assertThat(match(t, "/x")).containsExactlyInAnyOrder("#", "/+", "+/+");
    assertThat(match(t, "x/y/z")).containsExactlyInAnyOrder("#");
  }

  @Test
  void dollarTopicsAreNotMatchedByFirstLevelWildcards() {
    TopicTree<String> t = treeOf("#", "+/broker/#", "$SYS/#", "$SYS/+/uptime", "+/+/uptime");
    assertThat(match(t, "$SYS/broker/uptime")).containsExactlyInAnyOrder("$SYS/#", "$SYS/+/uptime");
    assertThat(match(t, "x/broker/uptime")).containsExactlyInAnyOrder("#", "+/broker/#", "+/+/uptime");
  }

  @Test
  void removeDropsOnlyThatValueAndPrunesEmptyBranches() {
    TopicTree<String> t = new TopicTree<>();
    String one = "one";
    String two = "two";
    t.add(TopicFilter.parse("a/+/c"), one);
    t.add(TopicFilter.parse("a/+/c"), two);
    assertThat(t.remove(TopicFilter.parse("a/+/c"), one)).isTrue();
    assertThat(t.remove(TopicFilter.parse("a/+/c"), one)).isFalse();
    assertThat(match(t, "a/b/c")).containsExactly("two");
    assertThat(t.remove(TopicFilter.parse("a/+/c"), two)).isTrue();
    assertThat(t.size()).isZero();
    assertThat(match(t, "a/b/c")).isEmpty();
    assertThat(t.remove(TopicFilter.parse("x/y"), one)).isFalse();
  }

  @Test
  void matchesTheSameAsTheFilterRuleOnRandomInput() {
    Random r = new Random(42);
    String[] words = {"a", "b", "c", "", "$SYS"};
    List<TopicFilter> filters = new ArrayList<>();
    TopicTree<TopicFilter> tree = new TopicTree<>();
    for (int i = 0; i < 300; i++) {
      StringBuilder f = new StringBuilder();
      int depth = 1 + r.nextInt(4);
      for (int l = 0; l < depth; l++) {
        if (l > 0) f.append('/');
        int k = r.nextInt(7);
        if (k == 5) f.append('+');
        else if (k == 6 && l == depth - 1) f.append('#');
        else f.append(words[r.nextInt(words.length)]);
      }
      if (f.isEmpty()) continue;
      TopicFilter tf = TopicFilter.parse(f.toString());
      filters.add(tf);
      tree.add(tf, tf);
    }
    for (int i = 0; i < 500; i++) {
      StringBuilder topic = new StringBuilder();
      int depth = 1 + r.nextInt(4);
      for (int l = 0; l < depth; l++) {
        if (l > 0) topic.append('/');
        topic.append(words[r.nextInt(words.length)]);
      }
      String tp = topic.toString();
      if (tp.isEmpty()) continue;
      List<TopicFilter> expected = filters.stream().filter(f -> f.matches(tp)).toList();
      List<TopicFilter> actual = new ArrayList<>();
      tree.match(tp, actual::add);
      assertThat(actual).as(tp).containsExactlyInAnyOrderElementsOf(expected);
    }
  }
}
