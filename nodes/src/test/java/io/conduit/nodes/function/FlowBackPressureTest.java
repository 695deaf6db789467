package io.conduit.nodes.function;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.conduit.nodes.testing.RunningConduit;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Back-pressure from a function node that is behind to the network publisher feeding it, on a real
 * Conduit: a raw MQTT client writes 20,000 QoS 0 messages of 10 KB as fast as its socket lets it
 * while the script holds its first message (until the test says go). Without back-pressure the
 * broker reads all 200 MB and the node queues them all (Node-RED does the same, without bound);
 * with it the publisher's socket stops being read once about {@link FunctionRunner#BACKLOG_HIGH}
 * inputs wait, so the writer blocks (TCP) far short of the end. Then every message arrives, in
 * order: pacing loses nothing.
 */
class FlowBackPressureTest {
  static final int TOTAL = 20_000;
  static final int SIZE = 10_000;

  static JsonArray flows(int mqttPort) {
    JsonObject broker = new JsonObject().put("id", "b1").put("type", "mqtt-broker").put("broker", "127.0.0.1")
      .put("port", String.valueOf(mqttPort)).put("clientid", "").put("protocolVersion", "4").put("keepalive", "60").put("cleansession", true);
    String counting = String.join("\n",
      "if (msg.payload === 'stall') { while (!flow.get('go')) {} return {payload: 'stalled'}; }",
      "const n = context.get('n') || 0;",
      "const seq = msg.payload.substring(0, 8);",
      "if (seq !== String(n).padStart(8, '0')) { return {payload: 'out of order: ' + seq + ' after ' + n}; }",
      "context.set('n', n + 1);",
      "return n + 1 === " + TOTAL + " ? {payload: 'all ' + (n + 1)} : null;");
    return new JsonArray()
      .add(new JsonObject().put("id", "t1").put("type", "tab").put("label", "back-pressure"))
      .add(broker)
      .add(FunctionResponsivenessTest.mqttIn("in1", "t1", "bp/in", "count").put("qos", "0"))
      .add(FunctionResponsivenessTest.function("count", "t1", counting, "out1").put("timeout", 300))
      .add(FunctionResponsivenessTest.mqttOut("out1", "t1", "bp/out"))
      .add(FunctionResponsivenessTest.mqttIn("in2", "t1", "bp/go", "go"))
      .add(FunctionResponsivenessTest.function("go", "t1", "flow.set('go', true); return null;", "out1"));
  }

  @Test
  void aPublisherFasterThanAFunctionIsPacedAndLosesNothing(@TempDir Path dir) throws Exception {
    RunningConduit conduit = new RunningConduit(dir);
    Mqtt5BlockingClient client = Mqtt5Client.builder().identifier("back-pressure-test")
      .serverHost("127.0.0.1").serverPort(conduit.mqttPort()).buildBlocking();
    AtomicInteger written = new AtomicInteger();
    AtomicReference<Throwable> writerFailed = new AtomicReference<>();
    Thread writer = null;
    try (Socket socket = new Socket("127.0.0.1", conduit.mqttPort())) {
      HttpResponse<String> deployed = conduit.deployFull(flows(conduit.mqttPort()));
      assertThat(deployed.statusCode()).as(deployed.body()).isBetween(200, 204);
      client.connect();
      Mqtt5BlockingClient.Mqtt5Publishes replies = client.publishes(MqttGlobalPublishFilter.ALL);
      client.subscribeWith().topicFilter("bp/out").qos(MqttQos.AT_LEAST_ONCE).send();

      OutputStream out = socket.getOutputStream();
      out.write(connect("back-pressure-writer"));
      out.flush();
      byte[] connack = new byte[4];
      new DataInputStream(socket.getInputStream()).readFully(connack);
      assertThat(connack[3]).as("CONNACK return code").isZero();
      out.write(publish("bp/in", "stall".getBytes(StandardCharsets.UTF_8)));
      out.flush();
      // 'stalled' comes out only after go: the script is now holding its first message
      writer = new Thread(() -> {
        try {
          byte[] body = new byte[SIZE];
          Arrays.fill(body, (byte) 'x');
          for (int i = 0; i < TOTAL; i++) {
            byte[] seq = String.format("%08d", i).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(seq, 0, body, 0, seq.length);
            out.write(publish("bp/in", body));
            written.incrementAndGet();
          }
          out.flush();
        } catch (IOException e) {
          writerFailed.set(e);
        }
      }, "back-pressure-writer");
      writer.setDaemon(true);
      writer.start();

      // the writer blocks: Conduit stopped reading it (it makes no progress for a second)
      int[] last = {-1};
      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
        int now = written.get();
        boolean stuck = now == last[0] && now < TOTAL;
        last[0] = now;
        return stuck || writerFailed.get() != null || now == TOTAL;
      });
      assertThat(writerFailed.get()).isNull();
      assertThat(written.get()).as("messages the publisher could write while the function was held")
        .isLessThan(TOTAL / 3);

      client.publishWith().topic("bp/go").payload("go".getBytes(StandardCharsets.UTF_8)).qos(MqttQos.AT_LEAST_ONCE).send();
      assertThat(text(next(replies))).isEqualTo("stalled");
      assertThat(text(next(replies))).isEqualTo("all " + TOTAL);
      writer.join(TimeUnit.SECONDS.toMillis(30));
      assertThat(written.get()).isEqualTo(TOTAL);
      assertThat(writerFailed.get()).isNull();
    } finally {
      if (writer != null) writer.interrupt();
      client.disconnect();
      conduit.close();
    }
  }

  private static Mqtt5Publish next(Mqtt5BlockingClient.Mqtt5Publishes replies) throws InterruptedException {
    Optional<Mqtt5Publish> p = replies.receive(120, TimeUnit.SECONDS);
    assertThat(p).as("a message on bp/out").isPresent();
    return p.get();
  }

  private static String text(Mqtt5Publish p) {
    return new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8);
  }

  /** MQTT 3.1.1 CONNECT, clean session, keep-alive 60 s. */
  static byte[] connect(String clientId) {
    byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(new byte[] {0, 4, 'M', 'Q', 'T', 'T', 4, 2, 0, 60, (byte) (id.length >> 8), (byte) id.length});
    body.writeBytes(id);
    return packet(0x10, body.toByteArray());
  }

  /** MQTT PUBLISH, QoS 0. */
  static byte[] publish(String topic, byte[] payload) {
    byte[] t = topic.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(t.length >> 8);
    body.write(t.length);
    body.writeBytes(t);
    body.writeBytes(payload);
    return packet(0x30, body.toByteArray());
  }

  private static byte[] packet(int type, byte[] body) {
    ByteArrayOutputStream p = new ByteArrayOutputStream();
    p.write(type);
    int n = body.length;
    do {
      int digit = n % 128;
      n /= 128;
      p.write(n > 0 ? digit | 0x80 : digit);
    } while (n > 0);
    p.writeBytes(body);
    return p.toByteArray();
  }
}
