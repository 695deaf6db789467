package io.conduit.nodes.testing;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import io.conduit.broker.BrokerOptions;
import io.conduit.broker.BrokerServer;
import io.conduit.spi.LocalBroker;
import io.vertx.core.Vertx;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Conduit's own broker on a free port of its own Vert.x, for the mqtt node tests. */
public final class BuiltinBroker implements AutoCloseable {
  private final Vertx vertx;
  private final BrokerServer server;

  private BuiltinBroker() {
    vertx = Vertx.vertx();
    server = new BrokerServer(vertx, new BrokerOptions().setPort(0));
    server.start().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
  }

  public static BuiltinBroker start() {
    return new BuiltinBroker();
  }

  public Vertx vertx() {
    return vertx;
  }

  public int port() {
    return server.actualPort();
  }

  public LocalBroker localBroker() {
    return server.localBroker();
  }

  /** A connected MQTT 5 client of this broker (HiveMQ). */
  public Mqtt5BlockingClient client() {
    return client(port());
  }

  public static Mqtt5BlockingClient client(int port) {
    Mqtt5BlockingClient c = Mqtt5Client.builder().identifier("test-" + UUID.randomUUID()).serverHost("127.0.0.1")
      .serverPort(port).buildBlocking();
    c.connect();
    return c;
  }

  /** The client's incoming messages; open before subscribing. */
  public static Mqtt5BlockingClient.Mqtt5Publishes publishes(Mqtt5BlockingClient c) {
    return c.publishes(MqttGlobalPublishFilter.ALL);
  }

  @Override
  public void close() {
    server.stop().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
  }
}
