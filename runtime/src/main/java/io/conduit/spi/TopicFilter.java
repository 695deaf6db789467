package io.conduit.spi;

/**
 * A subscription's topic filter, validated and split once (MQTT 3.1.1 4.7.1, 5.0 4.7.1 and 4.8.2);
 * the one place for these rules, used by the broker (its {@code TopicTree} index and ACLs) and by
 * the mqtt nodes (sharing one remote connection's messages out among their filters).
 * <ul>
 *   <li>{@code #} matches the parent level and any number of child levels; it must be the last
 *       character and occupy a whole level: {@code #}, {@code a/#} are valid, {@code a#}, {@code a/#/b} are not;</li>
 *   <li>{@code +} matches exactly one level (possibly empty) and must occupy a whole level:
 *       {@code +}, {@code +/a/+}, {@code a//+} are valid, {@code a+}, {@code a/+b} are not;</li>
 *   <li>at least one character, no U+0000, at most 65,535 bytes;</li>
 *   <li>{@code $share/<group>/<filter>} is a shared subscription (5.0 4.8.2): the group name is at
 *       least one character with no {@code /}, {@code +} or {@code #}, and a filter must follow.</li>
 * </ul>
 * Valid but never matching: {@code a/b/} does not match {@code a/b}; {@code +} does not match {@code a/b}.
 * <p>
 * Two filters can also be compared (for ACL rules, which are filters too): {@link #overlaps} when some
 * topic matches both, {@link #covers} when every topic the other matches is matched by this one.
 * Both follow the same rules as {@link #matches}, including the {@code $}-topic rule.
 */
public final class TopicFilter {
  public static final String SHARE_PREFIX = "$share/";

  private final String text;
  private final String shareGroup;
  private final String pattern;
  private final String[] levels;

  private TopicFilter(String text, String shareGroup, String pattern) {
    this.text = text;
    this.shareGroup = shareGroup;
    this.pattern = pattern;
    this.levels = Topic.levels(pattern);
  }

  /**
   * @throws IllegalArgumentException with a sentence naming the filter and the rule it breaks
   */
  public static TopicFilter parse(String text) {
    String why = invalidReason(text);
    if (why != null) throw new IllegalArgumentException(why);
    if (text.startsWith(SHARE_PREFIX)) {
      int slash = text.indexOf('/', SHARE_PREFIX.length());
      return new TopicFilter(text, text.substring(SHARE_PREFIX.length(), slash), text.substring(slash + 1));
    }
    return new TopicFilter(text, null, text);
  }

  /** Why {@code text} is not a valid topic filter, or null when it is. */
  public static String invalidReason(String text) {
    if (text == null || text.isEmpty()) return "topic filter is empty";
    if (Topic.hasBadCharacter(text)) return "topic filter is not well-formed UTF-8 or contains U+0000";
    if (Topic.utf8Length(text) > Topic.MAX_LENGTH_BYTES) return "topic filter is longer than 65535 bytes";
    String pattern = text;
    if (text.startsWith(SHARE_PREFIX)) {
      int slash = text.indexOf('/', SHARE_PREFIX.length());
      if (slash < 0) return "shared subscription '" + text + "' has no topic filter after the group name";
      String group = text.substring(SHARE_PREFIX.length(), slash);
      if (group.isEmpty()) return "shared subscription '" + text + "' has an empty group name";
      if (group.indexOf('+') >= 0 || group.indexOf('#') >= 0) return "shared subscription group '" + group + "' contains + or #";
      pattern = text.substring(slash + 1);
      if (pattern.isEmpty()) return "shared subscription '" + text + "' has an empty topic filter";
    }
    for (int i = 0, n = pattern.length(); i < n; i++) {
      char c = pattern.charAt(i);
      if (c == '+') {
        if ((i > 0 && pattern.charAt(i - 1) != '/') || (i + 1 < n && pattern.charAt(i + 1) != '/')) {
          return "topic filter '" + text + "': + must occupy a whole level";
        }
      } else if (c == '#') {
        if (i + 1 != n) return "topic filter '" + text + "': # must be the last character";
        if (i > 0 && pattern.charAt(i - 1) != '/') return "topic filter '" + text + "': # must occupy a whole level";
      }
    }
    return null;
  }

  /** The filter as the client sent it, including any {@code $share/group/} prefix. */
  public String text() {
    return text;
  }

  /** The share group name, or null for a normal subscription. */
  public String shareGroup() {
    return shareGroup;
  }

  public boolean isShared() {
    return shareGroup != null;
  }

  /** The filter without the {@code $share/group/} prefix: what topics are matched against. */
  public String pattern() {
    return pattern;
  }

  /** The levels of {@link #pattern()} (the broker's index walks them). Do not modify. */
  public String[] levels() {
    return levels;
  }

  public boolean hasWildcard() {
    return pattern.indexOf('+') >= 0 || pattern.indexOf('#') >= 0;
  }

  /** Whether this filter's pattern matches {@code topic} (the same rules as the broker's {@code TopicTree}). */
  public boolean matches(String topic) {
    return matches(levels, Topic.levels(topic), Topic.isDollarTopic(topic));
  }

  /** As {@link #matches(String)} with the topic already split by {@link Topic#levels}. */
  public boolean matches(String[] topicLevels, boolean dollarTopic) {
    return matches(levels, topicLevels, dollarTopic);
  }

  /**
   * True when at least one topic matches both this filter's pattern and {@code other}'s:
   * {@code a/+} overlaps {@code +/b} ({@code a/b}), {@code a/#} overlaps {@code a} ({@code #} matches
   * the parent level), {@code #} does not overlap {@code $SYS/x} (no first-level wildcard matches a
   * {@code $}-topic).
   */
  public boolean overlaps(TopicFilter other) {
    return overlaps(levels, other.levels, 0);
  }

  private static boolean overlaps(String[] a, String[] b, int i) {
    if (i == a.length && i == b.length) return true;
    if (i == a.length) return b[i].equals("#");
    if (i == b.length) return a[i].equals("#");
    String x = a[i];
    String y = b[i];
    boolean xWild = x.equals("+") || x.equals("#");
    boolean yWild = y.equals("+") || y.equals("#");
    if (i == 0 && ((xWild && !yWild && Topic.isDollarTopic(y)) || (yWild && !xWild && Topic.isDollarTopic(x)))) return false;
    if (x.equals("#") || y.equals("#")) return true;
    if (xWild || yWild || x.equals(y)) return overlaps(a, b, i + 1);
    return false;
  }

  /**
   * True when every topic that {@code other}'s pattern matches is matched by this filter's pattern
   * too: {@code a/#} covers {@code a/+/c} and {@code a}; {@code a/+} does not cover {@code a/#};
   * {@code #} does not cover {@code $SYS/#}.
   */
  public boolean covers(TopicFilter other) {
    String[] outer = levels;
    String[] inner = other.levels;
    for (int i = 0; ; i++) {
      if (i < outer.length && outer[i].equals("#")) {
        return i > 0 || inner.length == 0 || !Topic.isDollarTopic(inner[0]) || inner[0].equals("#") || inner[0].equals("+");
      }
      if (i == inner.length) return i == outer.length;
      if (i == outer.length) return false;
      String o = outer[i];
      String n = inner[i];
      if (n.equals("#")) return false;
      if (n.equals("+")) {
        if (!o.equals("+")) return false;
      } else if (o.equals("+")) {
        if (i == 0 && Topic.isDollarTopic(n)) return false;
      } else if (!o.equals(n)) {
        return false;
      }
    }
  }

  static boolean matches(String[] filter, String[] topic, boolean dollarTopic) {
    if (dollarTopic && (filter[0].equals("+") || filter[0].equals("#"))) return false;
    int i = 0;
    for (; i < filter.length; i++) {
      String f = filter[i];
      if (f.equals("#")) return true;
      if (i >= topic.length) return false;
      if (!f.equals("+") && !f.equals(topic[i])) return false;
    }
    return i == topic.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TopicFilter other && other.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
