package io.conduit.nodes.function;

import io.conduit.spi.Message;
import io.conduit.spi.NodeConfig;
import io.conduit.spi.NodeConfigException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The change rules on msg properties without the engine, from the cases of {@code 15-change_spec.js}. */
class ChangeRulesTest {

  private static ChangeRules rules(JsonObject... rules) {
    return ChangeRules.parse(new NodeConfig(new JsonObject().put("id", "c1").put("type", "change")
      .put("rules", new JsonArray(Arrays.asList((Object[]) rules)))));
  }

  private static ChangeRules parse(JsonObject config) {
    return ChangeRules.parse(new NodeConfig(config));
  }

  private static JsonObject legacy(String action, String property, String from, String to, Object reg) {
    JsonObject j = new JsonObject().put("id", "c1").put("type", "change").put("action", action)
      .put("property", property).put("from", from).put("to", to);
    if (reg != NONE) j.put("reg", reg);
    return j;
  }

  private static final Object NONE = new Object();

  private static JsonObject rule(String t, String p, String to, String tot) {
    return new JsonObject().put("t", t).put("p", p).put("pt", "msg").put("to", to).put("tot", tot);
  }

  private static JsonObject change(String p, String from, String fromt, String to, String tot) {
    return new JsonObject().put("t", "change").put("p", p).put("pt", "msg").put("from", from).put("fromt", fromt)
      .put("to", to).put("tot", tot);
  }

  private static Message msg(Object... kv) {
    Message m = new Message();
    for (int i = 0; i < kv.length; i += 2) m.set((String) kv[i], kv[i + 1]);
    return m;
  }

  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
    return m;
  }

  private static Message apply(ChangeRules r, Message m) {
    r.apply(m, null);
    return m;
  }

  @Test
  void setsTypedValues() {
    assertThat(apply(rules(rule("set", "payload", "10", "num")), msg()).payload()).isEqualTo(10);
    assertThat(apply(rules(rule("set", "payload", "true", "bool")), msg()).payload()).isEqualTo(true);
    assertThat(apply(rules(rule("set", "payload", "{\"a\":1}", "json")), msg()).payload()).isEqualTo(Map.of("a", 1));
    assertThat(apply(rules(rule("set", "payload", "[1,2]", "bin")), msg()).payload()).isEqualTo(new byte[]{1, 2});
    assertThat(apply(parse(legacy("replace", "pay.load", "", "10", false)), msg("pay", map("load", "x"))).get("pay"))
      .isEqualTo(Map.of("load", "10"));
  }

  @Test
  void settingFromAMissingPropertyDeletesAndFromAMissingParentSkips() {
    assertThat(apply(parse(legacy("replace", "payload", "", "msg.foo", false)), msg("payload", "Hello")).has("payload")).isFalse();
    assertThat(apply(parse(legacy("replace", "payload", "", "msg.foo", false)), msg("payload", "Hello", "foo", null))
      .asMap()).containsEntry("payload", null);
    assertThat(apply(parse(legacy("replace", "foo.bar", "", "msg.fred.red", false)), msg()).has("foo")).isFalse();
    assertThat(apply(parse(legacy("replace", "payload", "", "msg.otherProp=10", false)), msg("payload", "changeMe"))
      .has("payload")).isFalse();
  }

  @Test
  void setsFromAnotherPropertyByReferenceUnlessDeepCopied() {
    Map<String, Object> src = map("a", map("b", 1));
    Message shared = apply(rules(rule("set", "payload", "src", "msg")), msg("src", src));
    assertThat(shared.payload()).isSameAs(src);
    Message copied = apply(rules(rule("set", "payload", "src", "msg").put("dc", true)), msg("src", src));
    assertThat(copied.payload()).isEqualTo(src).isNotSameAs(src);
  }

  @Test
  void changeReplacesInStringsAndWholeValuesByType() {
    assertThat(apply(parse(legacy("change", "payload", "Hello", "Goodbye", false)), msg("payload", "Hello World!")).payload())
      .isEqualTo("Goodbye World!");
    assertThat(apply(rules(change("payload", "123", "str", "456", "num")), msg("payload", "Change123Me")).payload())
      .isEqualTo("Change456Me");
    assertThat(apply(rules(change("payload", "123", "str", "456", "num")), msg("payload", "123")).payload()).isEqualTo(456);
    Message bools = apply(rules(change("payload.a", "123", "str", "true", "bool"), change("payload.b", "456", "str", "false", "bool")),
      msg("payload", map("a", "123", "b", "456")));
    assertThat(bools.payload()).isEqualTo(Map.of("a", true, "b", false));
    assertThat(apply(rules(change("payload", "5", "num", "6", "num")), msg("payload", 5)).payload()).isEqualTo(6);
    assertThat(apply(rules(change("payload", "5", "num", "6", "num")), msg("payload", "5")).payload()).isEqualTo(6);
    assertThat(apply(rules(change("payload", "true", "bool", "no", "str")), msg("payload", true)).payload()).isEqualTo("no");
    assertThat(apply(rules(change("payload", "true", "str", "no", "str")), msg("payload", true)).payload()).isEqualTo(true);
  }

  @Test
  void changeWithRegexGroupsAndSpecialCharacters() {
    Message m = apply(rules(change("payload.a", "\\d+", "re", "NUMBER", "str"), change("payload.b", "on", "re", "true", "bool"),
      change("payload.c", "off", "re", "false", "bool")), msg("payload", map("a", "Replace all numbers 12 and 14", "b", "on", "c", "off")));
    assertThat(m.payload()).isEqualTo(Map.of("a", "Replace all numbers NUMBER and NUMBER", "b", true, "c", false));
    assertThat(apply(parse(legacy("change", "payload", "(Hello)", "$1-$1-$1", true)), msg("payload", "Hello World")).payload())
      .isEqualTo("Hello-Hello-Hello World");
    assertThat(apply(parse(legacy("change", "payload", "(Hello)", "$1", NONE)), msg("payload", "(Hello) x")).payload())
      .isEqualTo("$1 x");
    assertThat(apply(rules(change("payload", "a.b", "str", "X", "str")), msg("payload", "a.b axb")).payload()).isEqualTo("X axb");
    assertThatThrownBy(() -> parse(legacy("change", "payload", "\\+**+", "NUMBER", true)))
      .isInstanceOf(NodeConfigException.class).hasMessageContaining("rules[0].from '\\+**+' is not a valid regular expression");
  }

  @Test
  void changeLeavesMissingPropertiesAlone() {
    assertThat(apply(parse(legacy("change", "payload", "Hello", "Goodbye", false)), msg("x", 1)).asMap()).isEqualTo(Map.of("x", 1));
    assertThat(apply(parse(legacy("change", "foo.bar", "Hello", "Goodbye", false)), msg("x", 1)).asMap()).isEqualTo(Map.of("x", 1));
  }

  @Test
  void changeFromAnotherProperty() {
    assertThat(apply(rules(change("payload", "topic", "msg", "Y", "str")), msg("payload", "aXbX", "topic", "X")).payload())
      .isEqualTo("aYbY");
  }

  @Test
  void deleteRemovesAndMissingIsFine() {
    assertThat(apply(rules(new JsonObject().put("t", "delete").put("p", "payload")), msg("payload", 1, "x", 2)).asMap())
      .isEqualTo(Map.of("x", 2));
    assertThat(apply(rules(new JsonObject().put("t", "delete").put("p", "a.b")), msg("a", map("b", 1, "c", 2))).get("a"))
      .isEqualTo(Map.of("c", 2));
    assertThat(apply(rules(new JsonObject().put("t", "delete").put("p", "a.b")), msg("x", 1)).asMap()).isEqualTo(Map.of("x", 1));
  }

  @Test
  void moveCoversChildrenParentsAndItself() {
    JsonObject move = new JsonObject().put("t", "move").put("p", "payload").put("pt", "msg").put("to", "topic").put("tot", "msg");
    assertThat(apply(rules(move), msg("payload", "A")).asMap()).isEqualTo(Map.of("topic", "A"));
    JsonObject self = move.copy().put("to", "payload");
    assertThat(apply(rules(self), msg("payload", map("a", 1))).asMap()).isEqualTo(Map.of("payload", Map.of("a", 1)));
    JsonObject down = move.copy().put("to", "payload.sub");
    assertThat(apply(rules(down), msg("payload", map("a", 1))).asMap()).isEqualTo(Map.of("payload", Map.of("sub", Map.of("a", 1))));
    JsonObject up = move.copy().put("p", "payload.sub").put("to", "payload");
    assertThat(apply(rules(up), msg("payload", map("sub", map("a", 1)))).asMap()).isEqualTo(Map.of("payload", Map.of("a", 1)));
  }

  @Test
  void rulesApplyInOrder() {
    Message m = apply(rules(rule("set", "payload", "first", "str"), rule("set", "topic", "payload", "msg"),
      rule("set", "payload", "second", "str")), msg());
    assertThat(m.asMap()).isEqualTo(Map.of("payload", "second", "topic", "first"));
  }

  @Test
  void invalidRulesAreRefusedAtDeploy() {
    assertThatThrownBy(() -> rules(rule("set", "payload", "{x", "json")))
      .hasMessageStartingWith("node c1 (change): rules[0].to '{x' is not a valid JSON value");
    assertThatThrownBy(() -> rules(rule("set", "payload", "1", "jsonata")))
      .hasMessage("node c1 (change): rules[0].tot is 'jsonata': JSONata expressions are not supported by Conduit yet");
    assertThatThrownBy(() -> rules(rule("replace", "payload", "1", "str"))).hasMessageContaining("rules[0].t 'replace'");
    assertThatThrownBy(() -> rules(rule("set", "payload", "1", "str").put("pt", "node"))).hasMessageContaining("rules[0].pt");
  }
}
