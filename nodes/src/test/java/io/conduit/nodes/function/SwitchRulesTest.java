package io.conduit.nodes.function;

import io.conduit.nodes.util.JsValues;
import io.conduit.spi.Message;
import io.conduit.spi.NodeConfig;
import io.conduit.spi.NodeConfigException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The rule table without the engine: the cases of Node-RED's {@code 10-switch_spec.js} and the
 * JavaScript coercions behind them.
 */
class SwitchRulesTest {

  private static SwitchRules rules(JsonObject... rules) {
    return rules("true", rules);
  }

  private static SwitchRules rules(Object checkall, JsonObject... rules) {
    return SwitchRules.parse(new NodeConfig(new JsonObject().put("id", "s1").put("type", "switch")
      .put("checkall", checkall).put("rules", new JsonArray(Arrays.asList((Object[]) rules)))));
  }

  private static JsonObject rule(String t, Object v) {
    return new JsonObject().put("t", t).put("v", v);
  }

  private static boolean matches(JsonObject rule, Object payload) throws Exception {
    return rules(rule).apply(payload, Message.withPayload(payload), null, null)[0];
  }

  @Test
  void comparisonsCoerceLikeJavaScript() throws Exception {
    assertThat(matches(rule("eq", "Hello"), "Hello")).isTrue();
    assertThat(matches(rule("eq", "Hello"), "Hello!")).isFalse();
    assertThat(matches(rule("eq", 10), "10")).isTrue();
    assertThat(matches(rule("eq", "10"), 10)).isTrue();
    assertThat(matches(rule("neq", "Hello"), "Hello")).isFalse();
    assertThat(matches(rule("lt", 3), 2)).isTrue();
  }

  @Test
  void untypedNumericValuesAreNumbersAndStringsCompareAsText() throws Exception {
    // Node-RED types an untyped v as num when Number(v) is a number: "10" < 3 is then numeric
    assertThat(matches(rule("lt", "3"), "10")).isFalse();
    // typed as str, both sides are strings: "10" < "3" by code units
    assertThat(matches(rule("lt", "3").put("vt", "str"), "10")).isTrue();
    assertThat(matches(rule("gt", "abc").put("vt", "str"), "abd")).isTrue();
    assertThat(matches(rule("gte", 3), 3)).isTrue();
    assertThat(matches(rule("lte", 3), "3")).isTrue();
    assertThat(matches(rule("gt", 3), "abc")).isFalse();
  }

  @Test
  void betweenAcceptsBoundsInEitherOrder() throws Exception {
    assertThat(matches(rule("btwn", "3").put("v2", "5"), 4)).isTrue();
    assertThat(matches(rule("btwn", "5").put("v2", "3"), 4)).isTrue();
    assertThat(matches(rule("btwn", "c").put("v2", "e"), "d")).isTrue();
    assertThat(matches(rule("btwn", 3).put("v2", 5), 12)).isFalse();
  }

  @Test
  void containsRegexAndCase() throws Exception {
    assertThat(matches(rule("cont", "Hello"), "Hello World!")).isTrue();
    assertThat(matches(rule("cont", "Hello"), "This is not a greeting!")).isFalse();
    assertThat(matches(rule("cont", 2), List.of(1, 2, 3))).isTrue(); // "1,2,3" contains "2"
    assertThat(matches(rule("regex", "[abc]+"), "abbabac")).isTrue();
    assertThat(matches(rule("regex", "[abc]+"), "xyz")).isFalse();
    assertThat(matches(rule("regex", "onetwothree").put("case", true), "oneTWOthree")).isTrue();
    assertThat(matches(rule("regex", "onetwothree"), "oneTWOthree")).isFalse();
    assertThat(matches(rule("regex", "onetwothree").put("case", false), "oneTWOthree")).isFalse();
  }

  @Test
  void invalidConstantRegexIsRefusedAtDeploy() {
    assertThatThrownBy(() -> rules(rule("regex", "([a-z")))
      .isInstanceOf(NodeConfigException.class)
      .hasMessageStartingWith("node s1 (switch): rules[0].v '([a-z' is not a valid regular expression");
  }

  @Test
  void booleanNullAndEmptyRules() throws Exception {
    assertThat(matches(rule("true", null), true)).isTrue();
    assertThat(matches(rule("true", null), "true")).isFalse();
    assertThat(matches(rule("false", null), false)).isTrue();
    assertThat(matches(rule("null", null), null)).isTrue();
    assertThat(matches(rule("null", null), JsValues.UNDEFINED)).isTrue();
    assertThat(matches(rule("nnull", null), 0)).isTrue();
    for (Object empty : new Object[]{"", List.of(), new byte[0], Map.of()}) {
      assertThat(matches(rule("empty", null), empty)).as("empty %s", empty).isTrue();
      assertThat(matches(rule("nempty", null), empty)).isFalse();
    }
    for (Object full : new Object[]{"1", List.of(1), new byte[1], Map.of("a", 1)}) {
      assertThat(matches(rule("empty", null), full)).isFalse();
      assertThat(matches(rule("nempty", null), full)).isTrue();
    }
    for (Object neither : new Object[]{null, JsValues.UNDEFINED, 0}) {
      assertThat(matches(rule("empty", null), neither)).isFalse();
      assertThat(matches(rule("nempty", null), neither)).isFalse();
    }
  }

  @Test
  void isTypeMatchesNodeRedsTypes() throws Exception {
    assertThat(matches(rule("istype", "string").put("vt", "string"), "Hello")).isTrue();
    assertThat(matches(rule("istype", "number").put("vt", "number"), 0)).isTrue();
    assertThat(matches(rule("istype", "number").put("vt", "number"), Double.NaN)).isFalse();
    assertThat(matches(rule("istype", "number").put("vt", "number"), Double.POSITIVE_INFINITY)).isTrue();
    assertThat(matches(rule("istype", "boolean").put("vt", "boolean"), false)).isTrue();
    assertThat(matches(rule("istype", "array").put("vt", "array"), List.of(1, "a"))).isTrue();
    assertThat(matches(rule("istype", "buffer").put("vt", "buffer"), "Hello".getBytes(StandardCharsets.UTF_8))).isTrue();
    assertThat(matches(rule("istype", "object").put("vt", "object"), Map.of("a", 1))).isTrue();
    assertThat(matches(rule("istype", "object").put("vt", "object"), List.of())).isFalse();
    assertThat(matches(rule("istype", "object").put("vt", "object"), null)).isFalse();
    assertThat(matches(rule("istype", "json").put("vt", "json"), "{\"a\":1,\"b\":\"b\",\"c\":true}")).isTrue();
    assertThat(matches(rule("istype", "json").put("vt", "json"), "Hello")).isFalse();
    assertThat(matches(rule("istype", "json").put("vt", "json"), 5)).isTrue(); // JSON.parse(5) is 5
    assertThat(matches(rule("istype", "null").put("vt", "null"), null)).isTrue();
    assertThat(matches(rule("istype", "null").put("vt", "null"), JsValues.UNDEFINED)).isFalse();
    assertThat(matches(rule("istype", "undefined").put("vt", "undefined"), JsValues.UNDEFINED)).isTrue();
  }

  @Test
  void hasKey() throws Exception {
    assertThat(matches(rule("hask", "a"), Map.of("a", 1))).isTrue();
    assertThat(matches(rule("hask", "a"), Map.of("b", 1))).isFalse();
    assertThat(matches(rule("hask", 1), Map.of("a", 1))).isFalse();
    assertThat(matches(rule("hask", "a"), null)).isFalse();
    assertThat(matches(rule("hask", "a"), JsValues.UNDEFINED)).isFalse();
    assertThat(matches(rule("hask", 1), List.of(5, 6))).isTrue();
    assertThat(matches(rule("hask", "length"), "abc")).isTrue();
  }

  @Test
  void checkallFalseStopsAtTheFirstMatchAndElseCatchesTheRest() throws Exception {
    JsonObject[] r = {rule("eq", "a").put("vt", "str"), rule("cont", "a").put("vt", "str"), new JsonObject().put("t", "else")};
    assertThat(rules("true", r).apply("a", Message.withPayload("a"), null, null)).containsExactly(true, true, false);
    assertThat(rules("false", r).apply("a", Message.withPayload("a"), null, null)).containsExactly(true, false, false);
    assertThat(rules("true", r).apply("b", Message.withPayload("b"), null, null)).containsExactly(false, false, true);
    // Node-RED reads checkall with `n.checkall || "true"` and compares to the string "false"
    assertThat(rules(false, r).apply("a", Message.withPayload("a"), null, null)).containsExactly(true, true, false);
  }

  @Test
  void elseResetsAfterEachElse() throws Exception {
    JsonObject[] r = {rule("eq", 1), new JsonObject().put("t", "else"), rule("eq", 2), new JsonObject().put("t", "else")};
    assertThat(rules(r).apply(2, Message.withPayload(2), null, null)).containsExactly(false, true, true, false);
  }

  @Test
  void previousValueAndMessageValues() throws Exception {
    SwitchRules r = rules(rule("gt", "").put("vt", "prev"));
    assertThat(r.apply(5, Message.withPayload(5), null, 4)[0]).isTrue();
    assertThat(r.apply(5, Message.withPayload(5), null, null)[0]).isTrue(); // 5 > null (0)
    Message msg = Message.withPayload(5).set("limit", new LinkedHashMap<>(Map.of("max", 3)));
    assertThat(rules(rule("gt", "limit.max").put("vt", "msg")).apply(5, msg, null, null)[0]).isTrue();
  }

  @Test
  void sequenceRulesReadMsgParts() throws Exception {
    Message msg = Message.withPayload(1).set("parts", new LinkedHashMap<>(Map.of("index", 2, "count", 5, "id", "x")));
    assertThat(rules(rule("head", 3)).apply(1, msg, null, null)[0]).isTrue();
    assertThat(rules(rule("head", 2)).apply(1, msg, null, null)[0]).isFalse();
    assertThat(rules(rule("tail", 3)).apply(1, msg, null, null)[0]).isTrue();
    assertThat(rules(rule("tail", 2)).apply(1, msg, null, null)[0]).isFalse();
    assertThat(rules(rule("index", 1).put("v2", 2)).apply(1, msg, null, null)[0]).isTrue();
    assertThatThrownBy(() -> rules(rule("head", 3)).apply(1, Message.withPayload(1), null, null))
      .isInstanceOf(SwitchRules.RuleException.class).hasMessageContaining("msg.parts");
  }

  @Test
  void unknownRulesAndJsonataAreRefused() {
    assertThatThrownBy(() -> rules(rule("sometimes", 1))).hasMessageContaining("rules[0].t 'sometimes' is not a switch rule");
    assertThatThrownBy(() -> rules(rule("jsonata_exp", "$x"))).hasMessageContaining("JSONata");
    assertThatThrownBy(() -> rules(rule("eq", "payload = 1").put("vt", "jsonata")))
      .hasMessage("node s1 (switch): rules[0].vt is 'jsonata': JSONata expressions are not supported by Conduit yet");
    assertThatThrownBy(() -> rules(rule("istype", "thing"))).hasMessageContaining("rules[0].v 'thing' is not a type");
  }

  @Test
  void jsonValuesAreParsed() throws Exception {
    assertThat(matches(rule("eq", "5").put("vt", "json"), "5")).isTrue();
    assertThat(rules(rule("eq", "5").put("vt", "json")).apply("json", Message.withPayload("json"), null, null)[0]).isFalse();
  }
}
