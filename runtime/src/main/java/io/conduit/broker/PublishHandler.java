package io.conduit.broker;

import io.conduit.spi.Topic;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Incoming PUBLISH and the acknowledgement packets of both directions (3.1.1 3.3-3.7, 4.3;
 * 5.0 3.3-3.7, 4.3, 4.9). Rules:
 * <ul>
 *   <li>v5 Topic Alias: 0 or above {@code max_topic_alias} → DISCONNECT 0x94; an empty topic with an
 *       alias not yet set → 0x82; a topic with an alias sets it;</li>
 *   <li>topic name: empty (without alias) → 0x82; ill-formed UTF-8 → 0x81 (3.1.1: close);</li>
 *   <li>a Subscription Identifier sent by a client → 0x82;</li>
 *   <li>v5 flow control: more unacknowledged incoming QoS 2 messages than our Receive Maximum
 *       ({@code max_inflight_messages}) → DISCONNECT 0x93;</li>
 *   <li>QoS 0: routed; QoS 1: routed, then PUBACK; QoS 2: routed once, PUBREC, its packet id kept
 *       until PUBREL (a duplicate PUBLISH with that id is acknowledged again, not routed again:
 *       exactly once, method B of 4.3.3), then PUBCOMP;</li>
 *   <li>durability: when routing a QoS 1/2 message wrote to the store (persistent sessions that
 *       must receive it, a retained message, a persistent publisher's QoS 2 id), its PUBACK/PUBREC
 *       waits until the store has written it (group commit, {@link io.conduit.broker.persist.BrokerStore#written()});
 *       acks of one connection keep their order (4.6), so once one waits the next ones wait behind
 *       it. If the store fails, v5 gets PUBACK/PUBREC 0x80 and 3.1.1 is disconnected (the client
 *       sends the message again when it reconnects);</li>
 *   <li>v5 reason codes on acks: 0x10 when nobody subscribed, 0x97 (quota exceeded) when every
 *       session that should get it had a full queue ({@code max_queued_messages/bytes}; 3.1.1:
 *       acknowledged as usual, dropped and counted, as Mosquitto does), 0x87 for a client PUBLISH to
 *       {@code $SYS/...} (which is dropped, as Mosquitto does), 0x92 for PUBREL of an unknown id;</li>
 *   <li>a PUBLISH the ACL does not let the client write is dropped: v5 QoS 1/2 get reason 0x87
 *       (not authorized) on PUBACK/PUBREC; 3.1.1 clients get a normal ack, so the message is
 *       silently dropped, as Mosquitto does;</li>
 *   <li>outgoing: PUBACK/PUBCOMP free the in-flight entry, PUBREC answers PUBREL (or frees it when the
 *       reason code is a failure), then queued messages fill the window again.</li>
 * </ul>
 */
final class PublishHandler {
  private static final Logger log = LoggerFactory.getLogger(PublishHandler.class);

  /**
   * A connection with this many acks waiting for the store is not read any more until half of them
   * went out: a 3.1.1 publisher (no Receive Maximum) cannot make the store's queue grow without bound.
   */
  static final int MAX_ACKS_WAITING = 4096;

  private final Broker broker;

  PublishHandler(Broker broker) {
    this.broker = broker;
  }

  void publish(ClientConnection c, MqttPublishMessage msg) {
    BrokerMessage m = null;
    try {
      m = toMessage(c, msg);
      if (m == null) return;
      int qos = m.qos;
      int packetId = msg.variableHeader().packetId();
      if (Topic.isDollarTopic(m.topic) && m.topic.startsWith("$SYS")) {
        log.debug("{}: PUBLISH to {} dropped (clients may not publish to $SYS)", c.name(), m.topic);
        if (qos > 0) acknowledge(c, qos, packetId, 0x87, false);
        return;
      }
      if (c.access != null && !c.access.mayWrite(m.levels(), Topic.isDollarTopic(m.topic))) {
        log.debug("{}: PUBLISH to {} denied by the ACL", c.name(), m.topic);
        if (qos == 1) c.sendPuback(packetId, 0x87);
        else if (qos == 2) c.sendPubrec(packetId, 0x87);
        return;
      }
      if (qos == 2) {
        if (c.v5 && c.session.incomingQos2Count() >= broker.options.getMaxInflightMessages()) {
          log.info("{}: more than {} unacknowledged QoS 2 messages, closing", c.name(), broker.options.getMaxInflightMessages());
          broker.stats.receiveMaximumExceeded++;
          c.disconnect(0x93);
          return;
        }
      }
      long writesBefore = broker.persistence.writes();
      if (qos == 2 && !c.session.markQos2Received(packetId)) {
        acknowledge(c, 2, packetId, 0, false);
        return;
      }
      broker.stats.bytesReceived += m.payload.readableBytes();
      long dropsBefore = broker.stats.queueFullDrops;
      ClientConnection outer = broker.pacing.routing(c);
      int deliveries;
      try {
        deliveries = broker.publish(m);
      } finally {
        broker.pacing.routing(outer);
      }
      if (qos > 0) {
        long dropped = broker.stats.queueFullDrops - dropsBefore;
        int reason = deliveries == 0 ? 0x10 : dropped > 0 && dropped >= deliveries ? 0x97 : 0;
        acknowledge(c, qos, packetId, reason, broker.persistence.writes() != writesBefore);
      }
    } finally {
      if (m != null) m.release();
      else msg.release();
    }
  }

  /**
   * PUBACK (QoS 1) or PUBREC (QoS 2) now, or once the store has written what this PUBLISH changed
   * ({@code wrote}) and the acks before it went out.
   */
  private void acknowledge(ClientConnection c, int qos, int packetId, int reason, boolean wrote) {
    if (!wrote && c.acksWaiting == 0) {
      sendAck(c, qos, packetId, reason);
      return;
    }
    if (wrote) broker.stats.acksDelayed++;
    afterStoreWrites(c, ar -> {
      if (ar.succeeded()) {
        sendAck(c, qos, packetId, reason);
      } else if (c.v5) {
        sendAck(c, qos, packetId, 0x80);
      } else {
        log.warn("{}: message not stored ({}), closing so that the client sends it again", c.name(), ar.cause().getMessage());
        c.disconnect(0x80);
      }
    });
  }

  /**
   * Runs {@code send} once the store has written what is pending, behind the acks of {@code c} that
   * already wait (acks keep their order, 4.6); too many waiting stop reading {@code c}.
   */
  private void afterStoreWrites(ClientConnection c, Handler<AsyncResult<Void>> send) {
    if (++c.acksWaiting == MAX_ACKS_WAITING) c.readingForAcks(false);
    broker.store.written().onComplete(ar -> {
      if (--c.acksWaiting == MAX_ACKS_WAITING / 2) c.readingForAcks(true);
      send.handle(ar);
    });
  }

  private static void sendAck(ClientConnection c, int qos, int packetId, int reason) {
    if (qos == 1) c.sendPuback(packetId, reason);
    else c.sendPubrec(packetId, reason);
  }

  /** The broker's message for {@code msg}, or null after closing the connection for a bad packet. */
  private BrokerMessage toMessage(ClientConnection c, MqttPublishMessage msg) {
    String topic = msg.variableHeader().topicName();
    MqttProperties props = msg.variableHeader().properties();
    long expiresAt = BrokerMessage.NEVER;
    if (c.v5 && props != null && !props.isEmpty()) {
      MqttProperties.MqttProperty<?> alias = props.getProperty(MqttProperties.TOPIC_ALIAS);
      if (alias != null) {
        int a = (Integer) alias.value();
        if (a == 0 || a > broker.options.getMaxTopicAlias()) {
          return refuse(c, 0x94, "topic alias " + a + " is outside 1.." + broker.options.getMaxTopicAlias());
        }
        if (topic.isEmpty()) {
          topic = c.alias(a);
          if (topic == null) return refuse(c, 0x82, "topic alias " + a + " was never set");
        } else {
          c.alias(a, topic);
        }
      }
      if (props.getProperty(MqttProperties.SUBSCRIPTION_IDENTIFIER) != null) {
        return refuse(c, 0x82, "PUBLISH carries a Subscription Identifier");
      }
      MqttProperties.MqttProperty<?> expiry = props.getProperty(MqttProperties.PUBLICATION_EXPIRY_INTERVAL);
      if (expiry != null) {
        expiresAt = broker.clock.millis() + ((Integer) expiry.value() & 0xFFFF_FFFFL) * 1000;
      }
    }
    if (topic.isEmpty()) return refuse(c, 0x82, "PUBLISH has an empty topic name");
    // a client publishing to the topic of its previous PUBLISH (the common case): it was checked
    // and split then; profiling showed Topic.levels alone at ~10% of the broker's event loop
    boolean sameTopic = topic.equals(c.lastTopic);
    if (!sameTopic) {
      String why = Topic.invalidReason(topic);
      if (why != null) return refuse(c, topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0 ? 0x90 : 0x81, why);
    }
    BrokerMessage m = new BrokerMessage(sameTopic ? c.lastTopic : topic, msg.payload(), msg.fixedHeader().qosLevel().value(),
      msg.fixedHeader().isRetain(), props, expiresAt, c.clientId);
    if (sameTopic) {
      m.reuseTopicForms(c.lastTopicLevels, c.lastTopicUtf8);
    } else {
      c.lastTopic = topic;
      c.lastTopicLevels = m.levels();
      c.lastTopicUtf8 = m.topicUtf8();
    }
    return m;
  }

  private BrokerMessage refuse(ClientConnection c, int reason, String why) {
    log.info("{}: bad PUBLISH ({}), closing with 0x{}", c.name(), why, Integer.toHexString(reason));
    c.disconnect(reason);
    return null;
  }

  void puback(ClientConnection c, int packetId) {
    Session s = c.session;
    if (s.acknowledged(packetId, 1)) s.drainAfterProgress();
  }

  void pubrec(ClientConnection c, int packetId, int reason) {
    Session s = c.session;
    if (reason >= 0x80) {
      // the receiver refused the message: the exchange ends here (5.0 4.3.3)
      if (s.acknowledged(packetId, 2)) s.drainAfterProgress();
      return;
    }
    s.received(packetId);
    c.sendPubrel(packetId);
  }

  void pubrel(ClientConnection c, int packetId) {
    boolean known = c.session.releaseQos2(packetId);
    if (c.acksWaiting == 0) {
      c.sendPubcomp(packetId, known ? 0 : 0x92);
    } else {
      // after the PUBRECs still waiting for the store, in order
      afterStoreWrites(c, ar -> c.sendPubcomp(packetId, known ? 0 : 0x92));
    }
  }

  void pubcomp(ClientConnection c, int packetId) {
    Session s = c.session;
    if (s.acknowledged(packetId, 2)) s.drainAfterProgress();
  }
}
