package io.conduit.flow;

import io.vertx.core.json.JsonArray;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link FlowJson} writes what JavaScript's JSON.stringify writes (the expected strings come from Node.js). */
class FlowJsonTest {
  @Test
  void numbersFollowEcmaScript() {
    assertThat(FlowJson.number(1)).isEqualTo("1");
    assertThat(FlowJson.number(1.0)).isEqualTo("1");
    assertThat(FlowJson.number(-0.5)).isEqualTo("-0.5");
    assertThat(FlowJson.number(1e-7)).isEqualTo("1e-7");
    assertThat(FlowJson.number(0.000001)).isEqualTo("0.000001");
    assertThat(FlowJson.number(1e21)).isEqualTo("1e+21");
    assertThat(FlowJson.number(1e20)).isEqualTo("100000000000000000000");
    assertThat(FlowJson.number(123456789.125)).isEqualTo("123456789.125");
    assertThat(FlowJson.number(1.5e300)).isEqualTo("1.5e+300");
    assertThat(FlowJson.number(0.1 + 0.2)).isEqualTo("0.30000000000000004");
    assertThat(FlowJson.compact(Double.NaN)).isEqualTo("null");
  }

  @Test
  void stringsEscapeOnlyWhatJsonStringifyEscapes() {
    assertThat(FlowJson.compact("a\"b\\c\n\t\u0001é€/")).isEqualTo("\"a\\\"b\\\\c\\n\\t\\u0001é€/\"");
    assertThat(FlowJson.compact("\ud800")).isEqualTo("\"\\ud800\"");
    assertThat(FlowJson.compact("😀")).isEqualTo("\"😀\"");
  }

  @Test
  void prettyMatchesStringifyWithFourSpacesAndKeepsKeyOrder() {
    Map<String, Object> node = new LinkedHashMap<>();
    node.put("id", "n1");
    node.put("type", "debug");
    node.put("wires", List.of(List.of("a", "b"), List.of()));
    node.put("empty", Map.of());
    assertThat(FlowJson.pretty(List.of(node))).isEqualTo("""
      [
          {
              "id": "n1",
              "type": "debug",
              "wires": [
                  [
                      "a",
                      "b"
                  ],
                  []
              ],
              "empty": {}
          }
      ]""");
    assertThat(FlowJson.compact(node)).isEqualTo("{\"id\":\"n1\",\"type\":\"debug\",\"wires\":[[\"a\",\"b\"],[]],\"empty\":{}}");
  }

  @Test
  void buffersAreWrittenAsNodeJsBuffers() {
    assertThat(FlowJson.compact(new byte[] {1, (byte) 255})).isEqualTo("{\"type\":\"Buffer\",\"data\":[1,255]}");
  }

  @Test
  void toPlainCopiesVertxJsonIntoMessageShapes() {
    Object plain = FlowJson.toPlain(new JsonArray("[{\"k\":{\"j\":1}}]"));
    assertThat(plain).isEqualTo(List.of(Map.of("k", Map.of("j", 1))));
    assertThat(((List<?>) plain).get(0)).isInstanceOf(java.util.LinkedHashMap.class);
  }
}
