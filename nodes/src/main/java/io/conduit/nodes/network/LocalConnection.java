package io.conduit.nodes.network;

import io.conduit.spi.LocalBroker;
import io.conduit.spi.LocalClient;
import io.conduit.spi.MqttPublish;
import io.conduit.spi.SubscribeOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;

import java.util.function.Consumer;

/**
 * The connection to the broker built into this process, through {@link LocalBroker}: no socket,
 * no encoding, payload buffers pass as they are. It is connected from start to close, so there is
 * nothing to buffer and no reconnection; the birth message is published at start and the close
 * message at close. A will never applies: an in-process client cannot vanish without its process.
 * MQTT 5 publish properties always travel.
 */
final class LocalConnection implements MqttConnection {
  private final LocalBroker broker;
  private final String clientId;
  private final MqttPublish birth;
  private final MqttPublish closeMessage;
  private LocalClient client;
  private State state = State.DISCONNECTED;
  private Consumer<State> listener = s -> { };

  LocalConnection(LocalBroker broker, String clientId, MqttPublish birth, MqttPublish closeMessage) {
    this.broker = broker;
    this.clientId = clientId;
    this.birth = birth;
    this.closeMessage = closeMessage;
  }

  @Override
  public Future<Void> start() {
    client = broker.connect(clientId);
    state = State.CONNECTED;
    listener.accept(state);
    return birth == null ? Future.succeededFuture() : client.publish(birth);
  }

  @Override
  public State state() {
    return state;
  }

  @Override
  public void onStateChange(Consumer<State> listener) {
    this.listener = this.listener.andThen(listener);
  }

  @Override
  public boolean isV5() {
    return true;
  }

  @Override
  public Future<Void> publish(MqttPublish message) {
    if (client == null) {
      return Future.failedFuture("not connected to the built-in broker");
    }
    return client.publish(message);
  }

  @Override
  public Future<Integer> subscribe(String filter, SubscribeOptions options, Handler<MqttPublish> handler) {
    return client.subscribe(filter, options, handler);
  }

  @Override
  public Future<Void> unsubscribe(String filter) {
    return client == null ? Future.succeededFuture() : client.unsubscribe(filter);
  }

  @Override
  public Future<Void> close() {
    if (client == null) {
      return Future.succeededFuture();
    }
    LocalClient c = client;
    Future<Void> farewell = closeMessage == null ? Future.succeededFuture() : c.publish(closeMessage);
    return farewell.transform(ar -> c.close()).eventually(() -> {
      client = null;
      state = State.DISCONNECTED;
      listener.accept(state);
      return Future.succeededFuture();
    });
  }
}
