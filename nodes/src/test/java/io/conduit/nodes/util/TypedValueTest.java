package io.conduit.nodes.util;

import io.conduit.spi.Message;
import io.conduit.spi.NodeConfig;
import io.conduit.spi.NodeConfigException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TypedValueTest {
  private static final NodeConfig CONFIG = new NodeConfig(new JsonObject().put("id", "n1").put("type", "inject"));

  private static TypedValue tv(String type, Object value) {
    return TypedValue.of(CONFIG, "v", "vt", type, value, TypedValue.ALL);
  }

  @Test
  void constantsConvertAsEvaluateNodePropertyDoes() {
    assertThat(tv("str", 12).evaluate(null, null, null)).isEqualTo("12");
    assertThat(tv("num", "12.50").evaluate(null, null, null)).isEqualTo(12.5);
    assertThat(tv("num", "").evaluate(null, null, null)).isEqualTo(0);
    assertThat(tv("num", "0x10").evaluate(null, null, null)).isEqualTo(16);
    assertThat(tv("bool", "TRUE").evaluate(null, null, null)).isEqualTo(true);
    assertThat(tv("bool", "yes").evaluate(null, null, null)).isEqualTo(false);
    assertThat(tv("json", "{\"a\":[1]}").evaluate(null, null, null)).isEqualTo(Map.of("a", List.of(1)));
    assertThat(tv("bin", "[1,2,300]").evaluate(null, null, null)).isEqualTo(new byte[]{1, 2, 44});
    assertThat(tv("bin", "\"hé\"").evaluate(null, null, null)).isEqualTo("hé".getBytes(StandardCharsets.UTF_8));
    assertThat(tv("re", "a+").evaluate(null, null, null)).isInstanceOf(JsRegExp.class);
  }

  @Test
  void jsonValuesAreFreshForEveryMessage() {
    TypedValue v = tv("json", "{\"a\":[1]}");
    Object first = v.evaluate(null, null, null);
    assertThat(v.evaluate(null, null, null)).isEqualTo(first).isNotSameAs(first);
  }

  @Test
  void msgValuesTellMissingFromNull() {
    Message msg = new Message();
    msg.set("a", null);
    msg.set("b", new java.util.LinkedHashMap<>(Map.of("c", 3)));
    assertThat(tv("msg", "a").evaluate(msg, null, null)).isNull();
    assertThat(tv("msg", "zz").evaluate(msg, null, null)).isSameAs(JsValues.UNDEFINED);
    assertThat(tv("msg", "msg.b.c").evaluate(msg, null, null)).isEqualTo(3);
    assertThat(tv("msg", "b.x.y").evaluate(msg, null, null)).isSameAs(JsValues.UNDEFINED);
    assertThat(tv("prev", "").evaluate(msg, null, "before")).isEqualTo("before");
  }

  @Test
  void invalidValuesAreRefusedNamingNodeAndField() {
    assertThatThrownBy(() -> tv("json", "{a:1}")).isInstanceOf(NodeConfigException.class)
      .hasMessageStartingWith("node n1 (inject): v '{a:1}' is not a valid JSON value");
    assertThatThrownBy(() -> tv("num", "abc")).hasMessageContaining("v 'abc' is not a valid number");
    assertThatThrownBy(() -> tv("re", "(")).hasMessageContaining("regular expression");
    assertThatThrownBy(() -> tv("bin", "{}")).hasMessageContaining("buffer");
    assertThatThrownBy(() -> tv("msg", "a..b")).hasMessageContaining("property expression");
    assertThatThrownBy(() -> tv("jsonata", "$now()")).isInstanceOf(NodeConfigException.class)
      .hasMessage("node n1 (inject): vt is 'jsonata': JSONata expressions are not supported by Conduit yet");
    assertThatThrownBy(() -> tv("node", "x")).hasMessageContaining("vt 'node' is not one of");
  }

  @Test
  void datesFollowNodeRedsFormats() {
    Instant t = Instant.parse("2024-03-05T07:08:09.045Z");
    Clock clock = Clock.fixed(t, ZoneId.of("Europe/Paris"));
    assertThat(DateFormats.evaluate("", clock)).isEqualTo(1709622489045L);
    assertThat(DateFormats.evaluate("iso", clock)).isEqualTo("2024-03-05T07:08:09.045Z");
    assertThat(DateFormats.evaluate("object", clock)).isEqualTo("2024-03-05T07:08:09.045Z");
    assertThat(DateFormats.evaluate("YYYY-MM-DD HH:mm:ss.SSS Z [at] Do MMM dddd A X", clock))
      .isEqualTo("2024-03-05 08:08:09.045 +01:00 at 5th Mar Tuesday AM 1709622489");
    assertThat(DateFormats.format("h:mm a, W, E, Q, DDD", ZonedDateTime.parse("2024-12-31T23:05:00Z")))
      .isEqualTo("11:05 pm, 1, 2, 4, 366");
  }

  @Test
  void contextKeysReadTheStoreAndEmbeddedMessageReferences() {
    ContextKey plain = ContextKey.parse("#:(file)::counts.total");
    assertThat(plain.store()).isEqualTo("file");
    assertThat(plain.key(new Message())).isEqualTo("counts.total");
    ContextKey nested = ContextKey.parse("counts[msg.topic].n");
    Message msg = new Message().topic("a\"b");
    assertThat(nested.key(msg)).isEqualTo("counts['a\"b'].n");
    msg.set("topic", 3);
    assertThat(nested.key(msg)).isEqualTo("counts[3].n");
    assertThatThrownBy(() -> nested.key(new Message())).isInstanceOf(IllegalArgumentException.class)
      .hasMessageContaining("undefined reference");
  }
}
