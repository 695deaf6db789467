package io.conduit.launch;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Conduit as a whole: broker, flow engine and Admin API start and stop together. */
class ConduitFlowsTest {

  @Test
  void startsAndStopsWithTheFlowEngineAndTheAdminServer(@TempDir Path dir) throws Exception {
    Conduit conduit = start(dir);
    assertThat(conduit.httpPort()).isPositive();
    long t0 = System.nanoTime();
    conduit.stop().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(5000);
  }

  @Test
  void theFlowEngineRunsOnTheBrokersEventLoop(@TempDir Path dir) throws Exception {
    Conduit conduit = start(dir);
    try {
      assertThat(conduit.flows().eventLoop()).isSameAs(conduit.broker().eventLoop());
    } finally {
      conduit.stop().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
  }

  private static Conduit start(Path dir) throws Exception {
    ConduitOptions options = ConduitOptions.fromSettings(new JsonObject()
      .put("port", 0).put("http_port", 0).put("data_dir", dir.toString()));
    return Conduit.start(options).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }
}
