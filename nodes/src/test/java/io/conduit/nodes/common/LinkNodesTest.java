package io.conduit.nodes.common;

import io.conduit.spi.Message;
import io.conduit.testkit.FlowTestHarness;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Node-RED's {@code 60-link_spec.js}: link in/out across tabs, link call with return and timeout. */
class LinkNodesTest {

  @Test
  void linkOutReachesLinkInOnAnotherTab() {
    try (FlowTestHarness h = FlowTestHarness.start()) {
      h.load("[{\"id\":\"t1\",\"type\":\"tab\"},{\"id\":\"t2\",\"type\":\"tab\"},"
        + "{\"id\":\"out\",\"z\":\"t1\",\"type\":\"link out\",\"links\":[\"in\"],\"x\":1,\"y\":1},"
        + "{\"id\":\"in\",\"z\":\"t2\",\"type\":\"link in\",\"links\":[\"out\"],\"x\":1,\"y\":1,\"wires\":[[\"sink\"]]},"
        + "{\"id\":\"sink\",\"z\":\"t2\",\"type\":\"helper\"}]");
      h.send("out", Message.withPayload("hello"));
      assertThat(h.sink("sink").next().payload()).isEqualTo("hello");
    }
  }

  @Test
  void linkOutReachesEveryLinkedLinkIn() {
    try (FlowTestHarness h = FlowTestHarness.start()) {
      h.load("[{\"id\":\"out\",\"type\":\"link out\",\"links\":[\"in1\"],\"x\":1,\"y\":1},"
        + "{\"id\":\"in1\",\"type\":\"link in\",\"links\":[],\"x\":1,\"y\":1,\"wires\":[[\"s1\"]]},"
        + "{\"id\":\"in2\",\"type\":\"link in\",\"links\":[\"out\"],\"x\":1,\"y\":1,\"wires\":[[\"s2\"]]},"
        + "{\"id\":\"s1\",\"type\":\"helper\"},{\"id\":\"s2\",\"type\":\"helper\"}]");
      h.send("out", Message.withPayload(42));
      assertThat(h.sink("s1").next().payload()).isEqualTo(42);
      assertThat(h.sink("s2").next().payload()).isEqualTo(42);
    }
  }

  private static final String CALLED = "{\"id\":\"in\",\"type\":\"link in\",\"name\":\"double\",\"links\":[],\"x\":1,\"y\":1,\"wires\":[[\"ret\"]]},"
    + "{\"id\":\"ret\",\"type\":\"link out\",\"mode\":\"return\",\"links\":[],\"x\":1,\"y\":1}";

  @Test
  void linkCallSendsOnWhatTheReturnNodeHandsBack() {
    try (FlowTestHarness h = FlowTestHarness.start()) {
      h.load("[{\"id\":\"call\",\"type\":\"link call\",\"links\":[\"in\"],\"linkType\":\"static\",\"timeout\":\"5\",\"x\":1,\"y\":1,\"wires\":[[\"sink\"]]},"
        + CALLED + ",{\"id\":\"sink\",\"type\":\"helper\"}]");
      h.send("call", Message.withPayload("round trip"));
      Message back = h.sink("sink").next();
      assertThat(back.payload()).isEqualTo("round trip");
      assertThat(back.has("_linkSource")).isFalse();
    }
  }

  @Test
  void linkCallByNameInDynamicMode() {
    try (FlowTestHarness h = FlowTestHarness.start()) {
      h.load("[{\"id\":\"call\",\"type\":\"link call\",\"links\":[],\"linkType\":\"dynamic\",\"x\":1,\"y\":1,\"wires\":[[\"sink\"]]},"
        + CALLED + ",{\"id\":\"sink\",\"type\":\"helper\"}]");
      h.send("call", Message.withPayload("by name").set("target", "double"));
      assertThat(h.sink("sink").next().payload()).isEqualTo("by name");
    }
  }

  @Test
  void twoTargetsWithTheSameNameAreAnError() {
    try (FlowTestHarness h = FlowTestHarness.start()) {
      h.load("[{\"id\":\"t1\",\"type\":\"tab\"},{\"id\":\"t2\",\"type\":\"tab\"},{\"id\":\"t3\",\"type\":\"tab\"},"
        + "{\"id\":\"call\",\"z\":\"t1\",\"type\":\"link call\",\"links\":[],\"linkType\":\"dynamic\",\"x\":1,\"y\":1,\"wires\":[[]]},"
        + "{\"id\":\"c\",\"z\":\"t1\",\"type\":\"catch\",\"x\":1,\"y\":1,\"wires\":[[\"sink\"]]},{\"id\":\"sink\",\"z\":\"t1\",\"type\":\"helper\"},"
        + "{\"id\":\"a\",\"z\":\"t2\",\"type\":\"link in\",\"name\":\"same\",\"x\":1,\"y\":1,\"wires\":[]},"
        + "{\"id\":\"b\",\"z\":\"t3\",\"type\":\"link in\",\"name\":\"same\",\"x\":1,\"y\":1,\"wires\":[]}]");
      h.send("call", Message.withPayload("x").set("target", "same"));
      Map<?, ?> error = (Map<?, ?>) h.sink("sink").next().get("error");
      assertThat(error.get("message")).isEqualTo("Multiple link-in nodes named 'same' found");
    }
  }

  @Test
  void aCallWithoutAnswerTimesOutToTheCatchNode() {
    try (FlowTestHarness h = FlowTestHarness.start()) {
      h.load("[{\"id\":\"call\",\"type\":\"link call\",\"links\":[\"in\"],\"timeout\":\"0.2\",\"x\":1,\"y\":1,\"wires\":[[\"sink\"]]},"
        + "{\"id\":\"in\",\"type\":\"link in\",\"links\":[],\"x\":1,\"y\":1,\"wires\":[]},"
        + "{\"id\":\"c\",\"type\":\"catch\",\"scope\":[\"call\"],\"x\":1,\"y\":1,\"wires\":[[\"caught\"]]},"
        + "{\"id\":\"sink\",\"type\":\"helper\"},{\"id\":\"caught\",\"type\":\"helper\"}]");
      h.send("call", Message.withPayload("lost"));
      Message caught = h.sink("caught").next();
      assertThat(((Map<?, ?>) caught.get("error")).get("message")).isEqualTo("timeout");
      assertThat(caught.payload()).isEqualTo("lost");
      assertThat(caught.get("_linkSource")).as("as Node-RED: copied before the return address was pushed").isEqualTo(List.of());
    }
  }

  @Test
  void nestedCallsReturnToTheirOwnCallers() {
    try (FlowTestHarness h = FlowTestHarness.start()) {
      h.load("[{\"id\":\"outer\",\"type\":\"link call\",\"links\":[\"in1\"],\"x\":1,\"y\":1,\"wires\":[[\"sink\"]]},"
        + "{\"id\":\"in1\",\"type\":\"link in\",\"x\":1,\"y\":1,\"wires\":[[\"inner\"]]},"
        + "{\"id\":\"inner\",\"type\":\"link call\",\"links\":[\"in2\"],\"x\":1,\"y\":1,\"wires\":[[\"ret1\"]]},"
        + "{\"id\":\"ret1\",\"type\":\"link out\",\"mode\":\"return\",\"x\":1,\"y\":1},"
        + "{\"id\":\"in2\",\"type\":\"link in\",\"x\":1,\"y\":1,\"wires\":[[\"ret2\"]]},"
        + "{\"id\":\"ret2\",\"type\":\"link out\",\"mode\":\"return\",\"x\":1,\"y\":1},{\"id\":\"sink\",\"type\":\"helper\"}]");
      h.send("outer", Message.withPayload("nested"));
      assertThat(h.sink("sink").next().payload()).isEqualTo("nested");
    }
  }

  @Test
  void aReturnWithoutCallerWarns() {
    try (FlowTestHarness h = FlowTestHarness.start()) {
      h.load("[{\"id\":\"ret\",\"type\":\"link out\",\"mode\":\"return\",\"x\":1,\"y\":1}]");
      h.send("ret", Message.withPayload("orphan"));
      h.awaitLog("ret", "Missing return information");
    }
  }

  @Test
  void junctionsCommentsAndPassThroughNodesKeepTheMessage() {
    try (FlowTestHarness h = FlowTestHarness.start()) {
      h.load("[{\"id\":\"j\",\"type\":\"junction\",\"x\":1,\"y\":1,\"wires\":[[\"s1\",\"s2\"]]},{\"id\":\"note\",\"type\":\"comment\",\"name\":\"hi\",\"x\":1,\"y\":1,\"wires\":[]},"
        + "{\"id\":\"s1\",\"type\":\"helper\"},{\"id\":\"s2\",\"type\":\"helper\"}]");
      h.send("j", Message.withPayload(List.of(1)));
      assertThat(h.sink("s1").next().payload()).isEqualTo(List.of(1));
      assertThat(h.sink("s2").next().payload()).isEqualTo(List.of(1));
    }
  }
}
