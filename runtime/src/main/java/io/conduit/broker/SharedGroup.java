package io.conduit.broker;

import io.conduit.spi.TopicFilter;
import java.util.ArrayList;

/**
 * The members of one shared subscription {@code $share/<group>/<filter>} (5.0 4.8.2): each matching
 * message goes to one member, chosen round robin. Members that cannot take a message now (offline,
 * window full) are passed over when an online one exists.
 */
final class SharedGroup {
  final String key;
  final TopicFilter filter;
  final ArrayList<Subscription> members = new ArrayList<>(4);
  private int next;

  SharedGroup(String key, TopicFilter filter) {
    this.key = key;
    this.filter = filter;
  }

  /** The member that gets the next message, or null when the group is empty. */
  Subscription pick() {
    int n = members.size();
    if (n == 0) return null;
    for (int tried = 0; tried < n; tried++) {
      Subscription s = members.get(next++ % n);
      if (next >= n) next = 0;
      if (s.owner.isReady()) return s;
    }
    Subscription s = members.get(next % n);
    next = (next + 1) % n;
    return s;
  }
}
