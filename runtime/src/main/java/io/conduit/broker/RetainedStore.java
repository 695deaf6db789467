package io.conduit.broker;

import io.conduit.spi.Topic;
import io.conduit.spi.TopicFilter;
import java.util.HashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The last retained message per topic (3.1.1 3.3.1.3, 5.0 3.3.1.3), kept as a trie of topic
 * levels so that a new subscription finds its retained messages by walking its filter. Rules:
 * <ul>
 *   <li>a PUBLISH with RETAIN replaces the topic's retained message; an empty payload removes it
 *       (and is itself not stored);</li>
 *   <li>lookup by filter follows {@link TopicTree}'s rules, including {@code $}-topics not matching
 *       a first-level wildcard;</li>
 *   <li>expired messages (5.0 message expiry) are skipped on lookup and dropped then.</li>
 * </ul>
 * Holds compact copies ({@link BrokerMessage#compact()}), so it never pins socket buffers.
 */
final class RetainedStore {
  private static final class Node {
    final Node parent;
    final String level;
    HashMap<String, Node> children;
    BrokerMessage message;

    Node(Node parent, String level) {
      this.parent = parent;
      this.level = level;
    }
  }

  private final Node root = new Node(null, "");
  private int count;

  /** Stores (or, for an empty payload, clears) the retained message of {@code m}'s topic. */
  void put(BrokerMessage m) {
    if (m.payload.readableBytes() == 0) {
      remove(m.topic);
      return;
    }
    Node node = root;
    for (String level : m.levels()) {
      if (node.children == null) node.children = new HashMap<>(4);
      Node parent = node;
      node = node.children.computeIfAbsent(level, l -> new Node(parent, l));
    }
    if (node.message != null) node.message.release();
    else count++;
    node.message = m.withRetain(true);
  }

  /** Removes the retained message of {@code topic}; true if there was one. */
  boolean remove(String topic) {
    Node node = find(Topic.levels(topic));
    if (node == null || node.message == null) return false;
    node.message.release();
    node.message = null;
    count--;
    prune(node);
    return true;
  }

  /** The retained message of exactly {@code topic}, or null. */
  BrokerMessage get(String topic) {
    Node node = find(Topic.levels(topic));
    return node == null ? null : node.message;
  }

  /** Visits every retained message matching {@code filter}'s pattern that has not expired at {@code now}. */
  void match(TopicFilter filter, long now, Consumer<BrokerMessage> visitor) {
    if (count == 0) return;
    match(root, filter.levels(), 0, now, visitor);
  }

  private void match(Node node, String[] f, int i, long now, Consumer<BrokerMessage> visitor) {
    if (i == f.length) {
      visit(node, now, visitor);
      return;
    }
    String level = f[i];
    if (level.equals("#")) {
      if (node != root) visit(node, now, visitor);
      visitAll(node, i == 0, now, visitor);
      return;
    }
    if (node.children == null) return;
    if (level.equals("+")) {
      for (Node c : node.children.values().toArray(new Node[0])) {
        if (i == 0 && Topic.isDollarTopic(c.level)) continue;
        match(c, f, i + 1, now, visitor);
      }
    } else {
      Node c = node.children.get(level);
      if (c != null) match(c, f, i + 1, now, visitor);
    }
  }

  private void visitAll(Node node, boolean skipDollar, long now, Consumer<BrokerMessage> visitor) {
    if (node.children == null) return;
    for (Node c : node.children.values().toArray(new Node[0])) {
      if (skipDollar && Topic.isDollarTopic(c.level)) continue;
      visit(c, now, visitor);
      visitAll(c, false, now, visitor);
    }
  }

  private void visit(Node node, long now, Consumer<BrokerMessage> visitor) {
    BrokerMessage m = node.message;
    if (m == null) return;
    if (m.isExpired(now)) {
      remove(m.topic);
      return;
    }
    visitor.accept(m);
  }

  /** Every retained message, by topic (for the inspector and persistence). */
  void forEach(BiConsumer<String, BrokerMessage> visitor) {
    forEach(root, visitor);
  }

  private void forEach(Node node, BiConsumer<String, BrokerMessage> visitor) {
    if (node.message != null) visitor.accept(node.message.topic, node.message);
    if (node.children != null) {
      for (Node c : node.children.values()) forEach(c, visitor);
    }
  }

  int size() {
    return count;
  }

  /** Releases every message (broker stops). */
  void clear() {
    forEach((t, m) -> m.release());
    root.children = null;
    count = 0;
  }

  private Node find(String[] levels) {
    Node node = root;
    for (String level : levels) {
      if (node.children == null) return null;
      node = node.children.get(level);
      if (node == null) return null;
    }
    return node;
  }

  private static void prune(Node node) {
    while (node.parent != null && node.message == null && (node.children == null || node.children.isEmpty())) {
      node.parent.children.remove(node.level);
      node = node.parent;
    }
  }
}
