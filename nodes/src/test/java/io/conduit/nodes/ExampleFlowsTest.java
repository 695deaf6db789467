package io.conduit.nodes;

import io.conduit.launch.Conduit;
import io.conduit.launch.ConduitOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The repository's {@code flows/} examples are loaded and started on a first start with no flows file. */
class ExampleFlowsTest {

  @Test
  void aFirstStartDeploysEveryExampleAndTheyAllStart(@TempDir Path dataDir) throws Exception {
    ConduitOptions options = ConduitOptions.fromSettings(new JsonObject()
      .put("port", 0).put("http_port", 0).put("data_dir", dataDir.toString()));
    Conduit conduit = Conduit.start(options).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    try {
      JsonObject state = conduit.flows().state().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertThat(state).isEqualTo(new JsonObject().put("state", "start"));
      JsonArray deployed = new JsonArray(Files.readString(dataDir.resolve("flows.json")));
      int expected = 0;
      try (DirectoryStream<Path> examples = Files.newDirectoryStream(Path.of("..", "flows"), "*.json")) {
        for (Path example : examples) {
          JsonArray nodes = new JsonArray(Files.readString(example));
          expected += nodes.size();
          for (Object n : nodes) {
            assertThat(deployed).as(example.getFileName().toString()).contains(n);
          }
        }
      }
      assertThat(expected).isPositive();
      assertThat(deployed).hasSize(expected);
      assertThat(conduit.flows().runningNodeIds().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)).isNotEmpty();
    } finally {
      conduit.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
