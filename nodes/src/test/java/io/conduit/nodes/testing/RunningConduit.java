package io.conduit.nodes.testing;

import io.conduit.launch.Conduit;
import io.conduit.launch.ConduitOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A whole Conduit (broker, flow engine, Admin API) in the test JVM on free loopback ports, with its
 * data in {@code dataDir}, and an HTTP client for its Admin API; {@link #close()} stops it.
 */
public final class RunningConduit implements AutoCloseable {
  private final Conduit conduit;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  public RunningConduit(Path dataDir) throws Exception {
    ConduitOptions options = ConduitOptions.fromSettings(new JsonObject()
      .put("port", 0).put("http_port", 0).put("data_dir", dataDir.toString()));
    conduit = Conduit.start(options).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  public int mqttPort() {
    return conduit.mqttPort();
  }

  /** The Admin API's base URL, e.g. {@code http://127.0.0.1:PORT}. */
  public String adminUrl() {
    return "http://127.0.0.1:" + conduit.httpPort();
  }

  public HttpClient http() {
    return http;
  }

  /** POST /flows as a full deployment; the response, for the test to check. */
  public HttpResponse<String> deployFull(JsonArray flows) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(adminUrl() + "/flows"))
      .header("Content-Type", "application/json").header("Node-RED-Deployment-Type", "full")
      .POST(HttpRequest.BodyPublishers.ofString(flows.encode())).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() throws Exception {
    conduit.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
