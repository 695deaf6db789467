package io.conduit.broker.auth;


import io.conduit.spi.Topic;
import io.conduit.spi.TopicFilter;
import java.util.List;

/**
 * What one client may do, from {@link AclRules#forClient}: an ordered list of (filter, access)
 * entries, deny entries of each section first. The first entry that applies decides:
 * <ul>
 *   <li><b>publish</b> (write) and <b>receive</b> (read: normal and retained deliveries, as
 *       Mosquitto checks every message it sends) to a topic: entries whose filter matches the topic;</li>
 *   <li><b>subscribe</b> to a filter (Mosquitto's default ACL does not check subscriptions, Conduit
 *       answers them with a failure code): a deny entry applies when it covers the whole filter,
 *       a read entry when it overlaps the filter. So {@code #} is granted to a client that may read
 *       {@code a/#}, and then receives only {@code a/...} messages, as with Mosquitto; a filter no
 *       readable topic can match is refused. A shared subscription is checked by its topic filter.</li>
 * </ul>
 * Immutable; used on the broker's event loop.
 */
public final class TopicAccess {
  record Entry(TopicFilter filter, int access) {
  }

  private final List<Entry> entries;

  TopicAccess(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  public boolean mayRead(String topic) {
    return mayRead(Topic.levels(topic), Topic.isDollarTopic(topic));
  }

  /** As {@link #mayRead(String)} for a topic already split into levels. */
  public boolean mayRead(String[] levels, boolean dollarTopic) {
    return check(levels, dollarTopic, AclRules.READ);
  }

  public boolean mayWrite(String topic) {
    return mayWrite(Topic.levels(topic), Topic.isDollarTopic(topic));
  }

  /** As {@link #mayWrite(String)} for a topic already split into levels. */
  public boolean mayWrite(String[] levels, boolean dollarTopic) {
    return check(levels, dollarTopic, AclRules.WRITE);
  }

  public boolean maySubscribe(TopicFilter filter) {
    TopicFilter f = filter.isShared() ? TopicFilter.parse(filter.pattern()) : filter;
    for (Entry e : entries) {
      if (e.access == AclRules.DENY) {
        if (e.filter.covers(f)) return false;
      } else if ((e.access & AclRules.READ) != 0 && e.filter.overlaps(f)) {
        return true;
      }
    }
    return false;
  }

  private boolean check(String[] levels, boolean dollarTopic, int access) {
    for (Entry e : entries) {
      if (!e.filter.matches(levels, dollarTopic)) continue;
      if (e.access == AclRules.DENY) return false;
      if ((e.access & access) != 0) return true;
    }
    return false;
  }
}
