package io.conduit.nodes.util;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonValuesTest {

  @Test
  void numbersAreJavaScriptNumbers() {
    // what JSON.parse gives, in the message model's shapes (Integer, Long within 2^53, else Double)
    assertThat(JsonValues.parse("42")).isEqualTo(42);
    assertThat(JsonValues.parse("-7")).isEqualTo(-7);
    assertThat(JsonValues.parse("0")).isEqualTo(0);
    assertThat(JsonValues.parse("-0")).isEqualTo(-0.0);
    assertThat(JsonValues.parse("2147483648")).isEqualTo(2147483648L);
    assertThat(JsonValues.parse("1764500000123")).isEqualTo(1764500000123L);
    assertThat(JsonValues.parse("9007199254740993")).isEqualTo(9007199254740992L);
    assertThat(JsonValues.parse("123456789012345678901234567890")).isEqualTo(1.2345678901234568E29);
    assertThat(JsonValues.parse("1e2")).isEqualTo(100);
    assertThat(JsonValues.parse("0.1")).isEqualTo(0.1);
    assertThat(JsonValues.parse("-2.5e-3")).isEqualTo(-0.0025);
    assertThat(JsonValues.parse("1e400")).isEqualTo(Double.POSITIVE_INFINITY);
  }

  @Test
  void parseIsStrictLikeJsonParse() {
    assertThat(JsonValues.parse(" {\"a\":[1,2.5,\"x\",true,null]} ")).isEqualTo(
      Map.of("a", java.util.Arrays.asList(1, 2.5, "x", true, null)));
    assertThat(JsonValues.parse("\"str\"")).isEqualTo("str");
    assertThat(JsonValues.parse("1.0")).isEqualTo(1);
    assertThat(JsonValues.parse("null")).isNull();
    assertThat(JsonValues.isJson("{a:1}")).isFalse();
    assertThat(JsonValues.isJson("'a'")).isFalse();
    assertThat(JsonValues.isJson("1 2")).isFalse();
    assertThat(JsonValues.isJson("01")).isFalse();
    assertThat(JsonValues.isJson("[1,]")).isFalse();
    assertThat(JsonValues.isJson("NaN")).isFalse();
    assertThat(JsonValues.isJson("")).isFalse();
    assertThatThrownBy(() -> JsonValues.parse("{\"a\":}")).isInstanceOf(IllegalArgumentException.class)
      .hasMessageContaining("position");
  }

  @Test
  void parseKeepsKeyOrder() {
    Object v = JsonValues.parse("{\"z\":1,\"a\":2,\"m\":3}");
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) v;
    assertThat(m.keySet()).containsExactly("z", "a", "m");
  }

  @Test
  void stringifyMatchesJsonStringify() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("n", 1.0);
    m.put("f", 0.5);
    m.put("nan", Double.NaN);
    m.put("u", JsValues.UNDEFINED);
    m.put("s", "q\"\\\n\u0001é");
    List<Object> l = new ArrayList<>();
    l.add(JsValues.UNDEFINED);
    l.add(new byte[]{1, (byte) 255});
    m.put("l", l);
    assertThat(JsonValues.stringify(m)).isEqualTo(
      "{\"n\":1,\"f\":0.5,\"nan\":null,\"s\":\"q\\\"\\\\\\n\\u0001é\",\"l\":[null,{\"type\":\"Buffer\",\"data\":[1,255]}]}");
    assertThat(JsonValues.stringify("\ud800")).isEqualTo("\"\\ud800\"");
    assertThat(JsonValues.stringify("\ud83d\ude00")).isEqualTo("\"\ud83d\ude00\"");
    assertThat(JsonValues.stringify(JsValues.UNDEFINED)).isNull();
  }

  @Test
  void configJsonBecomesMessageShapes() {
    Object v = JsonValues.fromJson(new JsonObject().put("a", new JsonArray().add(1).add(2.0)).put("b", 3L));
    assertThat(v).isEqualTo(Map.of("a", List.of(1, 2), "b", 3));
    assertThat(((Map<?, ?>) v).get("a")).isInstanceOf(ArrayList.class);
  }
}
