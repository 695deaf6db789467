package io.conduit.flow;

import io.conduit.spi.Message;
import io.conduit.spi.NodeConfigException;
import io.conduit.testkit.FlowTestHarness;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Deployments: validation first, Node-RED's partial deploys, missing types, close timeouts. */
class DeployTest {
  private final EngineTestTypes types = new EngineTestTypes();

  private static final String RUNNING = "[{\"id\":\"t\",\"type\":\"tab\"},{\"id\":\"a\",\"z\":\"t\",\"type\":\"life\",\"wires\":[[\"out\"]]},{\"id\":\"out\",\"z\":\"t\",\"type\":\"helper\"}]";

  private static JsonArray with(String base, String extra) {
    JsonArray a = new JsonArray(base);
    new JsonArray(extra).forEach(a::add);
    return a;
  }

  @Test
  void anInvalidNodeRejectsTheWholeDeploymentAndTheRunningFlowsGoOn() {
    try (FlowTestHarness h = types.harness().start()) {
      h.load(RUNNING);
      String revBefore = h.flows().rev();
      types.events.clear();
      assertThatThrownBy(() -> h.deploy(with(RUNNING, "[{\"id\":\"ok\",\"z\":\"t\",\"type\":\"life\"},{\"id\":\"c1\",\"type\":\"cfg\",\"port\":\"eighty\"}]"), "full"))
        .isInstanceOf(NodeConfigException.class).hasMessage("node c1 (cfg): port 'eighty' is not a whole number");
      assertThat(types.events).as("nothing running was stopped").noneMatch(e -> e.startsWith("close:a"));
      assertThat(h.flows().rev()).isEqualTo(revBefore);
      h.send("a", Message.withPayload("still running"));
      assertThat(h.sink("out").next().payload()).isEqualTo("still running");
    }
  }

  @Test
  void aFailedPrepareClosesTheCreatedNodesWithoutStartingThem() {
    try (FlowTestHarness h = types.harness().start()) {
      h.load(RUNNING);
      types.events.clear();
      assertThatThrownBy(() -> h.deploy(with(RUNNING, "[{\"id\":\"new\",\"z\":\"t\",\"type\":\"life\"},{\"id\":\"bp\",\"z\":\"t\",\"type\":\"bad-prepare\"}]"), "full"))
        .isInstanceOf(NodeConfigException.class).hasMessage("node bp (bad-prepare): script does not compile");
      assertThat(types.events).contains("create:new", "close:new:false").doesNotContain("start:new", "start:a");
      h.send("a", Message.withPayload("the running a was not touched"));
      assertThat(h.sink("out").next().payload()).isEqualTo("the running a was not touched");
    }
  }

  @Test
  void aNodesDeploymentRestartsOnlyChangedNodes() {
    try (FlowTestHarness h = types.harness().start()) {
      String flow = "[{\"id\":\"t\",\"type\":\"tab\"},{\"id\":\"a\",\"z\":\"t\",\"type\":\"life\",\"wires\":[[\"b\"]]},"
        + "{\"id\":\"b\",\"z\":\"t\",\"type\":\"life\",\"v\":1,\"wires\":[[\"c\"]]},{\"id\":\"c\",\"z\":\"t\",\"type\":\"life\",\"wires\":[[\"out\"]]},{\"id\":\"out\",\"z\":\"t\",\"type\":\"helper\"}]";
      h.load(flow);
      types.events.clear();
      JsonArray changed = new JsonArray(flow);
      changed.getJsonObject(2).put("v", 2);
      h.deploy(changed, "nodes");
      assertThat(types.events).containsExactly("create:b", "close:b:false", "start:b");
      types.events.clear();
      changed.getJsonObject(2).put("v", 3);
      h.deploy(changed, "flows");
      assertThat(types.events).as("a flows deployment also restarts the linked nodes")
        .containsExactlyInAnyOrder("create:a", "create:b", "create:c", "close:a:false", "close:b:false", "close:c:false", "start:a", "start:b", "start:c");
      h.send("a", Message.withPayload("through"));
      assertThat(h.sink("out").next().payload()).isEqualTo("through");
    }
  }

  @Test
  void aRewiredNodeKeepsRunningOnANodesDeployment() {
    try (FlowTestHarness h = types.harness().start()) {
      String flow = "[{\"id\":\"t\",\"type\":\"tab\"},{\"id\":\"a\",\"z\":\"t\",\"type\":\"life\",\"wires\":[[\"o1\"]]},"
        + "{\"id\":\"o1\",\"z\":\"t\",\"type\":\"helper\"},{\"id\":\"o2\",\"z\":\"t\",\"type\":\"helper\"}]";
      h.load(flow);
      types.events.clear();
      JsonArray rewired = new JsonArray(flow);
      rewired.getJsonObject(1).put("wires", new JsonArray("[[\"o2\"]]"));
      h.deploy(rewired, "nodes");
      assertThat(types.events).isEmpty();
      h.send("a", Message.withPayload("new wire"));
      assertThat(h.sink("o2").next().payload()).isEqualTo("new wire");
      assertThat(h.sink("o1").poll()).isNull();
    }
  }

  @Test
  void removedNodesAreClosedAsRemoved() {
    try (FlowTestHarness h = types.harness().start()) {
      h.load(with(RUNNING, "[{\"id\":\"gone\",\"z\":\"t\",\"type\":\"life\"}]"));
      types.events.clear();
      h.deploy(new JsonArray(RUNNING), "nodes");
      assertThat(types.events).containsExactly("close:gone:true");
    }
  }

  @Test
  void configNodesStartFirstInDependencyOrderAndAreFoundByTheirUsers() {
    try (FlowTestHarness h = types.harness().start()) {
      h.load("[{\"id\":\"t\",\"type\":\"tab\"},{\"id\":\"user\",\"z\":\"t\",\"type\":\"uses-cfg\",\"server\":\"c2\"},"
        + "{\"id\":\"c2\",\"type\":\"cfg\",\"parent\":\"c1\"},{\"id\":\"c1\",\"type\":\"cfg\"}]");
      assertThat(types.events).containsSubsequence("create:c1", "create:c2", "create:user", "start:c1", "start:c2", "start:user");
      assertThat(types.events).contains("found:user:c2");
    }
  }

  @Test
  void aConfigNodeLoopIsRefused() {
    try (FlowTestHarness h = types.harness().start()) {
      assertThatThrownBy(() -> h.load("[{\"id\":\"c1\",\"type\":\"cfg\",\"other\":\"c2\"},{\"id\":\"c2\",\"type\":\"cfg\",\"other\":\"c1\"}]"))
        .isInstanceOf(InvalidFlowException.class).hasMessageStartingWith("Circular config node dependency detected: c");
    }
  }

  @Test
  void missingTypesAreSavedButNotStartedAndNamed() throws Exception {
    try (FlowTestHarness h = types.harness().start()) {
      h.load(RUNNING);
      types.events.clear();
      DeployResult r = h.deploy(with(RUNNING, "[{\"id\":\"m\",\"z\":\"t\",\"type\":\"no-such-type\",\"x\":1,\"y\":1}]"), "full");
      assertThat(r.missingTypes()).containsExactly("no-such-type");
      assertThat(types.events).containsExactly("close:a:false");
      assertThat(h.await(h.engine().runningNodeIds())).isEmpty();
      assertThat(h.await(h.engine().state())).isEqualTo(new JsonObject().put("state", "stop").put("missingTypes", new JsonArray().add("no-such-type")));
      assertThat(Files.readString(h.dataDir().resolve("flows.json"))).contains("no-such-type");
      assertThat(h.engine().comms().retained("notification/runtime-state")).singleElement()
        .satisfies(e -> assertThat(e.getValue().toString()).contains("missing-types"));
      types.events.clear();
      h.deploy(new JsonArray(RUNNING), "nodes");
      assertThat(types.events).as("a partial deployment after a stop is a full one").containsExactly("create:a", "start:a");
    }
  }

  @Test
  void aNodeThatDoesNotCloseInTimeIsReportedAndTheDeploymentGoesOn() {
    try (FlowTestHarness h = types.harness().setting("node_close_timeout", 200).start()) {
      h.load("[{\"id\":\"t\",\"type\":\"tab\"},{\"id\":\"stuck\",\"z\":\"t\",\"type\":\"hang-close\"}]");
      h.deploy(new JsonArray(RUNNING), "full");
      h.awaitLog("stuck", "Close timed out");
      h.send("a", Message.withPayload("new flow runs"));
      assertThat(h.sink("out").next(Duration.ofSeconds(5)).payload()).isEqualTo("new flow runs");
    }
  }

  @Test
  void aStaleRevisionIsRefusedWithVersionMismatch() {
    try (FlowTestHarness h = types.harness().start()) {
      h.load(RUNNING);
      String rev = h.flows().rev();
      h.await(h.engine().deploy(new JsonArray(RUNNING), "full", rev));
      assertThatThrownBy(() -> h.await(h.engine().deploy(new JsonArray(RUNNING), "full", "stale")))
        .isInstanceOfSatisfying(FlowApiException.class, e -> {
          assertThat(e.status()).isEqualTo(409);
          assertThat(e.code()).isEqualTo("version_mismatch");
        });
    }
  }

  @Test
  void theFlowsFileIsPrettyWithABackupOfThePreviousOne() throws Exception {
    try (FlowTestHarness h = types.harness().start()) {
      h.load(RUNNING);
      String first = Files.readString(h.dataDir().resolve("flows.json"));
      assertThat(first).isEqualTo("""
        [
            {
                "id": "t",
                "type": "tab"
            },
            {
                "id": "a",
                "z": "t",
                "type": "life",
                "wires": [
                    [
                        "out"
                    ]
                ]
            },
            {
                "id": "out",
                "z": "t",
                "type": "helper"
            }
        ]""");
      assertThat(h.flows().rev()).isEqualTo(FlowStorage.rev(new JsonArray(RUNNING)));
      h.load(with(RUNNING, "[{\"id\":\"b\",\"z\":\"t\",\"type\":\"life\"}]"));
      assertThat(Files.readString(h.dataDir().resolve(".flows.json.backup"))).isEqualTo(first);
      assertThat(h.dataDir().resolve("flows.json.$$$")).doesNotExist();
    }
  }
}
