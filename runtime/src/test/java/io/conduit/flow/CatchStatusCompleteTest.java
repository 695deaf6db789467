package io.conduit.flow;

import io.conduit.spi.Message;
import io.conduit.testkit.FlowTestHarness;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Node-RED's {@code Flow_spec.js #handleError/#handleStatus/#handleComplete} through the engine. */
class CatchStatusCompleteTest {
  private final EngineTestTypes types = new EngineTestTypes();

  @Test
  void doneWithAnErrorReachesTheCatchNodeOfTheFlowWithTheErrorAndItsSource() {
    try (FlowTestHarness h = types.harness().start()) {
      h.load("[{\"id\":\"t\",\"type\":\"tab\"},{\"id\":\"f\",\"z\":\"t\",\"type\":\"fail\",\"name\":\"boom\",\"message\":\"bad input\"},"
        + "{\"id\":\"c\",\"z\":\"t\",\"type\":\"catch\",\"wires\":[[\"out\"]]},{\"id\":\"out\",\"z\":\"t\",\"type\":\"helper\"},"
        + "{\"id\":\"t2\",\"type\":\"tab\"},{\"id\":\"c2\",\"z\":\"t2\",\"type\":\"catch\",\"wires\":[[\"out2\"]]},{\"id\":\"out2\",\"z\":\"t2\",\"type\":\"helper\"}]");
      h.send("f", new Message().payload("p").set("error", "previous"));
      Message m = h.sink("out").next();
      assertThat(m.payload()).isEqualTo("p");
      assertThat(m.get("_error")).isEqualTo("previous");
      assertThat(m.get("error")).isEqualTo(Map.of("message", "bad input",
        "source", Map.of("id", "f", "type", "fail", "name", "boom", "count", 1)));
      assertThat(h.sink("out2").poll()).as("a catch node only sees its own tab").isNull();
      assertThat(h.logs("f")).as("a caught error is not logged").isEmpty();
    }
  }

  @Test
  void anExceptionFromInputIsAnErrorAndAnUncaughtErrorIsLogged() {
    try (FlowTestHarness h = types.harness().start()) {
      h.load("[{\"id\":\"t\",\"type\":\"tab\"},{\"id\":\"x\",\"z\":\"t\",\"type\":\"throw\"},{\"id\":\"lonely\",\"z\":\"t\",\"type\":\"fail\"},"
        + "{\"id\":\"c\",\"z\":\"t\",\"type\":\"catch\",\"scope\":[\"x\"],\"wires\":[[\"out\"]]},{\"id\":\"out\",\"z\":\"t\",\"type\":\"helper\"}]");
      h.send("x", Message.withPayload(1));
      assertThat(((Map<?, ?>) h.sink("out").next().get("error")).get("message")).isEqualTo("thrown");
      h.send("lonely", Message.withPayload(2));
      NodeLog log = h.awaitLog("lonely", "failed");
      assertThat(log.level()).isEqualTo(NodeLog.ERROR);
      @SuppressWarnings("unchecked")
      Map<String, Object> debug = (Map<String, Object>) h.awaitComms("debug", 1).get(0);
      assertThat(debug).containsEntry("id", "lonely").containsEntry("level", 20).containsEntry("msg", "failed")
        .containsEntry("format", "string[6]").containsEntry("path", "t").containsEntry("z", "t");
    }
  }

  @Test
  void scopedCatchNodesComeFirstAndUncaughtOnesOnlyGetWhatNobodyTook() {
    try (FlowTestHarness h = types.harness().start()) {
      h.load("[{\"id\":\"t\",\"type\":\"tab\"},{\"id\":\"f1\",\"z\":\"t\",\"type\":\"fail\"},{\"id\":\"f2\",\"z\":\"t\",\"type\":\"fail\"},"
        + "{\"id\":\"scoped\",\"z\":\"t\",\"type\":\"catch\",\"scope\":[\"f1\"],\"wires\":[[\"s\"]]},"
        + "{\"id\":\"uncaught\",\"z\":\"t\",\"type\":\"catch\",\"uncaught\":true,\"wires\":[[\"u\"]]},"
        + "{\"id\":\"s\",\"z\":\"t\",\"type\":\"helper\"},{\"id\":\"u\",\"z\":\"t\",\"type\":\"helper\"}]");
      h.send("f1", Message.withPayload("one"));
      h.send("f2", Message.withPayload("two"));
      assertThat(h.sink("s").next().payload()).isEqualTo("one");
      assertThat(h.sink("u").next().payload()).as("f1's error was taken by the scoped catch").isEqualTo("two");
      assertThat(h.sink("s").poll()).isNull();
    }
  }

  @Test
  void groupScopedCatchSeesOnlyItsGroup() {
    try (FlowTestHarness h = types.harness().start()) {
      h.load("[{\"id\":\"t\",\"type\":\"tab\"},{\"id\":\"g\",\"z\":\"t\",\"type\":\"group\",\"nodes\":[\"in\",\"cg\"]},"
        + "{\"id\":\"in\",\"z\":\"t\",\"g\":\"g\",\"type\":\"fail\"},{\"id\":\"outside\",\"z\":\"t\",\"type\":\"fail\"},"
        + "{\"id\":\"cg\",\"z\":\"t\",\"g\":\"g\",\"type\":\"catch\",\"scope\":\"group\",\"wires\":[[\"out\"]]},{\"id\":\"out\",\"z\":\"t\",\"type\":\"helper\"}]");
      h.send("outside", Message.withPayload("outside"));
      h.send("in", Message.withPayload("inside"));
      assertThat(h.sink("out").next().payload()).isEqualTo("inside");
      h.awaitLog("outside", "failed");
    }
  }

  @Test
  void anErrorLoopingThroughTheSameNodeStopsAtTheTenthTime() {
    try (FlowTestHarness h = types.harness().start()) {
      h.load("[{\"id\":\"t\",\"type\":\"tab\"},{\"id\":\"f\",\"z\":\"t\",\"type\":\"fail\"},"
        + "{\"id\":\"c\",\"z\":\"t\",\"type\":\"catch\",\"wires\":[[\"f\",\"out\"]]},{\"id\":\"out\",\"z\":\"t\",\"type\":\"helper\"}]");
      h.send("f", Message.withPayload("loop"));
      h.awaitLog("f", "Message exceeded maximum number of catches");
      assertThat(h.sink("out").next(9)).extracting(m -> (Object) ((Map<?, ?>) ((Map<?, ?>) m.get("error")).get("source")).get("count"))
        .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
    }
  }

  @Test
  void statusGoesToTheEditorRetainedAndToStatusNodes() {
    try (FlowTestHarness h = types.harness().start()) {
      h.load("[{\"id\":\"t\",\"type\":\"tab\"},{\"id\":\"a\",\"z\":\"t\",\"type\":\"st\",\"name\":\"A\"},{\"id\":\"b\",\"z\":\"t\",\"type\":\"st\"},"
        + "{\"id\":\"s\",\"z\":\"t\",\"type\":\"status\",\"scope\":[\"a\"],\"wires\":[[\"out\"]]},{\"id\":\"out\",\"z\":\"t\",\"type\":\"helper\"}]");
      h.send("b", Message.withPayload("ignored"));
      h.send("a", Message.withPayload("connected"));
      Message m = h.sink("out").next();
      assertThat(m.get("status")).isEqualTo(Map.of("fill", "green", "shape", "dot", "text", "connected",
        "source", Map.of("id", "a", "type", "st", "name", "A")));
      assertThat(h.awaitComms("status/a", 1)).containsExactly(Map.of("fill", "green", "shape", "dot", "text", "connected"));
      assertThat(h.engine().comms().retained("status/+")).extracting(Map.Entry::getKey).contains("status/a", "status/b");
    }
  }

  @Test
  void completeNodesGetACopyOfWhatTheirScopedNodesFinished() {
    try (FlowTestHarness h = types.harness().start()) {
      h.load("[{\"id\":\"t\",\"type\":\"tab\"},{\"id\":\"p\",\"z\":\"t\",\"type\":\"pass\",\"name\":\"P\",\"wires\":[[\"sink\"]]},{\"id\":\"sink\",\"z\":\"t\",\"type\":\"helper\"},"
        + "{\"id\":\"done\",\"z\":\"t\",\"type\":\"complete\",\"scope\":[\"p\"],\"wires\":[[\"out\"]]},{\"id\":\"out\",\"z\":\"t\",\"type\":\"helper\"}]");
      h.send("p", Message.withPayload("work"));
      Message m = h.sink("out").next();
      assertThat(m.payload()).isEqualTo("work");
      assertThat(m.get("complete")).isEqualTo(Map.of("source", Map.of("id", "p", "type", "pass", "name", "P")));
      assertThat(h.sink("sink").next().has("complete")).isFalse();
    }
  }

  @Test
  void aStatusNodeIgnoresTheNodesItIsWiredTo() {
    try (FlowTestHarness h = types.harness().start()) {
      h.load("[{\"id\":\"t\",\"type\":\"tab\"},{\"id\":\"a\",\"z\":\"t\",\"type\":\"st\"},{\"id\":\"b\",\"z\":\"t\",\"type\":\"st\"},"
        + "{\"id\":\"s\",\"z\":\"t\",\"type\":\"status\",\"scope\":[\"a\",\"b\"],\"wires\":[[\"a\",\"o\"]]},{\"id\":\"o\",\"z\":\"t\",\"type\":\"helper\"}]");
      h.send("a", Message.withPayload("from a"));
      h.awaitComms("status/a", 1);
      h.send("b", Message.withPayload("from b"));
      Map<?, ?> status = (Map<?, ?>) h.sink("o").next().get("status");
      assertThat(status.get("text")).isEqualTo("from b");
    }
  }
}
