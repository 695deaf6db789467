package io.conduit.nodes.util;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.conduit.nodes.util.JsValues.UNDEFINED;
import static org.assertj.core.api.Assertions.assertThat;

/** JavaScript's coercions, each case checked against what node (V8) prints. */
class JsValuesTest {

  @Test
  void numbersPrintAsJavaScriptPrintsThem() {
    assertThat(JsValues.numberToString(1.0)).isEqualTo("1");
    assertThat(JsValues.numberToString(-0.0)).isEqualTo("0");
    assertThat(JsValues.numberToString(0.1)).isEqualTo("0.1");
    assertThat(JsValues.numberToString(0.1 + 0.2)).isEqualTo("0.30000000000000004");
    assertThat(JsValues.numberToString(1e21)).isEqualTo("1e+21");
    assertThat(JsValues.numberToString(1e20)).isEqualTo("100000000000000000000");
    assertThat(JsValues.numberToString(123456789012345680000d)).isEqualTo("123456789012345680000");
    assertThat(JsValues.numberToString(0.000001)).isEqualTo("0.000001");
    assertThat(JsValues.numberToString(0.0000001)).isEqualTo("1e-7");
    assertThat(JsValues.numberToString(1.5e-10)).isEqualTo("1.5e-10");
    assertThat(JsValues.numberToString(-2.5e30)).isEqualTo("-2.5e+30");
    assertThat(JsValues.numberToString(Double.NaN)).isEqualTo("NaN");
    assertThat(JsValues.numberToString(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
    assertThat(JsValues.numberToString(42)).isEqualTo("42");
    assertThat(JsValues.numberToString(123.456)).isEqualTo("123.456");
    assertThat(JsValues.numberToString(9007199254740993L)).isEqualTo("9007199254740993");
  }

  @Test
  void stringsConvertToNumbersByTheStringNumericLiteralGrammar() {
    assertThat(JsValues.toNumber("")).isZero();
    assertThat(JsValues.toNumber("  12  ")).isEqualTo(12);
    assertThat(JsValues.toNumber("0x1A")).isEqualTo(26);
    assertThat(JsValues.toNumber("0b101")).isEqualTo(5);
    assertThat(JsValues.toNumber("0o17")).isEqualTo(15);
    assertThat(JsValues.toNumber("-Infinity")).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(JsValues.toNumber(".5")).isEqualTo(0.5);
    assertThat(JsValues.toNumber("5.")).isEqualTo(5);
    assertThat(JsValues.toNumber("1e3")).isEqualTo(1000);
    assertThat(JsValues.toNumber("12px")).isNaN();
    assertThat(JsValues.toNumber("1d")).isNaN();
    assertThat(JsValues.toNumber("NaN")).isNaN();
    assertThat(JsValues.toNumber("-0x10")).isNaN();
    assertThat(JsValues.toNumber("infinity")).isNaN();
    assertThat(JsValues.toNumber(null)).isZero();
    assertThat(JsValues.toNumber(UNDEFINED)).isNaN();
    assertThat(JsValues.toNumber(true)).isEqualTo(1);
    assertThat(JsValues.toNumber(List.of())).isZero();
    assertThat(JsValues.toNumber(List.of(7))).isEqualTo(7);
    assertThat(JsValues.toNumber(List.of(1, 2))).isNaN();
    assertThat(JsValues.toNumber(Map.of())).isNaN();
  }

  @Test
  void objectsConvertToStringsLikeJavaScript() {
    List<Object> withNull = new java.util.ArrayList<>();
    withNull.add(1);
    withNull.add(null);
    withNull.add("a");
    assertThat(JsValues.toStr(withNull)).isEqualTo("1,,a");
    assertThat(JsValues.toStr(Map.of("a", 1))).isEqualTo("[object Object]");
    assertThat(JsValues.toStr("hé".getBytes(StandardCharsets.UTF_8))).isEqualTo("hé");
    assertThat(JsValues.toStr(UNDEFINED)).isEqualTo("undefined");
    assertThat(JsValues.toStr(null)).isEqualTo("null");
    assertThat(JsValues.toStr(2.50)).isEqualTo("2.5");
  }

  @Test
  void looseEqualityFollowsIsLooselyEqual() {
    assertThat(JsValues.looseEquals("5", 5)).isTrue();
    assertThat(JsValues.looseEquals("5.0", 5)).isTrue();
    assertThat(JsValues.looseEquals("", 0)).isTrue();
    assertThat(JsValues.looseEquals("abc", 0)).isFalse();
    assertThat(JsValues.looseEquals(true, 1)).isTrue();
    assertThat(JsValues.looseEquals(true, "1")).isTrue();
    assertThat(JsValues.looseEquals(true, "true")).isFalse();
    assertThat(JsValues.looseEquals(null, UNDEFINED)).isTrue();
    assertThat(JsValues.looseEquals(null, 0)).isFalse();
    assertThat(JsValues.looseEquals(null, "")).isFalse();
    assertThat(JsValues.looseEquals(Double.NaN, Double.NaN)).isFalse();
    assertThat(JsValues.looseEquals(List.of(1, 2), "1,2")).isTrue();
    assertThat(JsValues.looseEquals(Map.of(), "[object Object]")).isTrue();
    Map<String, Object> a = new LinkedHashMap<>();
    assertThat(JsValues.looseEquals(a, new LinkedHashMap<>())).isFalse();
    assertThat(JsValues.looseEquals(a, a)).isTrue();
    assertThat(JsValues.looseEquals(5, 5.0)).isTrue();
    assertThat(JsValues.looseEquals("Hello", "Hello")).isTrue();
  }

  @Test
  void relationalComparisonComparesStringsByCodeUnitsAndAllElseAsNumbers() {
    assertThat(JsValues.lessThan("10", "9")).isTrue();
    assertThat(JsValues.lessThan("10", 9)).isFalse();
    assertThat(JsValues.lessThan(9, "10")).isTrue();
    assertThat(JsValues.lessThan("a", "b")).isTrue();
    assertThat(JsValues.lessThan("B", "a")).isTrue();
    assertThat(JsValues.lessOrEqual(null, 0)).isTrue();
    assertThat(JsValues.greaterOrEqual(null, 0)).isTrue();
    assertThat(JsValues.lessOrEqual(UNDEFINED, 0)).isFalse();
    assertThat(JsValues.greaterOrEqual(UNDEFINED, 0)).isFalse();
    assertThat(JsValues.lessOrEqual("abc", 5)).isFalse();
    assertThat(JsValues.greaterOrEqual("abc", 5)).isFalse();
    assertThat(JsValues.greaterThan(true, 0)).isTrue();
    assertThat(JsValues.lessThan(List.of(2), 3)).isTrue();
  }

  @Test
  void typeofAndTruthiness() {
    assertThat(JsValues.typeOf(null)).isEqualTo("object");
    assertThat(JsValues.typeOf(UNDEFINED)).isEqualTo("undefined");
    assertThat(JsValues.typeOf(List.of())).isEqualTo("object");
    assertThat(JsValues.typeOf(3)).isEqualTo("number");
    assertThat(JsValues.truthy("")).isFalse();
    assertThat(JsValues.truthy("0")).isTrue();
    assertThat(JsValues.truthy(0.0)).isFalse();
    assertThat(JsValues.truthy(Double.NaN)).isFalse();
    assertThat(JsValues.truthy(Map.of())).isTrue();
  }

  @Test
  void integralNumbersTakeTheSmallestShape() {
    assertThat(JsValues.number(3.0)).isEqualTo(3);
    assertThat(JsValues.number(3e10)).isEqualTo(30000000000L);
    assertThat(JsValues.number(0.5)).isEqualTo(0.5);
    assertThat(JsValues.number(-0.0)).isEqualTo(-0.0);
    assertThat(JsValues.number(1e300)).isEqualTo(1e300);
  }
}
