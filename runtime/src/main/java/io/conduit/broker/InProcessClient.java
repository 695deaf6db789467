package io.conduit.broker;

import io.conduit.spi.LocalClient;
import io.conduit.spi.MqttPublish;
import io.conduit.spi.PublishProperties;
import io.conduit.spi.SubscribeOptions;
import io.conduit.spi.Topic;
import io.conduit.spi.TopicFilter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.buffer.BufferInternal;

import java.util.ArrayList;
import java.util.List;

/**
 * An in-process client of the broker ({@link LocalClient}): the flow engine's mqtt nodes publish
 * and subscribe through it with no socket and no serialisation. Rules:
 * <ul>
 *   <li>every call hops onto the broker context and its Future completes on the caller's context;</li>
 *   <li>publishes go through {@link Broker#publish} like a network client's (retained store, NoLocal,
 *       QoS downgrade, $-topic rules); the payload buffer is shared, not copied; a QoS 1/2 publish
 *       completes once the store has written it for every persistent session (the durability rule);</li>
 *   <li>each subscription has its own handler; overlapping subscriptions each get the message;</li>
 *   <li>deliveries run on the context that called {@code connect}, in routing order (one
 *       {@code runOnContext} per delivery on that context's FIFO queue); their payload is one heap
 *       copy per message, shared by all in-process deliveries of it;</li>
 *   <li>in-process clients have their own client-id namespace: no take-over with network clients.</li>
 * </ul>
 */
final class InProcessClient extends Subscriber implements LocalClient {
  private final InProcessBroker owner;
  private final ContextInternal callerContext;
  private boolean closed;

  InProcessClient(InProcessBroker owner, String clientId, ContextInternal callerContext) {
    super(clientId);
    this.owner = owner;
    this.callerContext = callerContext;
  }

  @Override
  public String clientId() {
    return clientId;
  }

  @Override
  public Future<Void> publish(MqttPublish message) {
    return onBroker((broker, promise) -> {
      String why = Topic.invalidReason(message.topic());
      if (why != null) {
        promise.fail(new IllegalArgumentException(why));
        return;
      }
      if (message.topic().startsWith("$SYS")) {
        promise.fail(new IllegalArgumentException("topic '" + message.topic() + "': clients may not publish to $SYS"));
        return;
      }
      Buffer payload = message.payload() == null ? Buffer.buffer() : message.payload();
      if (payload.length() > broker.options.getMaxPacketSize()) {
        promise.fail(new IllegalArgumentException("payload of " + payload.length() + " bytes exceeds max_packet_size " + broker.options.getMaxPacketSize()));
        return;
      }
      ByteBuf buf = ((BufferInternal) payload).getByteBuf();
      PublishProperties p = message.properties();
      long expiresAt = p.messageExpiryInterval() == null ? BrokerMessage.NEVER : broker.clock.millis() + p.messageExpiryInterval() * 1000;
      BrokerMessage m = new BrokerMessage(message.topic(), buf, message.qos(), message.retain(), p.toMqtt(), expiresAt, clientId);
      long writesBefore = broker.persistence.writes();
      boolean outer = broker.pacing.routingLocal;
      broker.pacing.routingLocal = true;
      try {
        broker.publish(m);
      } finally {
        broker.pacing.routingLocal = outer;
        m.release();
      }
      // the durability rule, as for a network PUBACK: accepted once stored for every persistent session
      if (message.qos() > 0 && broker.persistence.writes() != writesBefore) broker.store.written().onComplete(promise);
      else promise.complete();
    });
  }

  @Override
  public Future<Integer> subscribe(String filter, SubscribeOptions options, Handler<MqttPublish> handler) {
    return onBroker((broker, promise) -> {
      String why = TopicFilter.invalidReason(filter);
      if (why != null) {
        promise.fail(new IllegalArgumentException(why));
        return;
      }
      TopicFilter f = TopicFilter.parse(filter);
      if (f.isShared() && options.noLocal()) {
        promise.fail(new IllegalArgumentException("NoLocal is not allowed on shared subscription '" + filter + "'"));
        return;
      }
      Subscription s = new Subscription(this, f, options.qos(), options.noLocal(), options.retainAsPublished(),
        options.retainHandling(), options.subscriptionId(), handler);
      Subscription old = broker.router.subscribe(s);
      promise.complete(s.qos);
      if (!f.isShared() && (s.retainHandling == 0 || (s.retainHandling == 1 && old == null))) {
        int[] ids = s.subscriptionId == 0 ? null : new int[] {s.subscriptionId};
        broker.retained.match(f, broker.clock.millis(), m -> deliver(m, Math.min(m.qos, s.qos), true, ids, ids == null ? 0 : 1, s));
      }
    });
  }

  @Override
  public Future<Void> unsubscribe(String filter) {
    return onBroker((broker, promise) -> {
      broker.router.unsubscribe(this, filter);
      promise.complete();
    });
  }

  @Override
  public Future<Void> close() {
    return onBroker((broker, promise) -> {
      broker.router.unsubscribeAll(this);
      closed = true;
      owner.closed(this);
      promise.complete();
    });
  }

  private interface BrokerAction<T> {
    void run(Broker broker, Promise<T> promise);
  }

  private <T> Future<T> onBroker(BrokerAction<T> action) {
    Promise<T> promise = callerContext.promise();
    Broker broker = owner.broker();
    if (broker == null) {
      promise.fail(new IllegalStateException("the broker is not running"));
      return promise.future();
    }
    broker.context.runOnContext(v -> {
      if (closed) {
        promise.fail(new IllegalStateException("local client '" + clientId + "' is closed"));
        return;
      }
      try {
        action.run(broker, promise);
      } catch (RuntimeException e) {
        promise.tryFail(e);
      }
    });
    return promise.future();
  }

  // ---------------------------------------------------------------- deliveries

  @Override
  boolean mergesOverlaps() {
    return false;
  }

  @Override
  boolean isReady() {
    return true;
  }

  @Override
  void deliver(BrokerMessage m, int qos, boolean retain, int[] subIds, int subIdCount, Subscription via) {
    Handler<MqttPublish> handler = via.handler;
    if (handler == null) return;
    Buffer payload = BufferInternal.buffer(Unpooled.wrappedBuffer(m.payloadBytes()));
    Broker broker = owner.broker();
    MqttPublish p = new MqttPublish(m.topic, payload, qos, retain, toSpi(m, subIds, subIdCount, broker.clock.millis()));
    callerContext.runOnContext(v -> {
      owner.taken();
      if (!closed) handler.handle(p);
    });
    owner.handedOver(broker);
  }

  /** The properties an in-process subscriber sees: the publisher's, the remaining lifetime, the matching subscriptions' ids. */
  static PublishProperties toSpi(BrokerMessage m, int[] subIds, int subIdCount, long now) {
    if (m.properties.isEmpty() && subIdCount == 0 && m.expiresAt == BrokerMessage.NEVER) return PublishProperties.NONE;
    List<Integer> ids = new ArrayList<>(subIdCount);
    for (int i = 0; i < subIdCount; i++) ids.add(subIds[i]);
    Long expiry = m.expiresAt == BrokerMessage.NEVER ? null : m.remainingSeconds(now);
    return PublishProperties.fromMqtt(m.properties, expiry, ids);
  }
}
