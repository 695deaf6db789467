package io.conduit.editor;

import io.conduit.launch.Conduit;
import io.conduit.launch.ConduitOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Conduit in the test JVM: broker and editor on free loopback ports (port 0), flows in a
 * fresh temporary data directory that {@link #close()} removes. The test owns the Vert.x instance
 * and closes it after Conduit stopped, from the test thread (a future completed while Vert.x
 * shuts its event loops down would never reach a listener on one of them).
 */
public final class RunningConduit implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final Conduit conduit;
  private final Path dataDir;
  private final HttpClient http = HttpClient.newHttpClient();

  public RunningConduit() {
    try {
      dataDir = Files.createTempDirectory("conduit-editor-test-");
      JsonObject settings = new JsonObject().put("port", 0).put("http_port", 0).put("data_dir", dataDir.toString());
      conduit = Conduit.start(vertx, ConduitOptions.fromSettings(settings)).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException("Conduit did not start: " + e, e);
    }
  }

  public String editorUrl() {
    return "http://127.0.0.1:" + conduit.httpPort() + "/";
  }

  public int mqttPort() {
    return conduit.mqttPort();
  }

  /** GET on the Admin API with Node-RED's v2 header; returns the body. */
  public JsonObject getFlows() {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(editorUrl() + "flows"))
        .header("Node-RED-API-Version", "v2").GET().build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) throw new IllegalStateException("GET /flows answered " + r.statusCode() + ": " + r.body());
      return new JsonObject(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws Exception {
    try {
      conduit.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      try (Stream<Path> files = Files.walk(dataDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
