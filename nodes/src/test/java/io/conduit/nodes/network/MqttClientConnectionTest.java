package io.conduit.nodes.network;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.conduit.nodes.testing.Mosquitto;
import io.conduit.spi.MqttPublish;
import io.conduit.spi.PublishProperties;
import io.conduit.spi.SubscribeOptions;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The MQTT client of remote mqtt-broker nodes against a real Mosquitto, with a HiveMQ client on the other side. */
class MqttClientConnectionTest {
  @TempDir
  static Path dir;
  static Mosquitto mosquitto;
  static Vertx vertx;
  static Context context;
  static NetClient net;

  @BeforeAll
  static void start() {
    mosquitto = Mosquitto.start(dir);
    vertx = Vertx.vertx();
    context = vertx.getOrCreateContext();
    net = vertx.createNetClient();
  }

  @AfterAll
  static void stop() {
    mosquitto.close();
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  static <T> T on(Supplier<Future<T>> action) {
    Promise<T> p = Promise.promise();
    context.runOnContext(v -> action.get().onComplete(p));
    try {
      return p.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e.getCause() != null ? e.getCause() : e);
    }
  }

  static MqttClientConnection.ConnectOptions options(int version, MqttPublish will) {
    return new MqttClientConnection.ConnectOptions("conduit-" + UUID.randomUUID(), true, 30, null, null, version, will,
      0, 0, Map.of());
  }

  static MqttClientConnection connect(int port, MqttClientConnection.ConnectOptions o, BlockingQueue<MqttPublish> in) {
    return on(() -> MqttClientConnection.connect(vertx, net, "127.0.0.1", port, o, in::add));
  }

  static Mqtt5BlockingClient hivemq() {
    Mqtt5BlockingClient c = Mqtt5Client.builder().identifier("hive-" + UUID.randomUUID()).serverHost("127.0.0.1")
      .serverPort(mosquitto.port()).buildBlocking();
    c.connect();
    return c;
  }

  static MqttPublish msg(String topic, String payload, int qos) {
    return MqttPublish.of(topic, Buffer.buffer(payload), qos, false);
  }

  @Test
  void publishesAndReceivesAtEveryQosWithMqtt311() throws Exception {
    BlockingQueue<MqttPublish> in = new LinkedBlockingQueue<>();
    MqttClientConnection c = connect(mosquitto.port(), options(4, null), in);
    assertThat(on(() -> c.subscribe("t311/#", SubscribeOptions.qos(2)))).isEqualTo(2);
    for (int qos = 0; qos <= 2; qos++) {
      int q = qos;
      on(() -> c.publish(msg("t311/" + q, "m" + q, q)));
      MqttPublish got = in.poll(5, TimeUnit.SECONDS);
      assertThat(got).isNotNull();
      assertThat(got.topic()).isEqualTo("t311/" + q);
      assertThat(got.payload().toString()).isEqualTo("m" + q);
      assertThat(got.qos()).isEqualTo(q);
    }
    assertThat(c.inflight()).isZero();
    on(c::disconnect);
  }

  @Test
  void mqtt5PropertiesTravelBothWays() throws Exception {
    BlockingQueue<MqttPublish> in = new LinkedBlockingQueue<>();
    MqttClientConnection c = connect(mosquitto.port(), options(5, null), in);
    on(() -> c.subscribe("t5/props", new SubscribeOptions(1, false, true, 0, 0)));
    PublishProperties props = new PublishProperties(1, 60L, "text/plain", "t5/reply", Buffer.buffer(new byte[]{1, 2, 3}),
      List.of(Map.entry("a", "1"), Map.entry("a", "2"), Map.entry("b", "x")), List.of());
    on(() -> c.publish(new MqttPublish("t5/props", Buffer.buffer("hi"), 1, false, props)));
    MqttPublish got = in.poll(5, TimeUnit.SECONDS);
    assertThat(got).isNotNull();
    assertThat(got.properties().contentType()).isEqualTo("text/plain");
    assertThat(got.properties().responseTopic()).isEqualTo("t5/reply");
    assertThat(got.properties().correlationData().getBytes()).containsExactly(1, 2, 3);
    assertThat(got.properties().userProperties()).containsExactly(Map.entry("a", "1"), Map.entry("a", "2"), Map.entry("b", "x"));
    assertThat(got.properties().payloadFormatIndicator()).isEqualTo(1);
    assertThat(got.properties().messageExpiryInterval()).isBetween(55L, 60L);

    try (AutoCloseable ignored = () -> { }) {
      Mqtt5BlockingClient hive = hivemq();
      try (Mqtt5BlockingClient.Mqtt5Publishes publishes = hive.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
        hive.subscribeWith().topicFilter("t5/to-hive").qos(MqttQos.EXACTLY_ONCE).send();
        on(() -> c.publish(new MqttPublish("t5/to-hive", Buffer.buffer("for hive"), 2, false, props)));
        Optional<Mqtt5Publish> p = publishes.receive(5, TimeUnit.SECONDS);
        assertThat(p).isPresent();
        assertThat(new String(p.get().getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("for hive");
        assertThat(p.get().getQos()).isEqualTo(MqttQos.EXACTLY_ONCE);
        assertThat(p.get().getContentType()).hasValueSatisfying(ct -> assertThat(ct.toString()).isEqualTo("text/plain"));
        assertThat(p.get().getUserProperties().asList()).hasSize(3);
      }
      hive.disconnect();
    }
    on(c::disconnect);
  }

  @Test
  void willIsPublishedWhenTheConnectionDiesButNotOnDisconnect() throws Exception {
    Mqtt5BlockingClient hive = hivemq();
    try (Mqtt5BlockingClient.Mqtt5Publishes publishes = hive.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
      hive.subscribeWith().topicFilter("will/+").qos(MqttQos.AT_LEAST_ONCE).send();
      MqttClientConnection polite = connect(mosquitto.port(), options(4, msg("will/polite", "gone", 1)), new LinkedBlockingQueue<>());
      on(polite::disconnect);
      MqttClientConnection crashing = connect(mosquitto.port(), options(5, msg("will/crash", "offline", 1)), new LinkedBlockingQueue<>());
      context.runOnContext(v -> crashing.abort("test crash"));
      Optional<Mqtt5Publish> p = publishes.receive(5, TimeUnit.SECONDS);
      assertThat(p).isPresent();
      assertThat(p.get().getTopic().toString()).isEqualTo("will/crash");
      assertThat(new String(p.get().getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("offline");
      assertThat(publishes.receive(200, TimeUnit.MILLISECONDS)).isEmpty();
    }
    hive.disconnect();
  }

  @Test
  void pendingPublishesFailWhenTheConnectionCloses() {
    BlockingQueue<MqttPublish> in = new LinkedBlockingQueue<>();
    MqttClientConnection c = connect(mosquitto.port(), options(4, null), in);
    on(c::disconnect);
    assertThatThrownBy(() -> on(() -> c.publish(msg("x", "y", 1)))).hasMessageContaining("disconnected");
    assertThat(on(c::closed)).isEqualTo("disconnected");
  }

  @Test
  void credentialsAreSentAndWrongOnesRefused() throws Exception {
    try (Mosquitto secured = Mosquitto.startWithPassword(dir, "conduit", "s3cret")) {
      MqttClientConnection.ConnectOptions good = new MqttClientConnection.ConnectOptions("auth-ok", true, 30, "conduit",
        "s3cret", 4, null, 0, 0, Map.of());
      on(connect(secured.port(), good, new LinkedBlockingQueue<>())::disconnect);
      MqttClientConnection.ConnectOptions bad = new MqttClientConnection.ConnectOptions("auth-bad", true, 30, "conduit",
        "wrong", 5, null, 0, 0, Map.of());
      assertThatThrownBy(() -> connect(secured.port(), bad, new LinkedBlockingQueue<>()))
        .hasMessageContaining("connection refused");
    }
  }

  @Test
  void aPublishTheBrokerDeniesFailsAsRefused() throws Exception {
    try (Mosquitto acl = Mosquitto.startWithAcl(dir, "conduit", "pw", "allowed/#")) {
      MqttClientConnection.ConnectOptions o = new MqttClientConnection.ConnectOptions("acl-test", true, 30, "conduit",
        "pw", 5, null, 0, 0, Map.of());
      MqttClientConnection c = connect(acl.port(), o, new LinkedBlockingQueue<>());
      assertThatThrownBy(() -> on(() -> c.publish(msg("denied/x", "no", 1))))
        .hasCauseInstanceOf(MqttClientConnection.RefusedException.class).hasMessageContaining("reason code 0x87");
      on(() -> c.publish(msg("allowed/x", "yes", 1)));
      on(c::disconnect);
    }
  }

  @Test
  void refusedConnectionFails() {
    int nobody = Mosquitto.freePort();
    assertThatThrownBy(() -> connect(nobody, options(4, null), new LinkedBlockingQueue<>()))
      .hasMessageContaining("Connection refused");
  }

  @Test
  void aServerThatStopsAnsweringPingsIsDetected() {
    MqttServer server = MqttServer.create(vertx, new MqttServerOptions().setHost("127.0.0.1").setPort(0));
    server.endpointHandler(endpoint -> {
      endpoint.autoKeepAlive(false);
      endpoint.accept(false);
    });
    int port = on(server::listen).actualPort();
    MqttClientConnection.ConnectOptions o = new MqttClientConnection.ConnectOptions("silent", true, 1, null, null, 4,
      null, 0, 0, Map.of());
    MqttClientConnection c = connect(port, o, new LinkedBlockingQueue<>());
    assertThat(on(c::closed)).contains("no PINGRESP");
    on(server::close);
  }
}
