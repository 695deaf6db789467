package io.conduit.admin;

import io.conduit.broker.auth.PasswordHash;
import io.conduit.launch.Conduit;
import io.conduit.launch.ConduitOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Editor and Admin API login (Node-RED's adminAuth): tokens, permissions, revoke, comms, headers. */
class AdminLoginTest {
  @TempDir
  static Path dir;
  static Conduit conduit;
  static HttpClient http = HttpClient.newHttpClient();

  static JsonObject adminAuth(JsonObject extra) {
    return new JsonObject().put("type", "credentials").put("users", new JsonArray()
        .add(new JsonObject().put("username", "admin").put("password", PasswordHash.create("admin-pw", 1000).encoded()).put("permissions", "*"))
        .add(new JsonObject().put("username", "viewer").put("password", PasswordHash.create("viewer-pw", 1000).encoded()).put("permissions", "read")))
      .mergeIn(extra);
  }

  static Conduit start(Path data, JsonObject settings) throws Exception {
    return Conduit.start(ConduitOptions.fromSettings(new JsonObject().put("port", 0).put("http_port", 0).put("sys_interval", 0)
      .put("examples", false).put("data_dir", data.toString()).mergeIn(settings))).toCompletionStage().toCompletableFuture()
      .get(60, TimeUnit.SECONDS);
  }

  @BeforeAll
  static void startConduit() throws Exception {
    conduit = start(dir.resolve("data"), new JsonObject().put("admin_auth", adminAuth(new JsonObject())));
  }

  @AfterAll
  static void stopConduit() throws Exception {
    conduit.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  static HttpResponse<String> call(int port, String method, String path, String token, String contentType, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
      .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) b.header("Authorization", "Bearer " + token);
    if (contentType != null) b.header("Content-Type", contentType);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
    return call(conduit.httpPort(), method, path, token, body == null ? null : "application/json", body);
  }

  /** The editor's login request: a form post, as Node-RED's editor sends it. */
  static HttpResponse<String> tokenRequest(int port, String user, String password) throws Exception {
    String form = "client_id=node-red-editor&grant_type=password&scope=&username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
      + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
    return call(port, "POST", "/auth/token", null, "application/x-www-form-urlencoded", form);
  }

  static String login(String user, String password) throws Exception {
    HttpResponse<String> r = tokenRequest(conduit.httpPort(), user, password);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject t = new JsonObject(r.body());
    assertThat(t.getString("token_type")).isEqualTo("Bearer");
    assertThat(t.getLong("expires_in")).isEqualTo(AdminAuth.DEFAULT_SESSION_EXPIRY_SECONDS);
    return t.getString("access_token");
  }

  @Test
  void theApiNeedsATokenAndTheLoginSchemeSaysHowToGetOne() throws Exception {
    HttpResponse<String> r = call("GET", "/flows", null, null);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    assertThat(new JsonObject(r.body()).getString("code")).isEqualTo("unauthorized");
    assertThat(call("GET", "/settings", null, null).statusCode()).isEqualTo(401);
    assertThat(call("GET", "/broker/clients", null, null).statusCode()).isEqualTo(401);
    assertThat(call("POST", "/flows", null, "[]").statusCode()).isEqualTo(401);
    assertThat(call("GET", "/flows", "not-a-token", null).statusCode()).isEqualTo(401);
    JsonObject scheme = new JsonObject(call("GET", "/auth/login", null, null).body());
    assertThat(scheme.getString("type")).isEqualTo("credentials");
    assertThat(scheme.getJsonArray("prompts").getJsonObject(1).getString("type")).isEqualTo("password");
  }

  @Test
  void theEditorsFilesLoadWithoutLoginAndCarrySecurityHeaders() throws Exception {
    // the editor's files live in the web-editor module: here "/" is not found, but not refused either
    HttpResponse<String> page = call("GET", "/", null, null);
    assertThat(page.statusCode()).isEqualTo(404);
    assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("frame-ancestors 'none'").contains("default-src 'self'");
    assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    assertThat(call("GET", "/flows", null, null).headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
  }

  @Test
  void wrongPasswordsGetInvalidGrant() throws Exception {
    HttpResponse<String> r = tokenRequest(conduit.httpPort(), "admin", "nope");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(new JsonObject(r.body()).getString("error")).isEqualTo("invalid_grant");
    assertThat(tokenRequest(conduit.httpPort(), "nobody", "admin-pw").statusCode()).isEqualTo(403);
    HttpResponse<String> badClient = call(conduit.httpPort(), "POST", "/auth/token", null, "application/json",
      "{\"client_id\":\"evil\",\"grant_type\":\"password\",\"username\":\"admin\",\"password\":\"admin-pw\"}");
    assertThat(badClient.statusCode()).isEqualTo(401);
  }

  @Test
  void anAdminMayDeployAndAReadOnlyUserMayNot() throws Exception {
    String admin = login("admin", "admin-pw");
    String viewer = login("viewer", "viewer-pw");
    String flows = "[{\"id\":\"t1\",\"type\":\"tab\",\"label\":\"Flow 1\"}]";
    HttpResponse<String> deployed = call(conduit.httpPort(), "POST", "/flows", admin, "application/json", flows);
    assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(204);
    assertThat(call("GET", "/flows", viewer, null).statusCode()).isEqualTo(200);
    assertThat(call("GET", "/settings", viewer, null).statusCode()).isEqualTo(200);
    HttpResponse<String> refused = call("POST", "/flows", viewer, flows);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(new JsonObject(refused.body()).getString("message")).contains("flows.write");
    assertThat(call("POST", "/inject/x", viewer, null).statusCode()).isEqualTo(403);
  }

  @Test
  void aRevokedTokenStopsWorking() throws Exception {
    String token = login("admin", "admin-pw");
    assertThat(call("GET", "/flows", token, null).statusCode()).isEqualTo(200);
    assertThat(call("POST", "/auth/revoke", token, new JsonObject().put("token", token).encode()).statusCode()).isEqualTo(200);
    assertThat(call("GET", "/flows", token, null).statusCode()).isEqualTo(401);
  }

  @Test
  void tooManyAttemptsAreRefusedForTenMinutes() throws Exception {
    for (int i = 0; i < AdminAuth.MAX_ATTEMPTS; i++) {
      assertThat(tokenRequest(conduit.httpPort(), "guess-target", "guess" + i).statusCode()).isEqualTo(403);
    }
    HttpResponse<String> r = tokenRequest(conduit.httpPort(), "guess-target", "guess-again");
    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(r.body()).contains("Too many login attempts");
  }

  private static WebSocket comms(LinkedBlockingQueue<String> in) throws Exception {
    return http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + conduit.httpPort() + "/comms"), new WebSocket.Listener() {
      @Override
      public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        in.add(data.toString());
        ws.request(1);
        return null;
      }

      @Override
      public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
        in.add("closed");
        return null;
      }
    }).get(30, TimeUnit.SECONDS);
  }

  @Test
  void theCommsSocketWantsTheTokenFirst() throws Exception {
    LinkedBlockingQueue<String> in = new LinkedBlockingQueue<>();
    WebSocket anonymous = comms(in);
    anonymous.sendText("{\"subscribe\":\"debug\"}", true);
    assertThat(in.poll(30, TimeUnit.SECONDS)).isEqualTo("{\"auth\":\"fail\"}");
    assertThat(in.poll(30, TimeUnit.SECONDS)).isEqualTo("closed");

    LinkedBlockingQueue<String> in2 = new LinkedBlockingQueue<>();
    WebSocket loggedIn = comms(in2);
    loggedIn.sendText(new JsonObject().put("auth", login("viewer", "viewer-pw")).encode(), true);
    assertThat(in2.poll(30, TimeUnit.SECONDS)).isEqualTo("{\"auth\":\"ok\"}");
    loggedIn.sendClose(WebSocket.NORMAL_CLOSURE, "done");
  }

  @Test
  void defaultPermissionsLetAnonymousRequestsRead(@TempDir Path other) throws Exception {
    Conduit open = start(other, new JsonObject().put("admin_auth", adminAuth(new JsonObject().put("default", new JsonObject().put("permissions", "read")))));
    try {
      assertThat(call(open.httpPort(), "GET", "/flows", null, null, null).statusCode()).isEqualTo(200);
      assertThat(call(open.httpPort(), "POST", "/flows", null, "application/json", "[]").statusCode()).isEqualTo(403);
    } finally {
      open.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
  }

  @Test
  void bcryptHashesFromNodeRedAreRefusedWithAHint() {
    JsonObject bcrypt = new JsonObject().put("users", new JsonArray().add(new JsonObject().put("username", "admin")
      .put("password", "$2b$08$wuAqPiKJlVN27eF5qJp.RuQYuy6ZYONW7a/UWYxDTtwKFCdB8F19y").put("permissions", "*")));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> AdminAuth.fromSetting(bcrypt))
      .hasMessageContaining("conduit hash-pw").hasMessageNotContaining("wuAqPiKJ");
  }
}
