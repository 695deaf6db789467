package io.conduit.nodes.function;

import io.conduit.spi.Message;
import io.conduit.spi.NodeConfigException;
import io.conduit.testkit.FlowTestHarness;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The function node in real flows on the flow engine (FlowTestHarness): wiring, catch and complete
 * nodes, context shared through the engine's stores, redeploys, and a flow as Node-RED exports it.
 */
class FunctionFlowTest {

  static FlowTestHarness harness() {
    return FlowTestHarness.builder().timeout(Duration.ofSeconds(60)).start();
  }

  /** A Node-RED 5 export: a tab, a function with two outputs, setup and close code, a catch node. */
  static final String NODE_RED_EXPORT = """
    [
      {"id":"a1b2c3d4e5f60718","type":"tab","label":"Flow 1","disabled":false,"info":"","env":[]},
      {"id":"f1","type":"function","z":"a1b2c3d4e5f60718","name":"classify","func":"if (msg.payload.t > flow.get('limit')) {\\n    msg.topic = 'hot';\\n    return [msg, null];\\n}\\nnode.status({fill:'green',shape:'dot',text:'ok ' + msg.payload.t});\\nreturn [null, msg];","outputs":2,"timeout":0,"noerr":0,"initialize":"// Code added here will be run once\\n// whenever the node is started.\\nflow.set('limit', 30);","finalize":"","libs":[],"x":320,"y":200,"wires":[["hot"],["ok"]]},
      {"id":"hot","type":"helper","z":"a1b2c3d4e5f60718"},
      {"id":"ok","type":"helper","z":"a1b2c3d4e5f60718"},
      {"id":"c1","type":"catch","z":"a1b2c3d4e5f60718","name":"","scope":null,"uncaught":false,"x":120,"y":300,"wires":[["caught"]]},
      {"id":"caught","type":"helper","z":"a1b2c3d4e5f60718"}
    ]""";

  @Test
  void aNodeRedExportRunsUnchanged() {
    try (FlowTestHarness h = harness()) {
      h.load(NODE_RED_EXPORT);
      h.send("f1", Message.withPayload(new java.util.LinkedHashMap<>(Map.of("t", 35))));
      h.send("f1", Message.withPayload(new java.util.LinkedHashMap<>(Map.of("t", 20))));
      Message hot = h.sink("hot").next();
      assertThat(hot.topic()).isEqualTo("hot");
      assertThat(h.sink("ok").next().payload()).isEqualTo(Map.of("t", 20));
      assertThat(h.context("a1b2c3d4e5f60718", "limit")).isEqualTo(30);
      // a null payload throws: the catch node gets the message and the error
      h.send("f1", new Message().topic("broken").payload(null));
      Message caught = h.sink("caught").next();
      assertThat(caught.topic()).isEqualTo("broken");
      @SuppressWarnings("unchecked")
      Map<String, Object> error = (Map<String, Object>) caught.get("error");
      assertThat(error.get("message").toString()).contains("TypeError");
    }
  }

  @Test
  void nodeErrorWithMessageReachesTheCatchNode() {
    try (FlowTestHarness h = harness()) {
      h.load("""
        [{"id":"funcNode","type":"function","wires":[["goodNode"]],"func":"node.error('This is an error', msg);"},
         {"id":"goodNode","type":"helper"},{"id":"badNode","type":"helper"},
         {"id":"catchNode","type":"catch","scope":null,"uncaught":false,"wires":[["badNode"]]}]""");
      h.send("funcNode", Message.withPayload("foo").topic("bar"));
      Message m = h.sink("badNode").next();
      assertThat(m.topic()).isEqualTo("bar");
      assertThat(m.payload()).isEqualTo("foo");
      @SuppressWarnings("unchecked")
      Map<String, Object> error = (Map<String, Object>) m.get("error");
      assertThat(error.get("message")).isEqualTo("This is an error");
      @SuppressWarnings("unchecked")
      Map<String, Object> source = (Map<String, Object>) error.get("source");
      assertThat(source.get("id")).isEqualTo("funcNode");
      assertThat(h.sink("goodNode").size()).isZero();
    }
  }

  @Test
  void completeNodeHearsDone() {
    try (FlowTestHarness h = harness()) {
      h.load("""
        [{"id":"f","type":"function","wires":[["out"]],"func":"setTimeout(() => { node.send(msg); node.done(); }, 5);"},
         {"id":"out","type":"helper"},
         {"id":"c","type":"complete","scope":["f"],"uncaught":false,"wires":[["completed"]]},
         {"id":"completed","type":"helper"}]""");
      h.send("f", Message.withPayload("x"));
      assertThat(h.sink("out").next().payload()).isEqualTo("x");
      assertThat(h.sink("completed").next().payload()).isEqualTo("x");
    }
  }

  @Test
  void functionsShareFlowAndGlobalContextThroughTheEngine() {
    try (FlowTestHarness h = harness()) {
      h.load("""
        [{"id":"t1","type":"tab"},{"id":"t2","type":"tab"},
         {"id":"w","type":"function","z":"t1","wires":[["w2"]],"func":"flow.set('n', msg.payload); global.set('g', {list: [msg.payload]}); return msg;"},
         {"id":"w2","type":"function","z":"t1","wires":[["o1"]],"func":"msg.payload = flow.get('n') + 1; return msg;"},
         {"id":"r","type":"function","z":"t2","wires":[["o2"]],"func":"msg.payload = [flow.get('n'), global.get('g')]; return msg;"},
         {"id":"o1","type":"helper","z":"t1"},{"id":"o2","type":"helper","z":"t2"}]""");
      h.send("w", Message.withPayload(41));
      assertThat(h.sink("o1").next().payload()).isEqualTo(42);
      h.send("r", Message.withPayload(0));
      assertThat(h.sink("o2").next().payload()).isEqualTo(java.util.Arrays.asList(null, Map.of("list", List.of(41))));
    }
  }

  @Test
  void redeployClearsTimersAndRunsFinalize() {
    try (FlowTestHarness h = harness()) {
      JsonArray flow = new JsonArray("""
        [{"id":"ticker","type":"function","wires":[["out"]],"func":"","initialize":"setInterval(() => node.send({payload: 'tick'}), 20);",
          "finalize":"global.set('stopped', true);"},
         {"id":"out","type":"helper"}]""");
      h.load(flow);
      assertThat(h.sink("out").next().payload()).isEqualTo("tick");
      h.load(new JsonArray("""
        [{"id":"other","type":"function","wires":[["out"]],"func":"return msg;"},{"id":"out","type":"helper"}]"""));
      assertThat(h.context("global", "stopped")).isEqualTo(true);
      // drain ticks sent before the redeploy, then a message through the new flow is the next one
      while (h.sink("out").poll() != null) {
        // ticks that were already on their way
      }
      h.send("other", Message.withPayload("after"));
      assertThat(h.sink("out").next().payload()).isEqualTo("after");
      assertThat(h.sink("out").poll()).isNull();
    }
  }

  @Test
  void aSyntaxErrorRejectsTheDeploymentAndTheRunningFlowsGoOn() {
    try (FlowTestHarness h = harness()) {
      h.load("""
        [{"id":"ok","type":"function","wires":[["out"]],"func":"msg.payload += '!'; return msg;"},{"id":"out","type":"helper"}]""");
      assertThatThrownBy(() -> h.load("""
        [{"id":"ok","type":"function","wires":[["out"]],"func":"return msg;"},
         {"id":"bad","type":"function","wires":[],"func":"var a = 1;\\nvar b = ;"},{"id":"out","type":"helper"}]"""))
        .isInstanceOf(NodeConfigException.class)
        .hasMessageContaining("node bad (function): func")
        .hasMessageContaining("line 2, col 9");
      h.send("ok", Message.withPayload("still"));
      assertThat(h.sink("out").next().payload()).isEqualTo("still!");
    }
  }

  @Test
  void envGetReadsTypedFlowEnvironment() {
    try (FlowTestHarness h = harness()) {
      h.load(new JsonArray().add(new JsonObject().put("id", "t1").put("type", "tab").put("env", new JsonArray()
          .add(new JsonObject().put("name", "LIMIT").put("value", "7").put("type", "num"))))
        .add(new JsonObject().put("id", "f").put("type", "function").put("z", "t1").put("wires", new JsonArray().add(new JsonArray().add("o")))
          .put("func", "msg.payload = env.get('LIMIT') * 2; return msg;"))
        .add(new JsonObject().put("id", "o").put("type", "helper").put("z", "t1")));
      h.send("f", Message.withPayload(0));
      assertThat(h.sink("o").next().payload()).isEqualTo(14);
    }
  }
}
