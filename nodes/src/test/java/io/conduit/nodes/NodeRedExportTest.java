package io.conduit.nodes;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.conduit.launch.Conduit;
import io.conduit.launch.ConduitOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A representative Node-RED 5 export (two tabs, an mqtt-broker config node, a group, a subflow
 * with env, links across tabs, mqtt in → switch → subflow(change) → mqtt out, debug, comment) runs
 * unchanged in Conduit: deployed over the Admin API, driven through the built-in broker by a real
 * MQTT client, exported back equal to what was imported; stale revisions, invalid nodes and
 * missing types leave the running flows working.
 */
class NodeRedExportTest {
  @TempDir
  static Path dataDir;
  private static Conduit conduit;
  private static HttpClient http;
  private static Mqtt5BlockingClient device;
  private static Mqtt5BlockingClient.Mqtt5Publishes received;
  private static JsonArray export;

  @BeforeAll
  static void start() throws Exception {
    ConduitOptions options = ConduitOptions.fromSettings(new JsonObject()
      .put("port", 0).put("http_port", 0).put("data_dir", dataDir.toString()).put("examples", false));
    conduit = Conduit.start(options).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    http = HttpClient.newHttpClient();
    try (InputStream in = NodeRedExportTest.class.getResourceAsStream("/flows/node-red-5-export.json")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      export = new JsonArray(text.replace("\"port\": \"1883\"", "\"port\": \"" + conduit.mqttPort() + "\""));
    }
    device = Mqtt5Client.builder().identifier("device-" + UUID.randomUUID()).serverHost("127.0.0.1")
      .serverPort(conduit.mqttPort()).buildBlocking();
    device.connect();
    received = device.publishes(MqttGlobalPublishFilter.ALL);
    device.subscribeWith().topicFilter("alerts/#").qos(MqttQos.AT_LEAST_ONCE).send();
    device.subscribeWith().topicFilter("normal/#").qos(MqttQos.AT_LEAST_ONCE).send();
  }

  @AfterAll
  static void stop() throws Exception {
    received.close();
    device.disconnect();
    conduit.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static HttpResponse<String> call(String method, String path, String body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + conduit.httpPort() + path))
      .timeout(Duration.ofSeconds(20))
      .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
      .header("Content-Type", "application/json").header("Node-RED-API-Version", "v2");
    for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String deploy(JsonArray flows) throws Exception {
    HttpResponse<String> r = call("POST", "/flows", new JsonObject().put("flows", flows).encode());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(new JsonObject(r.body()).containsKey("missingTypes")).as(r.body()).isFalse();
    return new JsonObject(r.body()).getString("rev");
  }

  private static Mqtt5Publish next() throws Exception {
    return received.receive(10, TimeUnit.SECONDS).orElseThrow(() -> new AssertionError("nothing published within 10 s"));
  }

  /** Hot readings become alerts (via the subflow), the others go through the link to the other tab. */
  private static void assertTheFlowsRun(String device1, int hot, int normal) throws Exception {
    device.publishWith().topic("sensors/" + device1 + "/temp").payload(Integer.toString(hot).getBytes()).send();
    Mqtt5Publish alert = next();
    assertThat(alert.getTopic().toString()).isEqualTo("alerts/" + device1 + "/temp");
    assertThat(new String(alert.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo(Integer.toString(hot));
    device.publishWith().topic("sensors/" + device1 + "/temp").payload(Integer.toString(normal).getBytes()).send();
    Mqtt5Publish reading = next();
    assertThat(reading.getTopic().toString()).as("the tab's env OUT_TOPIC in mqtt out's topic").isEqualTo("normal/readings");
    assertThat(new String(reading.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo(Integer.toString(normal));
  }

  @Test
  void theExportRunsAndExportsBackAsImported() throws Exception {
    String rev = deploy(export);
    assertTheFlowsRun("boiler", 35, 20);
    JsonObject got = new JsonObject(call("GET", "/flows", null).body());
    assertThat(got.getString("rev")).isEqualTo(rev);
    assertThat(got.getJsonArray("flows")).isEqualTo(export);
    assertThat(Files.readString(dataDir.resolve("flows.json"))).contains("\"label\": \"Sensors\"");
  }

  @Test
  void aStaleRevisionAndAnInvalidNodeAreRefusedAndTheFlowsKeepRunning() throws Exception {
    String rev = deploy(export);
    JsonArray renamed = export.copy();
    renamed.getJsonObject(0).put("label", "Sensors (renamed)");
    assertThat(call("POST", "/flows", new JsonObject().put("rev", rev).put("flows", renamed).encode()).statusCode()).isEqualTo(200);
    HttpResponse<String> stale = call("POST", "/flows", new JsonObject().put("rev", rev).put("flows", export).encode());
    assertThat(stale.statusCode()).isEqualTo(409);
    assertThat(new JsonObject(stale.body()).getString("code")).isEqualTo("version_mismatch");
    assertTheFlowsRun("kiln", 99, 10);

    JsonArray invalid = renamed.copy();
    for (Object o : invalid) {
      JsonObject n = (JsonObject) o;
      if ("2b3c4d5e6f708192".equals(n.getString("id"))) {
        n.getJsonArray("rules").getJsonObject(0).put("v", "warm").put("vt", "num");
      }
    }
    HttpResponse<String> bad = call("POST", "/flows", new JsonObject().put("flows", invalid).encode(), "Node-RED-Deployment-Type", "nodes");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(bad.body()).getString("message")).startsWith("node 2b3c4d5e6f708192 (switch): rules[0]");
    assertTheFlowsRun("oven", 31, 29);
  }

  @Test
  void aFlowWithAMissingTypeIsSavedButNotStartedAndNamesIt() throws Exception {
    deploy(export);
    JsonArray withContrib = export.copy();
    withContrib.add(new JsonObject().put("id", "c0ffee0000000001").put("type", "node-red-contrib-foo").put("z", "6c1f0e2b9a4d7e31")
      .put("x", 100).put("y", 300).put("wires", new JsonArray()));
    HttpResponse<String> r = call("POST", "/flows", new JsonObject().put("flows", withContrib).encode());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(r.body()).getJsonArray("missingTypes")).containsExactly("node-red-contrib-foo");
    assertThat(new JsonObject(call("GET", "/flows/state", null).body()).getString("state")).isEqualTo("stop");
    assertThat(new JsonObject(call("GET", "/flows", null).body()).getJsonArray("flows")).isEqualTo(withContrib);
    deploy(export);
    assertTheFlowsRun("dryer", 45, 15);
  }

  @Test
  void aNodesDeploymentRestartsOnlyWhatChangedAndLeavesTheMqttNodesAlone() throws Exception {
    deploy(export);
    Object mqttIn = conduit.flows().node("1a2b3c4d5e6f7081", Object.class).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    Object brokerNode = conduit.flows().node("f00dfeedc0ffee01", Object.class).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    Object debug = conduit.flows().node("7e6f708192a3b4c5", Object.class).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    JsonArray changed = export.copy();
    for (Object o : changed) {
      JsonObject n = (JsonObject) o;
      if ("7e6f708192a3b4c5".equals(n.getString("id"))) n.put("name", "hot readings (renamed)");
      if ("6f708192a3b4c5d7".equals(n.getString("id"))) n.put("x", 222);
    }
    HttpResponse<String> r = call("POST", "/flows", new JsonObject().put("flows", changed).encode(), "Node-RED-Deployment-Type", "nodes");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(conduit.flows().node("1a2b3c4d5e6f7081", Object.class).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS))
      .as("mqtt in kept running").isSameAs(mqttIn);
    assertThat(conduit.flows().node("f00dfeedc0ffee01", Object.class).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS))
      .as("the broker config node kept running").isSameAs(brokerNode);
    assertThat(conduit.flows().node("7e6f708192a3b4c5", Object.class).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS))
      .as("the changed debug node restarted").isNotSameAs(debug);
    assertTheFlowsRun("press", 50, 5);
  }
}
