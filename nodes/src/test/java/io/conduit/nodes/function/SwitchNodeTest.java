package io.conduit.nodes.function;

import io.conduit.spi.Message;
import io.conduit.spi.NodeConfigException;
import io.conduit.testkit.FlowTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The switch node in tiny flows through the real engine, after Node-RED's 10-switch_spec.js. */
class SwitchNodeTest {
  private FlowTestHarness h;

  @BeforeEach
  void start() {
    h = FlowTestHarness.start();
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private static String switchNode(String rules, String checkall, String wires) {
    return "{\"id\":\"s\",\"type\":\"switch\",\"name\":\"switchNode\",\"property\":\"payload\",\"rules\":" + rules
      + ",\"checkall\":\"" + checkall + "\",\"outputs\":" + wires.split("\\],\\[").length + ",\"wires\":" + wires + "}";
  }

  @Test
  void routesToEveryMatchingOutputWithCopies() {
    h.load("[" + switchNode("[{\"t\":\"cont\",\"v\":\"a\",\"vt\":\"str\"},{\"t\":\"cont\",\"v\":\"b\",\"vt\":\"str\"},{\"t\":\"else\"}]",
      "true", "[[\"o1\"],[\"o2\"],[\"o3\"]]") + ",{\"id\":\"o1\",\"type\":\"helper\"},{\"id\":\"o2\",\"type\":\"helper\"},{\"id\":\"o3\",\"type\":\"helper\"}]");
    h.send("s", Message.withPayload("ab"));
    h.send("s", Message.withPayload("zz"));
    Message first = h.sink("o1").next();
    Message second = h.sink("o2").next();
    assertThat(first.payload()).isEqualTo("ab");
    assertThat(second.payload()).isEqualTo("ab");
    assertThat(first.id()).isEqualTo(second.id());
    assertThat(h.sink("o3").next().payload()).isEqualTo("zz");
    assertThat(h.sink("o1").poll()).isNull();
  }

  @Test
  void stopsAfterTheFirstMatchWhenCheckallIsFalse() {
    h.load("[" + switchNode("[{\"t\":\"eq\",\"v\":\"Hello\"},{\"t\":\"cont\",\"v\":\"ell\"},{\"t\":\"else\"}]", "false",
      "[[\"o1\"],[\"o2\"],[\"o3\"]]") + ",{\"id\":\"o1\",\"type\":\"helper\"},{\"id\":\"o2\",\"type\":\"helper\"},{\"id\":\"o3\",\"type\":\"helper\"}]");
    h.send("s", Message.withPayload("Hello"));
    h.send("s", Message.withPayload("Hell"));
    assertThat(h.sink("o1").next().payload()).isEqualTo("Hello");
    assertThat(h.sink("o2").next().payload()).isEqualTo("Hell");
    assertThat(h.sink("o1").poll()).isNull();
    assertThat(h.sink("o3").poll()).isNull();
  }

  @Test
  void comparesWithFlowAndGlobalContextValues() {
    h.load("""
      [{"id":"tab","type":"tab"},
       {"id":"set","type":"change","z":"tab","rules":[
          {"t":"set","p":"limit","pt":"flow","to":"10","tot":"num"},
          {"t":"set","p":"#:(memory)::name","pt":"global","to":"bob","tot":"str"}],"wires":[["s"]]},
       {"id":"s","type":"switch","z":"tab","property":"payload","rules":[
          {"t":"gt","v":"limit","vt":"flow"},{"t":"eq","v":"name","vt":"global"}],"checkall":"true","outputs":2,
        "wires":[["big"],["bob"]]},
       {"id":"big","type":"helper","z":"tab"},{"id":"bob","type":"helper","z":"tab"}]""");
    h.send("set", Message.withPayload(11));
    h.send("set", Message.withPayload("bob"));
    assertThat(h.sink("big").next().payload()).isEqualTo(11);
    assertThat(h.sink("bob").next().payload()).isEqualTo("bob");
  }

  @Test
  void comparesWithEnvironmentVariablesOfTheTab() {
    h.load("""
      [{"id":"tab","type":"tab","env":[{"name":"EN","value":"foo","type":"str"}]},
       {"id":"s","type":"switch","z":"tab","property":"payload","rules":[{"t":"eq","v":"EN","vt":"env"}],"outputs":1,
        "wires":[["out"]]},
       {"id":"out","type":"helper","z":"tab"}]""");
    h.send("s", Message.withPayload("bar"));
    h.send("s", Message.withPayload("foo"));
    assertThat(h.sink("out").next().payload()).isEqualTo("foo");
  }

  @Test
  void previousValueIsThePropertyOfTheMessageBefore() {
    h.load("[" + switchNode("[{\"t\":\"gt\",\"v\":\"\",\"vt\":\"prev\"},{\"t\":\"lte\",\"v\":\"\",\"vt\":\"prev\"}]", "true",
      "[[\"up\"],[\"down\"]]") + ",{\"id\":\"up\",\"type\":\"helper\"},{\"id\":\"down\",\"type\":\"helper\"}]");
    for (int v : new int[]{5, 3, 8}) {
      h.send("s", Message.withPayload(v));
    }
    assertThat(h.sink("up").next(2)).extracting(Message::payload).containsExactly(5, 8); // 5 > null (0)
    assertThat(h.sink("down").next().payload()).isEqualTo(3);
  }

  @Test
  void missingPropertiesAreUndefined() {
    h.load("""
      [{"id":"s","type":"switch","property":"cheese","rules":[{"t":"null"},{"t":"nnull"}],"outputs":2,"wires":[["none"],["some"]]},
       {"id":"none","type":"helper"},{"id":"some","type":"helper"}]""");
    h.send("s", Message.withPayload("x"));
    h.send("s", Message.withPayload("x").set("cheese", "brie"));
    assertThat(h.sink("none").next().payload()).isEqualTo("x");
    assertThat(h.sink("some").next().get("cheese")).isEqualTo("brie");
  }

  @Test
  void tailWaitsForTheWholeSequence() {
    h.load("[" + switchNode("[{\"t\":\"tail\",\"v\":2}]", "true", "[[\"out\"]]") + ",{\"id\":\"out\",\"type\":\"helper\"}]");
    for (int i = 0; i < 4; i++) {
      Map<String, Object> parts = new LinkedHashMap<>();
      parts.put("id", "seq");
      parts.put("index", i);
      parts.put("count", 4);
      h.send("s", Message.withPayload("m" + i).set("parts", parts));
    }
    assertThat(h.sink("out").next(2)).extracting(Message::payload).containsExactly("m2", "m3");
  }

  @Test
  void aSequenceRuleWithoutPartsReportsAnError() {
    h.load("""
      [{"id":"s","type":"switch","property":"payload","rules":[{"t":"head","v":1}],"outputs":1,"wires":[["out"]]},
       {"id":"c","type":"catch","scope":null,"uncaught":false,"wires":[["caught"]]},
       {"id":"out","type":"helper"},{"id":"caught","type":"helper"}]""");
    h.send("s", Message.withPayload(1));
    Message caught = h.sink("caught").next();
    assertThat(caught.payload()).isEqualTo(1);
    assertThat(caught.get("error").toString()).contains("msg.parts");
  }

  @Test
  void jsonataIsRefusedAtDeployNamingTheNodeAndField() {
    assertThatThrownBy(() -> h.load("""
      [{"id":"s","type":"switch","property":"payload","rules":[{"t":"eq","v":"$x","vt":"jsonata"}],"outputs":1,"wires":[[]]}]"""))
      .isInstanceOf(NodeConfigException.class)
      .hasMessage("node s (switch): rules[0].vt is 'jsonata': JSONata expressions are not supported by Conduit yet");
  }

  @Test
  void anInvalidRegexIsRefusedAtDeploy() {
    assertThatThrownBy(() -> h.load("[" + switchNode("[{\"t\":\"regex\",\"v\":\"[a\"}]", "true", "[[]]") + "]"))
      .isInstanceOf(NodeConfigException.class).hasMessageContaining("rules[0].v '[a' is not a valid regular expression");
  }

  @Test
  void manyMessagesKeepTheirOrder() {
    h.load("[" + switchNode("[{\"t\":\"gte\",\"v\":0}]", "true", "[[\"out\"]]") + ",{\"id\":\"out\",\"type\":\"helper\"}]");
    for (int i = 0; i < 200; i++) {
      h.send("s", Message.withPayload(i));
    }
    for (int i = 0; i < 200; i++) {
      assertThat(h.sink("out").next(Duration.ofSeconds(5)).payload()).isEqualTo(i);
    }
  }
}
