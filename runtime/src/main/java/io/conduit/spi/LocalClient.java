package io.conduit.spi;

import io.vertx.core.Future;
import io.vertx.core.Handler;

/**
 * An in-process MQTT client of the built-in broker: see {@link LocalBroker}. Not thread-safe: use
 * it from the context that created it.
 */
public interface LocalClient {

  String clientId();

  /**
   * Publishes as if this client had sent PUBLISH. The future completes once the broker has taken
   * responsibility for the message (routed it; for QoS 1/2 also made it durable where persistence
   * is on) and fails with a reason when the broker refuses it (invalid topic, denied, too large).
   */
  Future<Void> publish(MqttPublish message);

  /**
   * Subscribes {@code filter}; {@code handler} gets each matching message, with the retain flag and
   * QoS as delivered. Completes with the granted QoS, or fails for an invalid filter.
   * Subscribing again to the same filter replaces the handler and options, as MQTT does.
   */
  Future<Integer> subscribe(String filter, SubscribeOptions options, Handler<MqttPublish> handler);

  Future<Void> unsubscribe(String filter);

  /** Drops every subscription of this client; further calls fail. */
  Future<Void> close();
}
