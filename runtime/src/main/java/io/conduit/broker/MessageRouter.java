package io.conduit.broker;

import io.conduit.spi.Topic;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.function.Consumer;

/**
 * One publish in, the matching subscribers out: the delivery rules shared by network and
 * in-process clients. Owns the subscription index ({@link TopicTree}) and the shared-subscription
 * groups. Rules:
 * <ul>
 *   <li>delivered QoS = min(published QoS, subscription QoS) (3.1.1 3.8.4, 5.0 3.8.4);</li>
 *   <li>NoLocal: a subscription with NoLocal does not get messages its own client id published (5.0 3.8.3.1);</li>
 *   <li>retain flag on normal delivery: kept only for Retain As Published subscriptions, else
 *       cleared (3.1.1 3.3.1.3, 5.0 3.3.1.3);</li>
 *   <li>overlapping subscriptions of one network client give ONE delivery with the highest QoS and
 *       every matching Subscription Identifier (5.0 3.3.4; 3.1.1 3.3.5 allows it); in-process
 *       subscriptions each get their own delivery, to their own handler;</li>
 *   <li>a shared subscription {@code $share/g/f} gives each message to one member of the group, round
 *       robin, independently of the members' normal subscriptions (5.0 4.8.2);</li>
 *   <li>a subscriber whose ACL rights do not let it read the topic gets nothing (checked per message,
 *       as Mosquitto does; a shared group's chosen member that may not read it drops it).</li>
 * </ul>
 * Single-threaded (the broker context). Re-entrant publishes (e.g. a will published while a
 * routing pass writes) use their own scratch list.
 */
final class MessageRouter {
  private final TopicTree<Object> index = new TopicTree<>();
  private final HashMap<String, SharedGroup> groups = new HashMap<>();
  private final ArrayList<Subscriber> matched = new ArrayList<>();
  private long stamp;
  private int depth;

  // state of the routing pass in progress (see depth for re-entrance)
  private BrokerMessage current;
  private ArrayList<Subscriber> currentMatched;
  private int deliveries;
  private final Consumer<Object> collector = this::collect;

  /** Adds or replaces the owner's subscription to the same filter; returns the replaced one or null. */
  Subscription subscribe(Subscription s) {
    Subscription old = s.owner.putSubscription(s);
    if (old != null) removeFromIndex(old);
    if (s.filter.isShared()) {
      String key = s.filter.shareGroup() + '\u0000' + s.filter.pattern();
      SharedGroup g = groups.get(key);
      if (g == null) {
        g = new SharedGroup(key, s.filter);
        groups.put(key, g);
        index.add(s.filter, g);
      }
      g.members.add(s);
    } else {
      index.add(s.filter, s);
    }
    return old;
  }

  /** Removes the owner's subscription to {@code filter}; returns it, or null if there was none. */
  Subscription unsubscribe(Subscriber owner, String filter) {
    Subscription s = owner.removeSubscription(filter);
    if (s != null) removeFromIndex(s);
    return s;
  }

  /** Removes every subscription of {@code owner} (its session ended). */
  void unsubscribeAll(Subscriber owner) {
    for (Subscription s : new ArrayList<>(owner.subscriptions())) {
      unsubscribe(owner, s.filter.text());
    }
  }

  private void removeFromIndex(Subscription s) {
    if (s.filter.isShared()) {
      String key = s.filter.shareGroup() + '\u0000' + s.filter.pattern();
      SharedGroup g = groups.get(key);
      if (g == null) return;
      g.members.remove(s);
      if (g.members.isEmpty()) {
        groups.remove(key);
        index.remove(g.filter, g);
      }
    } else {
      index.remove(s.filter, s);
    }
  }

  /** Number of subscriptions in the index (a shared group counts once). */
  int indexSize() {
    return index.size();
  }

  /** Delivers {@code m} to every matching subscription; returns the number of deliveries. */
  int route(BrokerMessage m) {
    BrokerMessage outerMessage = current;
    ArrayList<Subscriber> outerMatched = currentMatched;
    int outerDeliveries = deliveries;
    current = m;
    currentMatched = depth == 0 ? matched : new ArrayList<>();
    deliveries = 0;
    depth++;
    stamp++;
    m.routing = true;
    try {
      index.match(m.levels(), Topic.isDollarTopic(m.topic), collector);
      ArrayList<Subscriber> list = currentMatched;
      for (int i = 0, n = list.size(); i < n; i++) {
        Subscriber s = list.get(i);
        s.deliver(m, s.routeQos, s.routeRetain, s.routeSubIds, s.routeSubIdCount, null);
        deliveries++;
      }
      list.clear();
      return deliveries;
    } finally {
      depth--;
      m.routing = false;
      m.releaseSharedPackets();
      current = outerMessage;
      currentMatched = outerMatched;
      deliveries = depth == 0 ? 0 : outerDeliveries + deliveries;
    }
  }

  private void collect(Object entry) {
    BrokerMessage m = current;
    if (entry instanceof SharedGroup g) {
      Subscription s = g.pick();
      if (s != null && s.owner.mayRead(m)) {
        int qos = Math.min(m.qos, s.qos);
        boolean retain = s.retainAsPublished && m.retain;
        int[] ids = s.subscriptionId == 0 ? null : new int[] {s.subscriptionId};
        s.owner.deliver(m, qos, retain, ids, ids == null ? 0 : 1, s);
        deliveries++;
      }
      return;
    }
    Subscription s = (Subscription) entry;
    Subscriber owner = s.owner;
    if (s.noLocal && owner.clientId.equals(m.publisherId)) return;
    if (owner.access != null && !owner.mayRead(m)) return;
    int qos = Math.min(m.qos, s.qos);
    boolean retain = s.retainAsPublished && m.retain;
    if (!owner.mergesOverlaps()) {
      int[] ids = s.subscriptionId == 0 ? null : new int[] {s.subscriptionId};
      owner.deliver(m, qos, retain, ids, ids == null ? 0 : 1, s);
      deliveries++;
      return;
    }
    if (owner.routeStamp != stamp) {
      owner.routeStamp = stamp;
      owner.routeQos = qos;
      owner.routeRetain = retain;
      owner.routeSubIdCount = 0;
      currentMatched.add(owner);
    } else {
      owner.routeQos = Math.max(owner.routeQos, qos);
      owner.routeRetain |= retain;
    }
    if (s.subscriptionId != 0) {
      if (owner.routeSubIds == null) owner.routeSubIds = new int[2];
      if (owner.routeSubIdCount == owner.routeSubIds.length) {
        owner.routeSubIds = java.util.Arrays.copyOf(owner.routeSubIds, owner.routeSubIdCount * 2);
      }
      owner.routeSubIds[owner.routeSubIdCount++] = s.subscriptionId;
    }
  }
}
