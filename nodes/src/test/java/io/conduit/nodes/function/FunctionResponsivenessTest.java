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

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #4, item 4, end to end on a real Conduit (broker, flow engine, Admin API) with real MQTT
 * and HTTP clients: while one function node spins in {@code while(true){}}, another flow keeps
 * passing messages through the broker and the Admin API answers; then the spinning run is stopped
 * at its time limit and the error reaches a catch node.
 */
class FunctionResponsivenessTest {
  static final int LIMIT_SECONDS = 10;

  static JsonArray flows(int mqttPort) {
    JsonObject broker = new JsonObject().put("id", "b1").put("type", "mqtt-broker").put("broker", "127.0.0.1")
      .put("port", String.valueOf(mqttPort)).put("clientid", "").put("protocolVersion", "4").put("keepalive", "60").put("cleansession", true);
    return new JsonArray()
      .add(new JsonObject().put("id", "t1").put("type", "tab").put("label", "spinning"))
      .add(new JsonObject().put("id", "t2").put("type", "tab").put("label", "working"))
      .add(broker)
      .add(mqttIn("in1", "t1", "loop/in", "spin"))
      .add(function("spin", "t1", "if (msg.payload === 'spin') { while (true) {} } return msg;", "out1").put("timeout", LIMIT_SECONDS))
      .add(mqttOut("out1", "t1", "loop/out"))
      .add(new JsonObject().put("id", "c1").put("type", "catch").put("z", "t1").put("scope", null).put("uncaught", false)
        .put("wires", new JsonArray().add(new JsonArray().add("why"))))
      .add(function("why", "t1", "msg.payload = msg.error.message; return msg;", "err1"))
      .add(mqttOut("err1", "t1", "loop/errors"))
      .add(mqttIn("in2", "t2", "work/in", "double"))
      .add(function("double", "t2", "msg.payload = String(Number(msg.payload) * 2); return msg;", "out2"))
      .add(mqttOut("out2", "t2", "work/out"));
  }

  static JsonObject mqttIn(String id, String z, String topic, String next) {
    return new JsonObject().put("id", id).put("type", "mqtt in").put("z", z).put("topic", topic).put("qos", "1")
      .put("datatype", "utf8").put("broker", "b1").put("wires", new JsonArray().add(new JsonArray().add(next)));
  }

  static JsonObject mqttOut(String id, String z, String topic) {
    return new JsonObject().put("id", id).put("type", "mqtt out").put("z", z).put("topic", topic).put("qos", "1")
      .put("retain", "false").put("broker", "b1").put("wires", new JsonArray());
  }

  static JsonObject function(String id, String z, String func, String next) {
    return new JsonObject().put("id", id).put("type", "function").put("z", z).put("func", func).put("outputs", 1)
      .put("noerr", 0).put("initialize", "").put("finalize", "").put("libs", new JsonArray())
      .put("wires", new JsonArray().add(new JsonArray().add(next)));
  }

  @Test
  void otherFlowsTheBrokerAndTheAdminApiStayResponsiveWhileAScriptSpins(@TempDir Path dir) throws Exception {
    RunningConduit conduit = new RunningConduit(dir);
    HttpClient http = conduit.http();
    Mqtt5BlockingClient client = Mqtt5Client.builder().identifier("responsiveness-test")
      .serverHost("127.0.0.1").serverPort(conduit.mqttPort()).buildBlocking();
    try (Mqtt5BlockingClient.Mqtt5Publishes replies = connectAndListen(client)) {
      String base = conduit.adminUrl();
      HttpResponse<String> deployed = conduit.deployFull(flows(conduit.mqttPort()));
      assertThat(deployed.statusCode()).as(deployed.body()).isBetween(200, 204);

      // warm the working flow up, then start the spinning script
      assertThat(roundTrip(client, replies, 0)).isEqualTo("0");
      client.publishWith().topic("loop/in").payload("spin".getBytes(StandardCharsets.UTF_8)).qos(MqttQos.AT_LEAST_ONCE).send();

      long spinStarted = System.nanoTime();
      for (int i = 1; i <= 20; i++) {
        assertThat(roundTrip(client, replies, i)).isEqualTo(String.valueOf(i * 2));
        HttpResponse<String> flowsNow = http.send(HttpRequest.newBuilder(URI.create(base + "/flows")).GET().build(),
          HttpResponse.BodyHandlers.ofString());
        assertThat(flowsNow.statusCode()).isEqualTo(200);
      }
      long busy = System.nanoTime() - spinStarted;
      assertThat(busy).as("all of that happened before the spinning run's %d s limit", LIMIT_SECONDS)
        .isLessThan(TimeUnit.SECONDS.toNanos(LIMIT_SECONDS));

      Mqtt5Publish error = nextOn(replies, "loop/errors", LIMIT_SECONDS * 4);
      assertThat(new String(error.getPayloadAsBytes(), StandardCharsets.UTF_8))
        .isEqualTo("Script execution timed out after " + LIMIT_SECONDS * 1000 + "ms");
      // and the stopped node handles the next message
      client.publishWith().topic("loop/in").payload("fine".getBytes(StandardCharsets.UTF_8)).qos(MqttQos.AT_LEAST_ONCE).send();
      assertThat(new String(nextOn(replies, "loop/out", 30).getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("fine");
    } finally {
      client.disconnect();
      conduit.close();
    }
  }

  private static Mqtt5BlockingClient.Mqtt5Publishes connectAndListen(Mqtt5BlockingClient client) {
    client.connect();
    Mqtt5BlockingClient.Mqtt5Publishes publishes = client.publishes(MqttGlobalPublishFilter.ALL);
    client.subscribeWith().addSubscription().topicFilter("work/out").qos(MqttQos.AT_LEAST_ONCE).applySubscription()
      .addSubscription().topicFilter("loop/#").qos(MqttQos.AT_LEAST_ONCE).applySubscription().send();
    return publishes;
  }

  private static String roundTrip(Mqtt5BlockingClient client, Mqtt5BlockingClient.Mqtt5Publishes replies, int n) throws InterruptedException {
    client.publishWith().topic("work/in").payload(String.valueOf(n).getBytes(StandardCharsets.UTF_8)).qos(MqttQos.AT_LEAST_ONCE).send();
    return new String(nextOn(replies, "work/out", 30).getPayloadAsBytes(), StandardCharsets.UTF_8);
  }

  private static Mqtt5Publish nextOn(Mqtt5BlockingClient.Mqtt5Publishes replies, String topic, long seconds) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (true) {
      long left = end - System.nanoTime();
      Optional<Mqtt5Publish> p = replies.receive(Math.max(1, left), TimeUnit.NANOSECONDS);
      assertThat(p).as("a message on %s within %d s", topic, seconds).isPresent();
      String got = p.get().getTopic().toString();
      if (got.equals(topic)) {
        return p.get();
      }
      assertThat(got).as("the spinning run was stopped while the other flow was still being checked").isNotEqualTo("loop/errors");
    }
  }
}
