package io.conduit.flow;

import io.conduit.spi.Message;
import io.conduit.testkit.FlowTestHarness;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Context scopes and stores (Node-RED's {@code context/*_spec.js}) and environment variables. */
class ContextAndEnvTest {
  private final EngineTestTypes types = new EngineTestTypes();
  private static final String COUNTER = "[{\"id\":\"t\",\"type\":\"tab\"},{\"id\":\"c\",\"z\":\"t\",\"type\":\"ctx\",\"wires\":[[\"out\"]]},{\"id\":\"out\",\"z\":\"t\",\"type\":\"helper\"}]";
  private static final JsonObject FILE_STORE = new JsonObject()
    .put("default", new JsonObject().put("module", "localfilesystem").put("config", new JsonObject().put("flushInterval", 3600)));

  @Test
  void nodeFlowAndGlobalContextsAreSeparateScopes() {
    try (FlowTestHarness h = types.harness().start()) {
      h.load(COUNTER);
      h.send("c", Message.withPayload("a"));
      h.send("c", Message.withPayload("b"));
      assertThat(h.sink("out").next(2)).extracting(Message::payload).containsExactly(1, 2);
      assertThat(h.context("t", "count")).isEqualTo(2);
      assertThat(h.context("c:t", "seen")).isEqualTo(2);
      assertThat(h.context("global", "last")).isEqualTo("b");
    }
  }

  @Test
  void withOnlyTheMemoryStoreANodesContextGoesWhenItRestarts() {
    try (FlowTestHarness h = types.harness().start()) {
      h.load(COUNTER);
      h.send("c", Message.withPayload("a"));
      h.sink("out").next();
      JsonArray changed = new JsonArray(COUNTER);
      changed.getJsonObject(1).put("name", "renamed");
      h.deploy(changed, "nodes");
      assertThat(h.context("c:t", "seen")).isNull();
      assertThat(h.context("t", "count")).as("the flow context stays").isEqualTo(1);
    }
  }

  @Test
  void theFileStoreKeepsValuesAcrossARestartAndFlushesOnShutdown(@TempDir Path dir) throws Exception {
    try (FlowTestHarness h = types.harness().dataDir(dir).setting("context_storage", FILE_STORE).start()) {
      h.load(COUNTER);
      h.send("c", Message.withPayload("persisted"));
      h.sink("out").next();
      assertThat(dir.resolve("context/t/flow.json")).as("not before the flush interval").doesNotExist();
    }
    assertThat(Files.readString(dir.resolve("context/t/flow.json"))).isEqualTo("{\n    \"count\": 1\n}");
    assertThat(Files.readString(dir.resolve("context/global/global.json"))).contains("\"last\": \"persisted\"");
    assertThat(dir.resolve("context/t/c.json")).exists();
    try (FlowTestHarness h = types.harness().dataDir(dir).setting("context_storage", FILE_STORE).start()) {
      h.send("c", Message.withPayload("again"));
      assertThat(h.sink("out").next().payload()).isEqualTo(2);
    }
  }

  @Test
  void theFileStoreFlushesPeriodically(@TempDir Path dir) {
    JsonObject quick = new JsonObject().put("default", new JsonObject().put("module", "localfilesystem")
      .put("config", new JsonObject().put("flushInterval", 0.05)));
    try (FlowTestHarness h = types.harness().dataDir(dir).setting("context_storage", quick).start()) {
      h.load(COUNTER);
      h.send("c", Message.withPayload("x"));
      h.sink("out").next();
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
        .until(() -> Files.exists(dir.resolve("context/t/flow.json")));
    }
  }

  @Test
  void removedNodesLoseTheirStoredContext(@TempDir Path dir) {
    try (FlowTestHarness h = types.harness().dataDir(dir).setting("context_storage", FILE_STORE).start()) {
      h.load(COUNTER);
      h.send("c", Message.withPayload("x"));
      h.sink("out").next();
      h.load("[{\"id\":\"t\",\"type\":\"tab\"}]");
      assertThat(h.context("c:t", "seen")).isNull();
      assertThat(h.context("t", "count")).isEqualTo(1);
      assertThat(h.context("global", "last")).isEqualTo("x");
    }
  }

  @Test
  void aBadContextStorageSettingStopsTheStartNamingIt() {
    assertThatThrownBy(() -> types.harness().setting("context_storage", new JsonObject().put("disk", new JsonObject().put("module", "redis"))).start())
      .hasMessageContaining("store 'disk': unknown module 'redis'");
  }

  @Test
  void envVariablesComeFromGroupsTabsAndTheProcessAndReplaceConfigProperties() {
    String path = System.getenv("PATH");
    try (FlowTestHarness h = types.harness().start()) {
      h.load("[{\"id\":\"t\",\"type\":\"tab\",\"label\":\"Main\",\"env\":[{\"name\":\"A\",\"type\":\"str\",\"value\":\"tab\"},{\"name\":\"B\",\"type\":\"json\",\"value\":\"{\\\"k\\\":1}\"}]},"
        + "{\"id\":\"g\",\"z\":\"t\",\"type\":\"group\",\"name\":\"G\",\"env\":[{\"name\":\"A\",\"type\":\"str\",\"value\":\"group\"}],\"nodes\":[\"e1\"]},"
        + "{\"id\":\"e1\",\"z\":\"t\",\"g\":\"g\",\"type\":\"env\",\"wires\":[[\"out\"]]},{\"id\":\"e2\",\"z\":\"t\",\"type\":\"env\",\"wires\":[[\"out\"]]},"
        + "{\"id\":\"f\",\"z\":\"t\",\"type\":\"fail\",\"message\":\"${A}\"},{\"id\":\"c\",\"z\":\"t\",\"type\":\"catch\",\"scope\":[\"f\"],\"wires\":[[\"caught\"]]},"
        + "{\"id\":\"out\",\"z\":\"t\",\"type\":\"helper\"},{\"id\":\"caught\",\"z\":\"t\",\"type\":\"helper\"}]");
      h.send("e1", Message.withPayload("A"));
      assertThat(h.sink("out").next().payload()).isEqualTo("group");
      h.send("e2", Message.withPayload("A"));
      assertThat(h.sink("out").next().payload()).isEqualTo("tab");
      h.send("e2", Message.withPayload("B"));
      assertThat(h.sink("out").next().payload()).isEqualTo(java.util.Map.of("k", 1));
      h.send("e1", Message.withPayload("NR_GROUP_NAME"));
      assertThat(h.sink("out").next().payload()).isEqualTo("G");
      h.send("e2", Message.withPayload("NR_FLOW_NAME"));
      assertThat(h.sink("out").next().payload()).isEqualTo("Main");
      h.send("e2", Message.withPayload("NR_NODE_ID"));
      assertThat(h.sink("out").next().payload()).isEqualTo("e2");
      h.send("e2", Message.withPayload("PATH"));
      assertThat(h.sink("out").next().payload()).isEqualTo(path);
      h.send("f", Message.withPayload("x"));
      assertThat(((java.util.Map<?, ?>) h.sink("caught").next().get("error")).get("message")).as("${A} in the config").isEqualTo("tab");
    }
  }

  @Test
  void globalConfigEnvIsSeenEverywhere() {
    try (FlowTestHarness h = types.harness().start()) {
      h.load("[{\"id\":\"gc\",\"type\":\"global-config\",\"env\":[{\"name\":\"SITE\",\"type\":\"str\",\"value\":\"plant-7\"}]},"
        + "{\"id\":\"t\",\"type\":\"tab\"},{\"id\":\"e\",\"z\":\"t\",\"type\":\"env\",\"wires\":[[\"out\"]]},{\"id\":\"out\",\"z\":\"t\",\"type\":\"helper\"}]");
      h.send("e", Message.withPayload("SITE"));
      assertThat(h.sink("out").next().payload()).isEqualTo("plant-7");
    }
  }
}
