package io.conduit.admin;

import io.conduit.spi.NodeStatus;
import io.conduit.testkit.FlowTestHarness;
import io.conduit.testkit.TestNodeType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Node-RED's Admin API ({@code editor-api/lib/admin/*_spec.js}) over real HTTP and a real WebSocket. */
class AdminApiTest {
  private static final String FLOW = "[{\"id\":\"t\",\"type\":\"tab\",\"label\":\"Main\"},"
    + "{\"id\":\"in\",\"z\":\"t\",\"type\":\"pass\",\"wires\":[[\"out\"]]},{\"id\":\"out\",\"z\":\"t\",\"type\":\"helper\"}]";
  private static FlowTestHarness h;
  private static HttpClient http;

  @BeforeAll
  static void start() {
    TestNodeType pass = TestNodeType.onInput("pass", (msg, done, node) -> {
      if ("warn".equals(msg.payload())) node.warn("careful");
      node.status(NodeStatus.of("green", "dot", "seen " + msg.payload()));
      node.send(msg);
      done.done();
    });
    TestNodeType cfg = TestNodeType.config("cfg", (config, node) -> {
      config.integer("port", 1, 1, 65535);
      return new io.conduit.spi.FlowNode() { };
    });
    h = FlowTestHarness.builder().types(pass, cfg).withAdmin().start();
    http = HttpClient.newHttpClient();
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  private static HttpResponse<String> call(String method, String path, String body, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + h.httpPort() + path))
      .timeout(Duration.ofSeconds(10))
      .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) b.header("Content-Type", "application/json");
    for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String deploy() throws Exception {
    HttpResponse<String> r = call("POST", "/flows", "{\"flows\":" + FLOW + "}", "Node-RED-API-Version", "v2");
    assertThat(r.statusCode()).isEqualTo(200);
    return new JsonObject(r.body()).getString("rev");
  }

  private static void assertStillRunning() throws Exception {
    assertThat(call("POST", "/inject/in", null).statusCode()).isEqualTo(200);
    assertThat(h.sink("out").next()).isNotNull();
  }

  @Test
  void flowsRoundTripInBothApiVersions() throws Exception {
    String rev = deploy();
    HttpResponse<String> v1 = call("GET", "/flows", null);
    assertThat(v1.statusCode()).isEqualTo(200);
    assertThat(v1.headers().firstValue("Content-Type")).hasValueSatisfying(c -> assertThat(c).startsWith("application/json"));
    assertThat(v1.body()).isEqualTo(new JsonArray(FLOW).encode());
    JsonObject v2 = new JsonObject(call("GET", "/flows", null, "Node-RED-API-Version", "v2").body());
    assertThat(v2.getString("rev")).isEqualTo(rev);
    assertThat(v2.getJsonArray("flows")).isEqualTo(new JsonArray(FLOW));
    assertThat(call("POST", "/flows", FLOW).statusCode()).as("v1 deploy answers 204").isEqualTo(204);
    HttpResponse<String> bad = call("GET", "/flows", null, "Node-RED-API-Version", "v3");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(bad.body())).isEqualTo(new JsonObject().put("code", "invalid_api_version").put("message", "Invalid API Version requested"));
  }

  @Test
  void aStaleRevisionIs409AndTheFlowsKeepRunning() throws Exception {
    String rev = deploy();
    String changed = FLOW.replace("\"label\":\"Main\"", "\"label\":\"Renamed\"");
    HttpResponse<String> ok = call("POST", "/flows", "{\"rev\":\"" + rev + "\",\"flows\":" + changed + "}", "Node-RED-API-Version", "v2");
    assertThat(ok.statusCode()).isEqualTo(200);
    HttpResponse<String> stale = call("POST", "/flows", "{\"rev\":\"" + rev + "\",\"flows\":" + FLOW + "}", "Node-RED-API-Version", "v2");
    assertThat(stale.statusCode()).isEqualTo(409);
    assertThat(new JsonObject(stale.body()).getString("code")).isEqualTo("version_mismatch");
    assertThat(stale.body()).doesNotContain("at io.");
    assertStillRunning();
  }

  @Test
  void anInvalidFlowIs400NamingNodeTypeAndFieldAndTheFlowsKeepRunning() throws Exception {
    deploy();
    String bad = new JsonArray(FLOW).add(new JsonObject().put("id", "c1").put("type", "cfg").put("port", "http")).encode();
    HttpResponse<String> r = call("POST", "/flows", bad, "Node-RED-Deployment-Type", "nodes");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(r.body())).isEqualTo(new JsonObject().put("code", "invalid_node_config")
      .put("message", "node c1 (cfg): port 'http' is not a whole number"));
    assertStillRunning();
    HttpResponse<String> notJson = call("POST", "/flows", "[{", "Node-RED-API-Version", "v1");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(notJson.body()).getString("code")).isEqualTo("invalid_json");
    assertThat(call("POST", "/flows", FLOW, "Node-RED-Deployment-Type", "partial").statusCode()).isEqualTo(400);
  }

  @Test
  void missingTypesAreNamedAndReloadRestartsFromTheFile() throws Exception {
    deploy();
    JsonArray withMissing = new JsonArray(FLOW).add(new JsonObject().put("id", "m").put("z", "t").put("type", "function").put("x", 1).put("y", 1));
    HttpResponse<String> r = call("POST", "/flows", new JsonObject().put("flows", withMissing).encode(), "Node-RED-API-Version", "v2");
    assertThat(new JsonObject(r.body()).getJsonArray("missingTypes")).containsExactly("function");
    assertThat(new JsonObject(call("GET", "/flows/state", null).body()).getString("state")).isEqualTo("stop");
    deploy();
    HttpResponse<String> reload = call("POST", "/flows", null, "Node-RED-Deployment-Type", "reload", "Node-RED-API-Version", "v2");
    assertThat(reload.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(call("GET", "/flows/state", null).body()).getString("state")).isEqualTo("start");
    assertStillRunning();
  }

  @Test
  void singleFlowRoutesAddReadUpdateAndDelete() throws Exception {
    deploy();
    HttpResponse<String> added = call("POST", "/flow", "{\"label\":\"Second\",\"nodes\":[{\"id\":\"s1\",\"type\":\"pass\",\"x\":1,\"y\":1,\"wires\":[]}]}");
    assertThat(added.statusCode()).isEqualTo(200);
    String id = new JsonObject(added.body()).getString("id");
    JsonObject flow = new JsonObject(call("GET", "/flow/" + id, null).body());
    assertThat(flow.getString("label")).isEqualTo("Second");
    assertThat(flow.getJsonArray("nodes").getJsonObject(0).getString("z")).isEqualTo(id);
    HttpResponse<String> put = call("PUT", "/flow/" + id, "{\"label\":\"Renamed\",\"nodes\":[]}");
    assertThat(put.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(call("GET", "/flow/" + id, null).body()).getString("label")).isEqualTo("Renamed");
    assertThat(call("DELETE", "/flow/" + id, null).statusCode()).isEqualTo(204);
    HttpResponse<String> gone = call("GET", "/flow/" + id, null);
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(new JsonObject(gone.body()).getString("code")).isEqualTo("not_found");
    assertThat(call("DELETE", "/flow/global", null).statusCode()).isEqualTo(400);
    assertStillRunning();
  }

  @Test
  void nodesAreListedAsJsonOrAsTheEditorsHtml() throws Exception {
    JsonArray list = new JsonArray(call("GET", "/nodes", null, "Accept", "application/json").body());
    assertThat(list.stream().map(o -> ((JsonObject) o).getString("name"))).contains("pass", "helper", "global-config");
    HttpResponse<String> html = call("GET", "/nodes", null, "Accept", "text/html");
    assertThat(html.statusCode()).isEqualTo(200);
    assertThat(html.headers().firstValue("Content-Type")).hasValueSatisfying(c -> assertThat(c).startsWith("text/html"));
  }

  @Test
  void injectDeliversToTheNodeAndAnUnknownNodeIs404() throws Exception {
    deploy();
    HttpResponse<String> r = call("POST", "/inject/in", "{\"__user_inject_props__\":[],\"payload\":\"from button\"}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(h.sink("out").next().payload()).isEqualTo("from button");
    assertThat(call("POST", "/inject/nope", null).statusCode()).isEqualTo(404);
    assertThat(call("POST", "/debug/in/enable", null).statusCode()).as("not a node with an active toggle").isEqualTo(404);
    assertThat(call("POST", "/debug/in/sideways", null).statusCode()).isEqualTo(404);
  }

  @Test
  void settingsDescribeTheRuntime() throws Exception {
    JsonObject s = new JsonObject(call("GET", "/settings", null).body());
    assertThat(s.getString("httpNodeRoot")).isEqualTo("/");
    assertThat(s.getJsonObject("context")).isEqualTo(new JsonObject().put("default", "memory").put("stores", new JsonArray().add("memory")));
    assertThat(s.getBoolean("flowFilePretty")).isTrue();
  }

  @Test
  void commsSendsRetainedStatusOnSubscribeAndLiveDebugEvents() throws Exception {
    deploy();
    call("POST", "/inject/in", "{\"__user_inject_props__\":[],\"payload\":\"one\"}");
    h.awaitComms("status/in", 1);
    LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
    WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + h.httpPort() + "/comms"), new WebSocket.Listener() {
      private final StringBuilder text = new StringBuilder();

      @Override
      public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
          frames.add(text.toString());
          text.setLength(0);
        }
        socket.request(1);
        return null;
      }
    }).get(10, TimeUnit.SECONDS);
    ws.sendText("{\"subscribe\":\"status/#\"}", true).get(5, TimeUnit.SECONDS);
    JsonArray retained = new JsonArray(frames.poll(5, TimeUnit.SECONDS));
    assertThat(retained.getJsonObject(0)).isEqualTo(new JsonObject().put("topic", "status/in")
      .put("data", new JsonObject().put("fill", "green").put("shape", "dot").put("text", "seen one")));
    call("POST", "/inject/in", "{\"__user_inject_props__\":[],\"payload\":\"warn\"}");
    JsonObject debug = null;
    while (debug == null) {
      String frame = frames.poll(5, TimeUnit.SECONDS);
      assertThat(frame).as("a debug event within 5 s").isNotNull();
      for (Object o : new JsonArray(frame)) {
        JsonObject event = (JsonObject) o;
        if (event.getString("topic").equals("debug")) debug = event.getJsonObject("data");
      }
    }
    assertThat(debug.getString("msg")).isEqualTo("careful");
    assertThat(debug.getInteger("level")).isEqualTo(30);
    assertThat(debug.getString("id")).isEqualTo("in");
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
  }

  @Test
  void unknownPathsAre404Json() throws Exception {
    HttpResponse<String> r = call("GET", "/no/such/thing", null);
    assertThat(r.statusCode()).isEqualTo(404);
  }
}
