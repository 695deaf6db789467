package io.conduit.nodes.network;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.conduit.nodes.testing.BuiltinBroker;
import io.conduit.nodes.testing.Mosquitto;
import io.conduit.spi.Message;
import io.conduit.testkit.FlowTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mqtt nodes through an external Mosquitto (started and stopped by the test): the same flows
 * as on the built-in broker, and the offline buffer: Mosquitto stopped and restarted mid-stream,
 * Conduit restarted while the broker is away, and a full buffer. Nothing may be lost and the order
 * must hold (a message in flight when the broker died may arrive twice: at-least-once).
 */
class MqttExternalBrokerTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  @TempDir
  Path dir;
  private Mosquitto mosquitto;
  private FlowTestHarness h;

  @BeforeEach
  void start() {
    mosquitto = Mosquitto.start(dir);
  }

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
    mosquitto.close();
  }

  private FlowTestHarness harness(Path dataDir) {
    return FlowTestHarness.builder().dataDir(dataDir).timeout(WAIT).start();
  }

  /** mqtt out and mqtt in (on {@code loop/#}) sharing one remote broker node. */
  private String loopFlow(String brokerExtra) {
    return "[{\"id\":\"b\",\"type\":\"mqtt-broker\",\"broker\":\"127.0.0.1\",\"port\":\"" + mosquitto.port() + "\","
      + "\"clientid\":\"conduit-test\",\"reconnectPeriod\":200" + brokerExtra + "},"
      + "{\"id\":\"pub\",\"type\":\"mqtt out\",\"topic\":\"\",\"qos\":\"1\",\"broker\":\"b\"},"
      + "{\"id\":\"in\",\"type\":\"mqtt in\",\"topic\":\"loop/#\",\"qos\":\"1\",\"datatype\":\"auto-detect\",\"broker\":\"b\","
      + "\"wires\":[[\"out\"]]},{\"id\":\"out\",\"type\":\"helper\"}]";
  }

  private void awaitStatus(String node, String text) {
    org.awaitility.Awaitility.await().atMost(WAIT).until(() -> {
      List<Object> events = h.comms("status/" + node);
      return !events.isEmpty() && events.get(events.size() - 1).toString().contains(text);
    });
  }

  private void send(int from, int to) {
    for (int i = from; i < to; i++) {
      h.send("pub", Message.withPayload(i).topic("loop/seq"));
    }
  }

  /**
   * Reads until every number from {@code first} below {@code count} was seen, in order; a repeat of
   * an earlier one (at-least-once after a broker loss) is allowed, one from the future is not.
   */
  private void receiveAllInOrder(int first, int count) {
    int expected = first;
    while (expected < count) {
      int n = ((Number) h.sink("out").next(WAIT).payload()).intValue();
      if (n == expected) {
        expected++;
      } else {
        assertThat(n).as("only repeats of earlier messages may come out of order (expecting %d)", expected)
          .isLessThan(expected);
      }
    }
  }

  @Test
  void theSameFlowsWorkThroughMosquitto() throws Exception {
    h = harness(dir.resolve("data"));
    h.load(loopFlow(""));
    awaitStatus("in", "connected");
    assertThat(h.node("b", MqttBrokerNode.class).isLocal()).isFalse();
    Mqtt5BlockingClient client = BuiltinBroker.client(mosquitto.port());
    try (Mqtt5BlockingClient.Mqtt5Publishes in = BuiltinBroker.publishes(client)) {
      client.subscribeWith().topicFilter("loop/#").qos(MqttQos.AT_LEAST_ONCE).send();
      h.send("pub", Message.withPayload(Map.of("ok", true)).topic("loop/json"));
      Mqtt5Publish p = in.receive(10, TimeUnit.SECONDS).orElseThrow();
      assertThat(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"ok\":true}");
      assertThat(h.sink("out").next().payload()).isEqualTo(Map.of("ok", true));
      client.publishWith().topic("loop/from-client").payload("hello".getBytes(StandardCharsets.UTF_8)).send();
      assertThat(h.sink("out").next().payload()).isEqualTo("hello");
    }
    client.disconnect();
  }

  @Test
  void mqtt5PropertiesThroughMosquitto() throws Exception {
    h = harness(dir.resolve("data"));
    h.load(loopFlow(",\"protocolVersion\":\"5\""));
    awaitStatus("in", "connected");
    h.send("pub", Message.withPayload("{\"a\":1}").topic("loop/v5").set("contentType", "application/json")
      .set("userProperties", Map.of("who", "conduit")).set("correlationData", new byte[]{4, 2}));
    Message m = h.sink("out").next(WAIT);
    assertThat(m.payload()).isEqualTo(Map.of("a", 1));
    assertThat(m.get("contentType")).isEqualTo("application/json");
    assertThat(m.get("userProperties")).isEqualTo(Map.of("who", "conduit"));
    assertThat((byte[]) m.get("correlationData")).containsExactly(4, 2);
  }

  /**
   * The subscription is a persistent session (cleansession false): messages Mosquitto acknowledged
   * but had not yet delivered when it stopped come back from its store after the restart; those
   * Conduit could not hand over come from the offline buffer.
   */
  @Test
  void stoppingMosquittoMidStreamLosesNothingAndKeepsOrder() {
    h = harness(dir.resolve("data"));
    h.load(loopFlow(",\"cleansession\":false"));
    awaitStatus("in", "connected");
    send(0, 100);
    assertThat(h.sink("out").next(WAIT).payload()).isEqualTo(0); // the stream is flowing
    mosquitto.stop();
    awaitStatus("pub", "disconnected");
    send(100, 300);
    assertThat(h.node("b", MqttBrokerNode.class).buffered()).isPositive();
    mosquitto.start();
    awaitStatus("pub", "connected");
    send(300, 400);
    receiveAllInOrder(1, 400); // 0 was read above
    org.awaitility.Awaitility.await().atMost(WAIT).until(() -> h.node("b", MqttBrokerNode.class).buffered() == 0);
    assertThat(h.node("b", MqttBrokerNode.class).dropped()).isZero();
  }

  @Test
  void bufferedMessagesSurviveAConduitRestart() throws Exception {
    Path data = dir.resolve("data");
    h = harness(data);
    h.load(loopFlow(""));
    awaitStatus("pub", "connected");
    mosquitto.stop();
    awaitStatus("pub", "disconnected");
    send(0, 50);
    h.close();
    h = null;
    try (var files = Files.list(data.resolve("mqtt-buffer"))) {
      assertThat(files.map(p -> p.getFileName().toString())).contains("b.log");
    }
    h = harness(data);
    h.load(loopFlow(""));
    mosquitto.start();
    receiveAllInOrder(0, 50);
  }

  @Test
  void aFullBufferDropsTheOldestAndSaysSo() {
    h = harness(dir.resolve("data"));
    h.load(loopFlow(",\"offlineBufferSize\":10"));
    awaitStatus("pub", "connected");
    mosquitto.stop();
    awaitStatus("pub", "disconnected");
    send(0, 25);
    MqttBrokerNode b = h.node("b", MqttBrokerNode.class);
    assertThat(b.buffered()).isEqualTo(10);
    assertThat(b.dropped()).isEqualTo(15);
    assertThat(h.awaitLog("b", "messages dropped")).isNotNull();
    mosquitto.start();
    for (int i = 15; i < 25; i++) {
      assertThat(h.sink("out").next(WAIT).payload()).isEqualTo(i);
    }
  }

  @Test
  void theConfigNodesCredentialsAreUsed() throws Exception {
    try (Mosquitto secured = Mosquitto.startWithPassword(dir, "conduit", "s3cret")) {
      h = harness(dir.resolve("data"));
      h.load("[{\"id\":\"b\",\"type\":\"mqtt-broker\",\"broker\":\"127.0.0.1\",\"port\":\"" + secured.port() + "\","
        + "\"reconnectPeriod\":200,\"credentials\":{\"user\":\"conduit\",\"password\":\"s3cret\"}},"
        + "{\"id\":\"pub\",\"type\":\"mqtt out\",\"topic\":\"auth/t\",\"broker\":\"b\"},"
        + "{\"id\":\"in\",\"type\":\"mqtt in\",\"topic\":\"auth/t\",\"qos\":\"1\",\"datatype\":\"utf8\",\"broker\":\"b\","
        + "\"wires\":[[\"out\"]]},{\"id\":\"out\",\"type\":\"helper\"}]");
      awaitStatus("in", "connected");
      h.send("pub", Message.withPayload("let in"));
      assertThat(h.sink("out").next(WAIT).payload()).isEqualTo("let in");
    }
  }

  @Test
  void aMessageTheBrokerRefusesIsReportedAndDoesNotBlockTheOthers() throws Exception {
    try (Mosquitto acl = Mosquitto.startWithAcl(dir, "conduit", "pw", "allowed/#")) {
      h = harness(dir.resolve("data"));
      h.load("[{\"id\":\"b\",\"type\":\"mqtt-broker\",\"broker\":\"127.0.0.1\",\"port\":\"" + acl.port() + "\","
        + "\"protocolVersion\":\"5\",\"credentials\":{\"user\":\"conduit\",\"password\":\"pw\"}},"
        + "{\"id\":\"pub\",\"type\":\"mqtt out\",\"topic\":\"\",\"qos\":\"1\",\"broker\":\"b\"},"
        + "{\"id\":\"in\",\"type\":\"mqtt in\",\"topic\":\"allowed/#\",\"qos\":\"1\",\"datatype\":\"utf8\",\"broker\":\"b\","
        + "\"wires\":[[\"out\"]]},{\"id\":\"out\",\"type\":\"helper\"}]");
      awaitStatus("in", "connected");
      h.send("pub", Message.withPayload("no").topic("denied/x"));
      h.send("pub", Message.withPayload("yes").topic("allowed/y"));
      assertThat(h.sink("out").next(WAIT).payload()).isEqualTo("yes");
      assertThat(h.awaitLog("b", "broker refused the message on 'denied/x'").text()).contains("0x87");
      // the delivery to our own subscription may come before the acknowledgement of "yes"
      org.awaitility.Awaitility.await().atMost(WAIT).until(() -> h.node("b", MqttBrokerNode.class).buffered() == 0);
    }
  }

  @Test
  void statusFollowsTheConnection() {
    h = harness(dir.resolve("data"));
    h.load(loopFlow(""));
    awaitStatus("in", "connected");
    mosquitto.stop();
    awaitStatus("in", "disconnected");
    mosquitto.start();
    awaitStatus("in", "connected");
  }
}
