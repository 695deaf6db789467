package io.conduit.broker;

import io.conduit.spi.Topic;
import io.conduit.spi.TopicFilter;
import java.util.HashMap;
import java.util.function.Consumer;

/**
 * The subscription index: a trie of topic-filter levels, so that matching a topic costs
 * O(topic depth × wildcard branching), not O(subscriptions). The one place where topics are
 * matched against filters (MQTT 3.1.1 4.7, 5.0 4.7):
 * <ul>
 *   <li>a literal level matches the same level only ({@code a/b} matches {@code a/b});</li>
 *   <li>{@code +} matches any one level, also an empty one ({@code a/+} matches {@code a/} and
 *       {@code a/x}, not {@code a} nor {@code a/x/y});</li>
 *   <li>{@code #} matches the parent and every descendant ({@code a/#} matches {@code a},
 *       {@code a/x}, {@code a/x/y}; {@code #} matches every topic);</li>
 *   <li>a topic starting with {@code $} is not matched by {@code +} or {@code #} in the first
 *       level: {@code #} and {@code +/monitor} do not match {@code $SYS/monitor}, {@code $SYS/#} does.</li>
 * </ul>
 * Values are kept per filter in insertion order; the same value may be added under many filters.
 * Not thread-safe: the broker uses it from its own context only.
 *
 * @param <V> what a subscription is (the broker's {@code Subscription}, or anything in benchmarks)
 */
public final class TopicTree<V> {
  private static final Object[] EMPTY = new Object[0];

  private static final class Node {
    final Node parent;
    final String level;
    HashMap<String, Node> children;
    Node plus;
    Node hash;
    Object[] values = EMPTY;
    int size;

    Node(Node parent, String level) {
      this.parent = parent;
      this.level = level;
    }

    boolean isEmpty() {
      return size == 0 && plus == null && hash == null && (children == null || children.isEmpty());
    }
  }

  private final Node root = new Node(null, "");
  private int count;

  /** Adds {@code value} under {@code filter}'s pattern (a value may be added more than once). */
  public void add(TopicFilter filter, V value) {
    Node node = root;
    for (String level : filter.levels()) {
      node = child(node, level);
    }
    if (node.size == node.values.length) {
      Object[] grown = new Object[Math.max(2, node.size * 2)];
      System.arraycopy(node.values, 0, grown, 0, node.size);
      node.values = grown;
    }
    node.values[node.size++] = value;
    count++;
  }

  /** Removes {@code value} (compared by identity) from {@code filter}; false if it was not there. */
  public boolean remove(TopicFilter filter, V value) {
    Node node = root;
    for (String level : filter.levels()) {
      node = existingChild(node, level);
      if (node == null) return false;
    }
    for (int i = 0; i < node.size; i++) {
      if (node.values[i] == value) {
        System.arraycopy(node.values, i + 1, node.values, i, node.size - i - 1);
        node.values[--node.size] = null;
        if (node.size == 0) node.values = EMPTY;
        count--;
        prune(node);
        return true;
      }
    }
    return false;
  }

  /** Calls {@code visitor} once for each value whose filter matches {@code topic}. */
  public void match(String topic, Consumer<? super V> visitor) {
    match(Topic.levels(topic), Topic.isDollarTopic(topic), visitor);
  }

  /** As {@link #match(String, Consumer)} with the topic already split by {@link Topic#levels}. */
  public void match(String[] levels, boolean dollarTopic, Consumer<? super V> visitor) {
    if (count == 0) return;
    Node r = root;
    if (!dollarTopic) {
      if (r.hash != null) visit(r.hash, visitor);
      if (r.plus != null) match(r.plus, levels, 1, visitor);
    }
    if (r.children != null) {
      Node c = r.children.get(levels[0]);
      if (c != null) match(c, levels, 1, visitor);
    }
  }

  private void match(Node node, String[] levels, int i, Consumer<? super V> visitor) {
    if (i == levels.length) {
      visit(node, visitor);
      if (node.hash != null) visit(node.hash, visitor);
      return;
    }
    if (node.hash != null) visit(node.hash, visitor);
    if (node.plus != null) match(node.plus, levels, i + 1, visitor);
    if (node.children != null) {
      Node c = node.children.get(levels[i]);
      if (c != null) match(c, levels, i + 1, visitor);
    }
  }

  @SuppressWarnings("unchecked")
  private static <V> void visit(Node node, Consumer<? super V> visitor) {
    Object[] values = node.values;
    for (int i = 0, n = node.size; i < n; i++) {
      visitor.accept((V) values[i]);
    }
  }

  /** Number of values in the tree. */
  public int size() {
    return count;
  }

  private static Node child(Node node, String level) {
    switch (level) {
      case "+" -> {
        if (node.plus == null) node.plus = new Node(node, level);
        return node.plus;
      }
      case "#" -> {
        if (node.hash == null) node.hash = new Node(node, level);
        return node.hash;
      }
      default -> {
        if (node.children == null) node.children = new HashMap<>(4);
        return node.children.computeIfAbsent(level, l -> new Node(node, l));
      }
    }
  }

  private static Node existingChild(Node node, String level) {
    return switch (level) {
      case "+" -> node.plus;
      case "#" -> node.hash;
      default -> node.children == null ? null : node.children.get(level);
    };
  }

  private static void prune(Node node) {
    while (node.parent != null && node.isEmpty()) {
      Node parent = node.parent;
      if (parent.plus == node) parent.plus = null;
      else if (parent.hash == node) parent.hash = null;
      else parent.children.remove(node.level);
      node = parent;
    }
  }
}
