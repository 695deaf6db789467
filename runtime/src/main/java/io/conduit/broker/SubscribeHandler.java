package io.conduit.broker;

import io.conduit.spi.TopicFilter;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageFactory;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubAckPayload;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * SUBSCRIBE and UNSUBSCRIBE (3.1.1 3.8-3.11, 5.0 3.8-3.11). Rules:
 * <ul>
 *   <li>each filter is validated on its own ({@link TopicFilter}); an invalid one gets the failure
 *       code 0x80 (3.1.1) / 0x8F Topic Filter invalid (v5) in SUBACK, the others are granted;</li>
 *   <li>a filter the ACL does not let the client read from (see {@link io.conduit.broker.auth.TopicAccess})
 *       gets 0x87 Not authorized (v5) / 0x80 (3.1.1); retained messages go only where the client may read;</li>
 *   <li>granted QoS = requested QoS (the broker supports 0, 1 and 2);</li>
 *   <li>subscribing again to the same filter replaces the subscription (its options too);</li>
 *   <li>a Subscription Identifier of 0 → DISCONNECT 0x82; NoLocal on a shared subscription → 0x82;</li>
 *   <li>SUBACK goes first, then the matching retained messages with RETAIN set, per v5 Retain
 *       Handling: 0 always, 1 only for a new subscription, 2 never; none for shared subscriptions;</li>
 *   <li>UNSUBACK (v5) has 0x00 per removed filter, 0x11 No subscription existed, 0x8F for an invalid filter.</li>
 * </ul>
 */
final class SubscribeHandler {
  private static final Logger log = LoggerFactory.getLogger(SubscribeHandler.class);

  private final Broker broker;

  SubscribeHandler(Broker broker) {
    this.broker = broker;
  }

  void subscribe(ClientConnection c, MqttSubscribeMessage msg) {
    int packetId = msg.variableHeader().messageId();
    MqttProperties props = msg.idAndPropertiesVariableHeader().properties();
    int subscriptionId = 0;
    if (c.v5 && props != null) {
      MqttProperties.MqttProperty<?> id = props.getProperty(MqttProperties.SUBSCRIPTION_IDENTIFIER);
      if (id != null) {
        subscriptionId = (Integer) id.value();
        if (subscriptionId == 0) {
          c.disconnect(0x82);
          return;
        }
      }
    }
    List<MqttTopicSubscription> requested = msg.payload().topicSubscriptions();
    int[] codes = new int[requested.size()];
    List<Subscription> sendRetained = new ArrayList<>(requested.size());
    Session session = c.session;
    for (int i = 0; i < codes.length; i++) {
      MqttTopicSubscription t = requested.get(i);
      String why = TopicFilter.invalidReason(t.topicFilter());
      if (why != null) {
        log.info("{}: SUBSCRIBE refused: {}", c.name(), why);
        codes[i] = c.v5 ? 0x8F : 0x80;
        continue;
      }
      TopicFilter filter = TopicFilter.parse(t.topicFilter());
      if (c.access != null && !c.access.maySubscribe(filter)) {
        log.info("{}: SUBSCRIBE to {} denied by the ACL", c.name(), filter);
        codes[i] = c.v5 ? 0x87 : 0x80;
        continue;
      }
      MqttSubscriptionOption o = t.option();
      boolean noLocal = c.v5 && o.isNoLocal();
      if (filter.isShared() && noLocal) {
        log.info("{}: NoLocal on shared subscription {}, closing", c.name(), filter);
        c.disconnect(0x82);
        return;
      }
      int retainHandling = c.v5 ? o.retainHandling().value() : 0;
      Subscription s = new Subscription(session, filter, o.qos().value(), noLocal, c.v5 && o.isRetainAsPublished(),
        retainHandling, subscriptionId, null);
      Subscription old = broker.router.subscribe(s);
      codes[i] = s.qos;
      if (!filter.isShared() && (retainHandling == 0 || (retainHandling == 1 && old == null))) sendRetained.add(s);
    }
    c.write(MqttMessageFactory.newMessage(new MqttFixedHeader(MqttMessageType.SUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
      new MqttMessageIdAndPropertiesVariableHeader(packetId, MqttProperties.NO_PROPERTIES), new MqttSubAckPayload(codes)));
    broker.persist(session);
    long now = broker.clock.millis();
    for (Subscription s : sendRetained) {
      int[] ids = s.subscriptionId == 0 ? null : new int[] {s.subscriptionId};
      broker.retained.match(s.filter, now, m -> {
        if (session.mayRead(m)) session.deliver(m, Math.min(m.qos, s.qos), true, ids, ids == null ? 0 : 1, s);
      });
    }
  }

  void unsubscribe(ClientConnection c, MqttUnsubscribeMessage msg) {
    int packetId = msg.variableHeader().messageId();
    List<String> filters = msg.payload().topics();
    short[] codes = new short[filters.size()];
    for (int i = 0; i < codes.length; i++) {
      String f = filters.get(i);
      if (TopicFilter.invalidReason(f) != null) {
        codes[i] = 0x8F;
      } else {
        codes[i] = broker.router.unsubscribe(c.session, f) != null ? (short) 0 : 0x11;
      }
    }
    c.write(MqttMessageFactory.newMessage(new MqttFixedHeader(MqttMessageType.UNSUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
      new MqttMessageIdAndPropertiesVariableHeader(packetId, MqttProperties.NO_PROPERTIES), c.v5 ? new MqttUnsubAckPayload(codes) : null));
    broker.persist(c.session);
  }
}
