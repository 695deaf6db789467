package io.conduit.launch;

import io.conduit.broker.persist.RocksDbBrokerStore;
import io.conduit.spi.LocalClient;
import io.conduit.spi.MqttPublish;
import io.conduit.spi.PublishProperties;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Conduit and its broker store at start-up: a store that cannot be read stops the start with exit
 * code 1, the store's directory and the reason, and changes nothing; {@code --reset-store} moves it
 * aside and starts empty. (A real process killed with -9: {@code io.conduit.broker.KillNineTest}.)
 */
class StoreStartupTest {
  @TempDir
  Path dir;

  private Conduit start(JsonObject extra) throws Exception {
    JsonObject settings = new JsonObject().put("port", 0).put("http_port", 0).put("data_dir", dir.toString()).put("sys_interval", 0);
    return Conduit.start(ConduitOptions.fromSettings(settings.mergeIn(extra))).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static void stop(Conduit c) throws Exception {
    c.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void aDamagedStoreStopsTheStartNamingItAndResetStoreStartsAfresh() throws Exception {
    Conduit first = start(new JsonObject());
    LocalClient c = first.broker().localBroker().connect("retainer");
    c.publish(new MqttPublish("keep", Buffer.buffer("1"), 1, true, PublishProperties.NONE))
      .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    stop(first);
    Path store = dir.resolve(RocksDbBrokerStore.DIRECTORY);
    Files.writeString(store.resolve("CURRENT"), "MANIFEST-999999\n");

    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Main.run(new String[] {"start", "--port", "0", "--http-port", "0",
      "--data-dir", dir.toString()}, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8)));
    assertThat(exit).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains(store.toAbsolutePath().toString())
      .contains("MANIFEST-999999").contains("--repair-store").contains("--reset-store");
    assertThat(store.resolve("CURRENT")).as("nothing was changed").hasContent("MANIFEST-999999");

    Conduit fresh = start(new JsonObject().put("reset_store", true));
    try {
      assertThat(fresh.broker().inspector().retained().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEmpty();
    } finally {
      stop(fresh);
    }
    try (var siblings = Files.list(dir)) {
      Path aside = siblings.filter(p -> p.getFileName().toString().startsWith(RocksDbBrokerStore.DIRECTORY + ".reset-")).findFirst().orElseThrow();
      assertThat(aside.resolve("CURRENT")).hasContent("MANIFEST-999999");
    }
  }

  @Test
  void retainedMessagesSurviveACleanRestartOfConduit() throws Exception {
    Conduit first = start(new JsonObject().put("fsync", "always"));
    LocalClient c = first.broker().localBroker().connect("retainer");
    c.publish(new MqttPublish("state/door", Buffer.buffer("open"), 1, true, PublishProperties.NONE))
      .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    stop(first);
    Conduit again = start(new JsonObject());
    try {
      assertThat(again.broker().inspector().retained().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS))
        .extracting(r -> r.topic()).containsExactly("state/door");
    } finally {
      stop(again);
    }
  }
}
