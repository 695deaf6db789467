package io.conduit.nodes.network;

import io.conduit.spi.MqttPublish;
import io.conduit.spi.SubscribeOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;

import java.util.function.Consumer;

/**
 * How an {@code mqtt-broker} config node reaches its broker: {@link LocalConnection} for the broker
 * built into this process (no socket, no serialisation), {@link RemoteConnection} for any other.
 * All methods are called on the flow engine's context, and handlers run there.
 */
interface MqttConnection {

  /** Node-RED's three connection states, shown under every mqtt node that uses the broker. */
  enum State { CONNECTING, CONNECTED, DISCONNECTED }

  /** Starts connecting (and keeps reconnecting for a remote broker). */
  Future<Void> start();

  State state();

  /** Called with every state change. */
  void onStateChange(Consumer<State> listener);

  /** True when the connection speaks MQTT 5 (publish properties travel). */
  boolean isV5();

  /**
   * Publishes. Completes when the broker has the message, or when it is safely queued for a broker
   * that is away (remote only); fails when the broker refuses it.
   */
  Future<Void> publish(MqttPublish message);

  /**
   * Subscribes a filter (again after every reconnection); the handler gets each message for it.
   * Subscribing the same filter again replaces the options and handler.
   */
  Future<Integer> subscribe(String filter, SubscribeOptions options, Handler<MqttPublish> handler);

  Future<Void> unsubscribe(String filter);

  /** Publishes the close message when connected, then disconnects cleanly (no will). */
  Future<Void> close();
}
