package io.conduit.admin;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import io.conduit.broker.BrokerOptions;
import io.conduit.broker.BrokerServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The broker sidebar's routes over HTTP, on a real broker with a real MQTT client. */
class InspectorRoutesTest {
  Vertx vertx;
  BrokerServer broker;
  HttpServer http;
  final HttpClient client = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    broker = new BrokerServer(vertx, new BrokerOptions().setPort(0).setSysInterval(0));
    join(broker.start());
    Router router = Router.router(vertx);
    new InspectorRoutes(broker).mount(router);
    http = join(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
  }

  @AfterEach
  void stop() throws Exception {
    join(http.close());
    join(broker.stop());
    join(vertx.close());
  }

  @Test
  void clientsRetainedAndTopicsAreServedAsJson() throws Exception {
    get("/broker/topics");   // starts the topic recording, as the open sidebar does
    Mqtt5BlockingClient device = Mqtt5Client.builder().identifier("device-1").serverHost("127.0.0.1")
      .serverPort(broker.actualPort()).buildBlocking();
    device.connectWith().keepAlive(30).send();
    try {
      device.subscribeWith().topicFilter("devices/device-1/cmd").qos(MqttQos.AT_LEAST_ONCE).send();
      device.publishWith().topic("devices/device-1/status").payload("online".getBytes(StandardCharsets.UTF_8))
        .retain(true).qos(MqttQos.AT_LEAST_ONCE).send();

      JsonObject c = find(new JsonArray(get("/broker/clients")), "clientId", "device-1");
      assertThat(c.getString("protocol")).isEqualTo("5");
      assertThat(c.getString("address")).startsWith("127.0.0.1:");
      assertThat(c.getInteger("keepAlive")).isEqualTo(30);
      assertThat(c.getBoolean("connected")).isTrue();
      assertThat(c.getJsonArray("subscriptions").getJsonObject(0).getString("filter")).isEqualTo("devices/device-1/cmd");

      JsonObject r = find(new JsonArray(get("/broker/retained")), "topic", "devices/device-1/status");
      assertThat(r.getInteger("size")).isEqualTo(6);
      assertThat(r.getInteger("qos")).isEqualTo(1);

      await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
        JsonObject t = find(new JsonArray(get("/broker/topics")), "topic", "devices/device-1/status");
        assertThat(t.getString("lastValue")).isEqualTo("online");
        assertThat(t.getLong("count")).isEqualTo(1L);
      });
      assertThat(new JsonObject(get("/broker/overview")).getInteger("clientsConnected")).isEqualTo(1);
    } finally {
      device.disconnect();
    }
  }

  @Test
  void binaryPayloadsAreShownInHex() {
    assertThat(InspectorRoutes.text(new byte[]{(byte) 0xff, 0x01})).isEqualTo("0xff01");
    assertThat(InspectorRoutes.text("héllo".getBytes(StandardCharsets.UTF_8))).isEqualTo("héllo");
  }

  @Test
  void aStoppedBrokerAnswers503() throws Exception {
    join(broker.stop());
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base() + "/broker/clients")).build(),
      HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(new JsonObject(r.body()).getString("code")).isEqualTo("broker_unavailable");
  }

  String base() {
    return "http://127.0.0.1:" + http.actualPort();
  }

  String get(String path) throws Exception {
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base() + path)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return r.body();
  }

  static JsonObject find(JsonArray items, String key, String value) {
    for (Object o : items) {
      if (value.equals(((JsonObject) o).getString(key))) return (JsonObject) o;
    }
    throw new AssertionError("no " + key + "=" + value + " in " + items.encodePrettily());
  }

  static <T> T join(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }
}
