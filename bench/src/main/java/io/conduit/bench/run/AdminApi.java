package io.conduit.bench.run;

import io.vertx.core.json.JsonArray;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Node-RED's Admin API as the benchmarks use it, for Node-RED and Conduit alike: a full deploy
 * ({@code POST /flows}, {@code Node-RED-Deployment-Type: full}, API v1 body: the flat array).
 * HTTP/1.1 only: Node-RED's server hands requests with {@code Upgrade: h2c} (which the JDK client
 * sends by default) to its WebSocket handler, which drops them.
 */
final class AdminApi {
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private AdminApi() {
  }

  /** Deploys {@code flows}; returns the time from sending the request to the response, in ms. */
  static double deploy(int httpPort, JsonArray flows) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/flows"))
      .timeout(Duration.ofMinutes(5))
      .header("Content-Type", "application/json")
      .header("Node-RED-Deployment-Type", "full")
      .header("Node-RED-API-Version", "v1")
      .POST(HttpRequest.BodyPublishers.ofString(flows.encode()))
      .build();
    long t0 = System.nanoTime();
    HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    double millis = (System.nanoTime() - t0) / 1e6;
    if (r.statusCode() / 100 != 2) {
      throw new IOException("POST /flows on port " + httpPort + " answered " + r.statusCode() + ": " + r.body());
    }
    return millis;
  }
}
