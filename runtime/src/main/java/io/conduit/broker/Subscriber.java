package io.conduit.broker;

import io.conduit.spi.Topic;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;

/**
 * Something that holds subscriptions and receives messages: a network client's {@link Session} or
 * an in-process client. Holds its subscriptions by filter text, and the scratch fields the
 * {@link MessageRouter} uses to merge overlapping subscriptions into one delivery per message.
 * Network sessions carry the ACL rights of the client that last connected to them; in-process
 * clients (the flows) have none and receive everything.
 */
abstract class Subscriber {
  final String clientId;
  /** What this subscriber may receive (ACL, see {@link io.conduit.broker.auth.TopicAccess}); null: everything. */
  io.conduit.broker.auth.TopicAccess access;
  private LinkedHashMap<String, Subscription> subscriptions;

  // MessageRouter's per-message scratch (single-threaded, see MessageRouter)
  long routeStamp;
  int routeQos;
  boolean routeRetain;
  int[] routeSubIds;
  int routeSubIdCount;

  Subscriber(String clientId) {
    this.clientId = clientId;
  }

  /** Takes one matching message with the QoS and retain flag it is to be delivered with. */
  abstract void deliver(BrokerMessage message, int qos, boolean retain, int[] subIds, int subIdCount, Subscription via);

  /** True when a message delivered now would go out at once (for shared-subscription choice). */
  abstract boolean isReady();

  /** Merges per-subscription deliveries into one per message (network clients), or not (in-process). */
  abstract boolean mergesOverlaps();

  /** True when the ACL (if any) lets this subscriber receive {@code m}. */
  final boolean mayRead(BrokerMessage m) {
    return access == null || access.mayRead(m.levels(), Topic.isDollarTopic(m.topic));
  }

  Subscription subscription(String filter) {
    return subscriptions == null ? null : subscriptions.get(filter);
  }

  Subscription putSubscription(Subscription s) {
    if (subscriptions == null) subscriptions = new LinkedHashMap<>(4);
    return subscriptions.put(s.filter.text(), s);
  }

  Subscription removeSubscription(String filter) {
    if (subscriptions == null) return null;
    Subscription s = subscriptions.remove(filter);
    if (subscriptions.isEmpty()) subscriptions = null;
    return s;
  }

  Collection<Subscription> subscriptions() {
    return subscriptions == null ? Collections.emptyList() : subscriptions.values();
  }
}
