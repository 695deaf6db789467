package io.conduit.nodes.common;

import io.conduit.spi.Message;
import io.conduit.spi.NodeConfigException;
import io.conduit.testkit.FlowTestHarness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Node-RED's {@code 21-debug_spec.js}: what the debug node publishes on comms topic {@code debug}. */
class DebugNodeTest {

  @SuppressWarnings("unchecked")
  private static Map<String, Object> debugFor(String node, Message msg) {
    try (FlowTestHarness h = FlowTestHarness.start()) {
      h.load(node);
      h.send("n1", msg);
      return (Map<String, Object>) h.awaitComms("debug", 1).get(0);
    }
  }

  private static Map<String, Object> expected(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
    return m;
  }

  @Test
  void publishesThePayloadOnInput() {
    assertThat(debugFor("[{\"id\":\"n1\",\"type\":\"debug\",\"name\":\"Debug\"}]", Message.withPayload("test")))
      .isEqualTo(expected("id", "n1", "path", "global", "name", "Debug", "property", "payload", "msg", "test", "format", "string[4]"));
  }

  @Test
  void publishesTheCompleteMessage() {
    Message m = Message.withPayload("test");
    m.set("_msgid", "abc");
    assertThat(debugFor("[{\"id\":\"n1\",\"type\":\"debug\",\"complete\":\"true\"}]", m))
      .isEqualTo(expected("id", "n1", "path", "global", "msg", "{\"payload\":\"test\",\"_msgid\":\"abc\"}", "format", "Object"));
  }

  @Test
  void publishesAnotherOrANestedProperty() {
    Message m = new Message().payload("test").set("foo", new LinkedHashMap<>(Map.of("bar", "bar")));
    assertThat(debugFor("[{\"id\":\"n1\",\"type\":\"debug\",\"complete\":\"foo.bar\"}]", m))
      .containsEntry("property", "foo.bar").containsEntry("msg", "bar").containsEntry("format", "string[3]");
  }

  @Test
  void encodesEachKindOfValueAsNodeRed() {
    String node = "[{\"id\":\"n1\",\"type\":\"debug\"}]";
    assertThat(debugFor(node, Message.withPayload(true))).containsEntry("msg", "true").containsEntry("format", "boolean");
    assertThat(debugFor(node, Message.withPayload(7))).containsEntry("msg", "7").containsEntry("format", "number");
    assertThat(debugFor(node, Message.withPayload(Double.NaN))).containsEntry("msg", "NaN").containsEntry("format", "number");
    assertThat(debugFor(node, new Message())).containsEntry("msg", "(undefined)").containsEntry("format", "undefined");
    assertThat(debugFor(node, Message.withPayload(null))).containsEntry("msg", "(undefined)").containsEntry("format", "null");
    assertThat(debugFor(node, Message.withPayload(new LinkedHashMap<>(Map.of("type", "foo")))))
      .containsEntry("msg", "{\"type\":\"foo\"}").containsEntry("format", "Object");
    assertThat(debugFor(node, Message.withPayload(new ArrayList<>(List.of(0, 1, 2, 3)))))
      .containsEntry("msg", "[0,1,2,3]").containsEntry("format", "array[4]");
    assertThat(debugFor(node, Message.withPayload("HELLO".getBytes())))
      .containsEntry("msg", "48454c4c4f").containsEntry("format", "buffer[5]");
  }

  @Test
  void truncatesLongValuesToDebugMaxLength() {
    String node = "[{\"id\":\"n1\",\"type\":\"debug\"}]";
    assertThat(debugFor(node, Message.withPayload("X".repeat(1001))))
      .containsEntry("msg", "X".repeat(1000) + "...").containsEntry("format", "string[1001]");
    assertThat(debugFor(node, Message.withPayload(new LinkedHashMap<>(Map.of("foo", "X".repeat(1001))))))
      .containsEntry("msg", "{\"foo\":\"" + "X".repeat(1000) + "...\"}");
    List<Object> big = new ArrayList<>(Collections.nCopies(1001, "X"));
    assertThat(debugFor(node, Message.withPayload(big)))
      .containsEntry("format", "array[1001]")
      .containsEntry("msg", "{\"__enc__\":true,\"type\":\"array\",\"data\":[" + String.join(",", Collections.nCopies(1000, "\"X\"")) + "],\"length\":1001}");
    byte[] quotes = new byte[501];
    java.util.Arrays.fill(quotes, (byte) '"');
    assertThat(debugFor(node, Message.withPayload(quotes)))
      .containsEntry("format", "buffer[501]").containsEntry("msg", "22".repeat(500));
    byte[] xs = new byte[1001];
    java.util.Arrays.fill(xs, (byte) 'X');
    assertThat(debugFor(node, Message.withPayload(new LinkedHashMap<>(Map.of("foo", xs)))))
      .containsEntry("msg", "{\"foo\":{\"type\":\"Buffer\",\"data\":[" + String.join(",", Collections.nCopies(1000, "88")) + "],\"__enc__\":true,\"length\":1001}}");
  }

  @Test
  void theActiveToggleStopsAndResumesPublishing() {
    try (FlowTestHarness h = FlowTestHarness.start()) {
      h.load("[{\"id\":\"n1\",\"type\":\"debug\",\"active\":false}]");
      h.send("n1", Message.withPayload("message 1"));
      h.await(h.engine().setActive("n1", true));
      h.send("n1", Message.withPayload("message 2"));
      List<Object> events = h.awaitComms("debug", 1);
      assertThat(events).hasSize(1);
      assertThat(events.get(0)).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("msg", "message 2");
    }
  }

  @Test
  void toConsoleLogsTheValue() {
    try (FlowTestHarness h = FlowTestHarness.start()) {
      h.load("[{\"id\":\"n1\",\"type\":\"debug\",\"console\":\"true\",\"tosidebar\":false}]");
      h.send("n1", Message.withPayload("test"));
      assertThat(h.awaitLog("n1", "test").text()).isEqualTo("test");
      assertThat(h.comms("debug")).isEmpty();
    }
  }

  @Test
  void toStatusShowsTheValueCutTo32Characters() {
    try (FlowTestHarness h = FlowTestHarness.start()) {
      h.load("[{\"id\":\"n1\",\"type\":\"debug\",\"tostatus\":true,\"tosidebar\":false}]");
      h.send("n1", Message.withPayload("a status text that is longer than thirty-two characters"));
      List<Object> statuses = h.awaitComms("status/n1", 2);
      assertThat(statuses.get(statuses.size() - 1)).isEqualTo(Map.of("fill", "grey", "shape", "dot", "text", "a status text that is longer tha..."));
    }
  }

  @Test
  void jsonataIsRefusedNamingTheField() {
    try (FlowTestHarness h = FlowTestHarness.start()) {
      assertThatThrownBy(() -> h.load("[{\"id\":\"n1\",\"type\":\"debug\",\"targetType\":\"jsonata\",\"complete\":\"payload*2\"}]"))
        .isInstanceOf(NodeConfigException.class).hasMessage("node n1 (debug): targetType JSONata expressions are not supported");
    }
  }

  @Test
  void inATabTheDebugMessageCarriesTheTabAndTheTopic() {
    try (FlowTestHarness h = FlowTestHarness.start()) {
      h.load("[{\"id\":\"t1\",\"type\":\"tab\"},{\"id\":\"n1\",\"z\":\"t1\",\"type\":\"debug\",\"name\":\"\"}]");
      h.send("n1", Message.withPayload(1).topic("sensors/a"));
      assertThat(h.awaitComms("debug", 1).get(0)).isEqualTo(expected("id", "n1", "z", "t1", "path", "t1", "name", "",
        "topic", "sensors/a", "property", "payload", "msg", "1", "format", "number"));
    }
  }
}
