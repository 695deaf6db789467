package io.conduit.nodes.function;

import io.conduit.spi.Message;
import io.conduit.spi.NodeConfigException;
import io.conduit.testkit.FlowTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The change node through the real engine: context, env, warnings, and what reaches the next node. */
class ChangeNodeTest {
  private FlowTestHarness h;

  @BeforeEach
  void start() {
    h = FlowTestHarness.start();
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private void load(String rules) {
    h.load("[{\"id\":\"tab\",\"type\":\"tab\",\"env\":[{\"name\":\"GREETING\",\"value\":\"hello\",\"type\":\"str\"},"
      + "{\"name\":\"LIMIT\",\"value\":\"10\",\"type\":\"num\"}]},"
      + "{\"id\":\"c\",\"type\":\"change\",\"z\":\"tab\",\"rules\":" + rules + ",\"wires\":[[\"out\"]]},"
      + "{\"id\":\"out\",\"type\":\"helper\",\"z\":\"tab\"}]");
  }

  @Test
  void setsAndReadsFlowAndGlobalContext() {
    load("""
      [{"t":"set","p":"count","pt":"flow","to":"payload","tot":"msg"},
       {"t":"set","p":"#:(memory)::who","pt":"global","to":"topic","tot":"msg"},
       {"t":"set","p":"fromFlow","pt":"msg","to":"count","tot":"flow"},
       {"t":"set","p":"fromGlobal","pt":"msg","to":"#:(memory)::who","tot":"global"}]""");
    h.send("c", Message.withPayload(42).topic("alice"));
    Message m = h.sink("out").next();
    assertThat(m.get("fromFlow")).isEqualTo(42);
    assertThat(m.get("fromGlobal")).isEqualTo("alice");
    assertThat(h.context("tab", "count")).isEqualTo(42);
    assertThat(h.context("global", "who")).isEqualTo("alice");
  }

  @Test
  void changesAndDeletesContextValues() {
    load("""
      [{"t":"set","p":"word","pt":"flow","to":"Hello World","tot":"str"},
       {"t":"change","p":"word","pt":"flow","from":"World","fromt":"str","to":"Conduit","tot":"str"},
       {"t":"set","p":"payload","pt":"msg","to":"word","tot":"flow"},
       {"t":"delete","p":"word","pt":"flow"}]""");
    h.send("c", Message.withPayload(0));
    assertThat(h.sink("out").next().payload()).isEqualTo("Hello Conduit");
    assertThat(h.context("tab", "word")).isNull();
  }

  @Test
  void contextKeysCanUseMessageProperties() {
    load("""
      [{"t":"set","p":"counts[msg.topic]","pt":"flow","to":"payload","tot":"msg"},
       {"t":"set","p":"again","pt":"msg","to":"counts[msg.topic]","tot":"flow"}]""");
    h.send("c", Message.withPayload(7).topic("kitchen"));
    assertThat(h.sink("out").next().get("again")).isEqualTo(7);
    assertThat(h.context("tab", "counts")).isEqualTo(Map.of("kitchen", 7));
  }

  @Test
  void environmentVariablesOfTheTab() {
    load("""
      [{"t":"set","p":"payload","pt":"msg","to":"GREETING","tot":"env"},
       {"t":"set","p":"topic","pt":"msg","to":"${GREETING} world","tot":"env"},
       {"t":"change","p":"text","pt":"msg","from":"GREETING","fromt":"env","to":"bye","tot":"str"},
       {"t":"set","p":"limit","pt":"msg","to":"LIMIT","tot":"env"}]""");
    h.send("c", new Message().set("text", "hello, hello"));
    Message m = h.sink("out").next();
    assertThat(m.get("limit")).isEqualTo(10);
    assertThat(m.payload()).isEqualTo("hello");
    assertThat(m.topic()).isEqualTo("hello world");
    assertThat(m.get("text")).isEqualTo("bye, bye");
  }

  @Test
  void settingBelowAStringWarnsAndKeepsTheString() {
    load("[{\"t\":\"set\",\"p\":\"payload.x\",\"pt\":\"msg\",\"to\":\"1\",\"tot\":\"str\"}]");
    h.send("c", Message.withPayload("a string"));
    assertThat(h.sink("out").next().payload()).isEqualTo("a string");
    assertThat(h.awaitLog("c", "Cannot set property of non-object type: payload.x")).isNotNull();
  }

  @Test
  void deepCopyKeepsTheSourceUntouched() {
    h.load("""
      [{"id":"c","type":"change","rules":[{"t":"set","p":"copy","pt":"msg","to":"payload","tot":"msg","dc":true},
                                          {"t":"set","p":"copy.a","pt":"msg","to":"changed","tot":"str"}],"wires":[["out"]]},
       {"id":"out","type":"helper"}]""");
    Map<String, Object> payload = new LinkedHashMap<>(Map.of("a", "original"));
    h.send("c", Message.withPayload(payload));
    Message m = h.sink("out").next();
    assertThat(m.payload()).isEqualTo(Map.of("a", "original"));
    assertThat(m.get("copy")).isEqualTo(Map.of("a", "changed"));
  }

  @Test
  void timestampsAndBuffers() {
    load("""
      [{"t":"set","p":"ts","pt":"msg","to":"","tot":"date"},
       {"t":"set","p":"iso","pt":"msg","to":"iso","tot":"date"},
       {"t":"set","p":"payload","pt":"msg","to":"[1,2,3]","tot":"bin"}]""");
    long before = System.currentTimeMillis();
    h.send("c", new Message());
    Message m = h.sink("out").next();
    assertThat(((Number) m.get("ts")).longValue()).isBetween(before, System.currentTimeMillis());
    assertThat((String) m.get("iso")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    assertThat((byte[]) m.payload()).containsExactly(1, 2, 3);
  }

  @Test
  void noRulesPassTheMessageOn() {
    h.load("[{\"id\":\"c\",\"type\":\"change\",\"rules\":[],\"wires\":[[\"out\"]]},{\"id\":\"out\",\"type\":\"helper\"}]");
    h.send("c", Message.withPayload(List.of(1)));
    assertThat(h.sink("out").next().payload()).isEqualTo(List.of(1));
  }

  @Test
  void invalidJsonIsRefusedAtDeploy() {
    assertThatThrownBy(() -> load("[{\"t\":\"set\",\"p\":\"payload\",\"pt\":\"msg\",\"to\":\"{x\",\"tot\":\"json\"}]"))
      .isInstanceOf(NodeConfigException.class)
      .hasMessageStartingWith("node c (change): rules[0].to '{x' is not a valid JSON value");
  }
}
