package io.conduit.flow;

import io.conduit.spi.Message;
import io.conduit.testkit.FlowTestHarness;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Node-RED's {@code Subflow_spec.js}: instances, ports, env, status output, errors to the parent. */
class SubflowTest {
  private final EngineTestTypes types = new EngineTestTypes();

  /** A subflow: input → env (reads the variable named by the payload) → output 1; status output from 'st'. */
  private static final String SUBFLOW = "{\"id\":\"sf\",\"type\":\"subflow\",\"name\":\"Lookup\","
    + "\"in\":[{\"x\":0,\"y\":0,\"wires\":[{\"id\":\"e\"}]}],"
    + "\"out\":[{\"x\":0,\"y\":0,\"wires\":[{\"id\":\"e\",\"port\":0}]}],"
    + "\"env\":[{\"name\":\"COLOUR\",\"type\":\"str\",\"value\":\"blue\"},{\"name\":\"SIZE\",\"type\":\"num\",\"value\":\"3\"}]},"
    + "{\"id\":\"e\",\"z\":\"sf\",\"type\":\"env\",\"x\":1,\"y\":1,\"wires\":[]}";

  @Test
  void aMessageGoesThroughTheSubflowWithItsEnvAndInstanceOverrides() {
    try (FlowTestHarness h = types.harness().start()) {
      h.load("[{\"id\":\"t\",\"type\":\"tab\",\"env\":[{\"name\":\"TAB_ONLY\",\"type\":\"bool\",\"value\":\"true\"}]}," + SUBFLOW + ","
        + "{\"id\":\"i1\",\"z\":\"t\",\"type\":\"subflow:sf\",\"name\":\"first\",\"x\":1,\"y\":1,\"wires\":[[\"out1\"]]},"
        + "{\"id\":\"i2\",\"z\":\"t\",\"type\":\"subflow:sf\",\"x\":1,\"y\":1,\"env\":[{\"name\":\"COLOUR\",\"type\":\"str\",\"value\":\"red\"}],\"wires\":[[\"out2\"]]},"
        + "{\"id\":\"out1\",\"z\":\"t\",\"type\":\"helper\"},{\"id\":\"out2\",\"z\":\"t\",\"type\":\"helper\"}]");
      h.send("i1", Message.withPayload("COLOUR"));
      h.send("i2", Message.withPayload("COLOUR"));
      assertThat(h.sink("out1").next().payload()).isEqualTo("blue");
      assertThat(h.sink("out2").next().payload()).isEqualTo("red");
      h.send("i1", Message.withPayload("SIZE"));
      assertThat(h.sink("out1").next().payload()).isEqualTo(3);
      h.send("i1", Message.withPayload("TAB_ONLY"));
      assertThat(h.sink("out1").next().payload()).as("from the tab the instance is on").isEqualTo(true);
      h.send("i1", Message.withPayload("NR_SUBFLOW_NAME"));
      assertThat(h.sink("out1").next().payload()).isEqualTo("first");
      h.send("i1", Message.withPayload("NR_SUBFLOW_ID"));
      assertThat(h.sink("out1").next().payload()).isEqualTo("i1");
      assertThat(h.await(h.engine().runningNodeIds())).contains("i1", "i1-e", "i2", "i2-e");
    }
  }

  @Test
  void nestedSubflowsAndAStraightInputToOutputWire() {
    try (FlowTestHarness h = types.harness().start()) {
      h.load("[{\"id\":\"t\",\"type\":\"tab\"},"
        + "{\"id\":\"inner\",\"type\":\"subflow\",\"in\":[{\"wires\":[{\"id\":\"p\"}]}],\"out\":[{\"wires\":[{\"id\":\"p\",\"port\":0}]}]},"
        + "{\"id\":\"p\",\"z\":\"inner\",\"type\":\"pass\",\"x\":1,\"y\":1,\"wires\":[]},"
        + "{\"id\":\"outer\",\"type\":\"subflow\",\"in\":[{\"wires\":[{\"id\":\"n\"}]}],\"out\":[{\"wires\":[{\"id\":\"n\",\"port\":0}]},{\"wires\":[{\"id\":\"outer\",\"port\":0}]}]},"
        + "{\"id\":\"n\",\"z\":\"outer\",\"type\":\"subflow:inner\",\"x\":1,\"y\":1,\"wires\":[]},"
        + "{\"id\":\"i\",\"z\":\"t\",\"type\":\"subflow:outer\",\"x\":1,\"y\":1,\"wires\":[[\"a\"],[\"b\"]]},"
        + "{\"id\":\"a\",\"z\":\"t\",\"type\":\"helper\"},{\"id\":\"b\",\"z\":\"t\",\"type\":\"helper\"}]");
      h.send("i", Message.withPayload("deep"));
      assertThat(h.sink("a").next().payload()).isEqualTo("deep");
      assertThat(h.sink("b").next().payload()).isEqualTo("deep");
      assertThat(h.await(h.engine().runningNodeIds())).contains("i-n", "i-n-p");
    }
  }

  @Test
  void errorsNotCaughtInsideGoToTheParentFlowFromTheInstance() {
    try (FlowTestHarness h = types.harness().start()) {
      h.load("[{\"id\":\"t\",\"type\":\"tab\"},"
        + "{\"id\":\"sf\",\"type\":\"subflow\",\"in\":[{\"wires\":[{\"id\":\"f\"}]}],\"out\":[]},"
        + "{\"id\":\"f\",\"z\":\"sf\",\"type\":\"fail\",\"message\":\"inside\",\"x\":1,\"y\":1},"
        + "{\"id\":\"i\",\"z\":\"t\",\"type\":\"subflow:sf\",\"x\":1,\"y\":1,\"wires\":[]},"
        + "{\"id\":\"c\",\"z\":\"t\",\"type\":\"catch\",\"scope\":[\"i\"],\"wires\":[[\"out\"]]},{\"id\":\"out\",\"z\":\"t\",\"type\":\"helper\"}]");
      h.send("i", Message.withPayload("x"));
      Map<?, ?> error = (Map<?, ?>) h.sink("out").next().get("error");
      assertThat(error.get("message")).isEqualTo("inside");
      assertThat(((Map<?, ?>) error.get("source")).get("id")).isEqualTo("i-f");
    }
  }

  @Test
  void theStatusOutputSetsTheInstanceStatus() {
    try (FlowTestHarness h = types.harness().start()) {
      h.load("[{\"id\":\"t\",\"type\":\"tab\"},"
        + "{\"id\":\"sf\",\"type\":\"subflow\",\"in\":[{\"wires\":[{\"id\":\"p\"}]}],\"out\":[],\"status\":{\"wires\":[{\"id\":\"p\",\"port\":0}]}},"
        + "{\"id\":\"p\",\"z\":\"sf\",\"type\":\"pass\",\"x\":1,\"y\":1,\"wires\":[]},"
        + "{\"id\":\"i\",\"z\":\"t\",\"type\":\"subflow:sf\",\"x\":1,\"y\":1,\"wires\":[]},"
        + "{\"id\":\"s\",\"z\":\"t\",\"type\":\"status\",\"scope\":[\"i\"],\"wires\":[[\"out\"]]},{\"id\":\"out\",\"z\":\"t\",\"type\":\"helper\"}]");
      h.send("i", Message.withPayload("working"));
      assertThat(h.awaitComms("status/i", 1).get(0)).isEqualTo(Map.of("text", "working"));
      Map<?, ?> status = (Map<?, ?>) h.sink("out").next().get("status");
      assertThat(status.get("text")).isEqualTo("working");
    }
  }

  @Test
  void aChangedSubflowRestartsItsInstancesOnANodesDeployment() {
    try (FlowTestHarness h = types.harness().start()) {
      String flow = "[{\"id\":\"t\",\"type\":\"tab\"},{\"id\":\"sf\",\"type\":\"subflow\",\"in\":[{\"wires\":[{\"id\":\"l\"}]}],\"out\":[]},"
        + "{\"id\":\"l\",\"z\":\"sf\",\"type\":\"life\",\"v\":1,\"x\":1,\"y\":1,\"wires\":[]},"
        + "{\"id\":\"i\",\"z\":\"t\",\"type\":\"subflow:sf\",\"x\":1,\"y\":1,\"wires\":[]},{\"id\":\"other\",\"z\":\"t\",\"type\":\"life\"}]";
      h.load(flow);
      types.events.clear();
      io.vertx.core.json.JsonArray changed = new io.vertx.core.json.JsonArray(flow);
      changed.getJsonObject(2).put("v", 2);
      h.deploy(changed, "nodes");
      assertThat(types.events).containsExactly("create:i-l", "close:i-l:false", "start:i-l");
    }
  }
}
