package io.conduit.broker;

import io.conduit.spi.MqttPublish;
import io.conduit.spi.TopicFilter;
import io.vertx.core.Handler;

/**
 * One subscription of one subscriber: its filter and MQTT 5 subscription options (5.0 3.8.3.1;
 * a 3.1.1 subscription has only a QoS). In-process subscriptions also carry the handler that gets
 * their messages. Immutable: subscribing again to the same filter replaces the whole object.
 */
final class Subscription {
  final Subscriber owner;
  final TopicFilter filter;
  final int qos;
  final boolean noLocal;
  final boolean retainAsPublished;
  final int retainHandling;
  /** 0 for none. */
  final int subscriptionId;
  /** In-process subscriptions only. */
  final Handler<MqttPublish> handler;

  Subscription(Subscriber owner, TopicFilter filter, int qos, boolean noLocal, boolean retainAsPublished,
               int retainHandling, int subscriptionId, Handler<MqttPublish> handler) {
    this.owner = owner;
    this.filter = filter;
    this.qos = qos;
    this.noLocal = noLocal;
    this.retainAsPublished = retainAsPublished;
    this.retainHandling = retainHandling;
    this.subscriptionId = subscriptionId;
    this.handler = handler;
  }

  @Override
  public String toString() {
    return owner.clientId + " → " + filter + " (qos " + qos + ")";
  }
}
