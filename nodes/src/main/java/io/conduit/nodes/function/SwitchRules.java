package io.conduit.nodes.function;

import io.conduit.nodes.util.JsRegExp;
import io.conduit.nodes.util.JsValues;
import io.conduit.nodes.util.JsonValues;
import io.conduit.nodes.util.TypedValue;
import io.conduit.spi.Message;
import io.conduit.spi.NodeConfig;
import io.conduit.spi.NodeServices;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.PatternSyntaxException;

/**
 * The switch node's rule table ({@code rules}, {@code checkall}), Node-RED's {@code operators} of
 * {@code 10-switch.js} with JavaScript's coercions ({@link JsValues}):
 * <pre>
 *   eq a == v        neq a != v       lt a &lt; v      lte a &lt;= v     gt a &gt; v     gte a &gt;= v
 *   btwn (a &gt;= v &amp;&amp; a &lt;= v2) || (a &lt;= v &amp;&amp; a &gt;= v2)   cont String(a) contains String(v)
 *   regex String(a) matches new RegExp(v, case ? "i" : "")   true a === true   false a === false
 *   null a is null/undefined   nnull the opposite   empty/nempty: length of string/array/Buffer, keys of object
 *   istype v in string number(not NaN) boolean array buffer object json null undefined
 *   head parts.index &lt; v    tail parts.count - v &lt;= parts.index    index v &lt;= parts.index &lt;= v2
 *   hask a has own property String(v)   else: no rule matched since the last else
 * </pre>
 * Rule values without a type are {@code num} when {@code Number(v)} is a number, else {@code str}.
 * {@code checkall} is "true" unless it is the string "false" (then the first match wins), exactly
 * as Node-RED reads it. {@code jsonata_exp} rules and {@code jsonata} values are refused at deploy,
 * as is an invalid constant regular expression.
 */
public final class SwitchRules {
  static final Set<String> OPERATORS = Set.of("eq", "neq", "lt", "lte", "gt", "gte", "btwn", "cont", "regex",
    "true", "false", "null", "nnull", "empty", "nempty", "istype", "head", "tail", "index", "hask", "else");
  private static final Set<String> ISTYPES = Set.of("string", "number", "boolean", "array", "buffer", "object",
    "json", "null", "undefined");
  private static final Set<String> VALUE_TYPES;

  static {
    Set<String> s = new HashSet<>(TypedValue.ALL);
    s.add("null");
    VALUE_TYPES = Set.copyOf(s);
  }

  /** One configured rule; {@code v}/{@code v2} null when the rule has none. */
  record Rule(int index, String t, TypedValue v, TypedValue v2, boolean nullValue, String istype,
              boolean ignoreCase, JsRegExp regex) {
  }

  /** A rule failed on this message (an invalid dynamic regex, a sequence rule without msg.parts). */
  public static final class RuleException extends Exception {
    RuleException(String message) {
      super(message);
    }
  }

  private final List<Rule> rules;
  private final boolean stopAtFirst;

  private SwitchRules(List<Rule> rules, boolean stopAtFirst) {
    this.rules = rules;
    this.stopAtFirst = stopAtFirst;
  }

  public static SwitchRules parse(NodeConfig config) {
    JsonArray array = config.array("rules");
    List<Rule> rules = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof JsonObject r)) {
        throw config.invalid("rules[" + i + "]", "is not an object");
      }
      rules.add(parseRule(config, i, r));
    }
    Object checkall = config.json().getValue("checkall");
    return new SwitchRules(List.copyOf(rules), "false".equals(checkall));
  }

  private static Rule parseRule(NodeConfig config, int i, JsonObject r) {
    String f = "rules[" + i + "]";
    String t = r.getValue("t") == null ? null : r.getValue("t").toString();
    if ("jsonata_exp".equals(t)) {
      throw config.invalid(f + ".t", "is 'jsonata_exp': JSONata expressions are not supported by Conduit yet");
    }
    if (t == null || !OPERATORS.contains(t)) {
      throw config.invalid(f + ".t", "'" + t + "' is not a switch rule; expected one of " + new java.util.TreeSet<>(OPERATORS));
    }
    Object rawV = r.containsKey("v") ? JsonValues.fromJson(r.getValue("v")) : JsValues.UNDEFINED;
    boolean ignoreCase = JsValues.truthy(JsonValues.fromJson(r.getValue("case")));
    if (t.equals("istype")) {
      String type = JsValues.toStr(rawV);
      if (!ISTYPES.contains(type)) {
        throw config.invalid(f + ".v", "'" + type + "' is not a type; expected one of " + new java.util.TreeSet<>(ISTYPES));
      }
      return new Rule(i, t, null, null, false, type, false, null);
    }
    String vt = typeOf(r.getValue("vt"), rawV);
    TypedValue v = vt.equals("null") ? null : TypedValue.of(config, f + ".v", f + ".vt", vt, rawV, VALUE_TYPES);
    TypedValue v2 = null;
    if (r.containsKey("v2")) {
      Object rawV2 = JsonValues.fromJson(r.getValue("v2"));
      String v2t = typeOf(r.getValue("v2t"), rawV2);
      v2 = v2t.equals("null") ? null : TypedValue.of(config, f + ".v2", f + ".v2t", v2t, rawV2, VALUE_TYPES);
    }
    JsRegExp regex = null;
    if (t.equals("regex") && v != null && v.constant() != null) {
      Object c = v.constant();
      String source = c instanceof JsRegExp re ? re.source() : JsValues.toStr(c);
      try {
        regex = JsRegExp.compile(source, ignoreCase ? "i" : "");
      } catch (PatternSyntaxException e) {
        throw config.invalid(f + ".v", "'" + source + "' is not a valid regular expression: " + e.getDescription());
      }
    }
    return new Rule(i, t, v, v2, vt.equals("null"), null, ignoreCase, regex);
  }

  /** Node-RED's default: {@code num} when {@code Number(v)} is a number, else {@code str}. */
  private static String typeOf(Object configured, Object raw) {
    if (configured != null && !configured.toString().isEmpty()) {
      return configured.toString();
    }
    return Double.isNaN(JsValues.toNumber(raw)) ? "str" : "num";
  }

  public int size() {
    return rules.size();
  }

  /** True when a rule needs {@code msg.parts.count} ({@code tail}): sequences are then held until complete. */
  public boolean needsCount() {
    return rules.stream().anyMatch(r -> r.t().equals("tail"));
  }

  /**
   * Applies the rules to the property value.
   *
   * @return one flag per output: true when the message goes out on it
   */
  public boolean[] apply(Object property, Message msg, NodeServices services, Object previous) throws RuleException {
    boolean[] out = new boolean[rules.size()];
    boolean elseFlag = true;
    for (Rule rule : rules) {
      Object v1 = rule.nullValue() ? "null" : rule.v() == null ? JsValues.UNDEFINED : rule.v().evaluate(msg, services, previous);
      Object v2 = rule.v2() == null ? JsValues.UNDEFINED : rule.v2().evaluate(msg, services, previous);
      boolean match;
      if (rule.t().equals("else")) {
        match = elseFlag;
        elseFlag = true;
      } else {
        match = test(rule, property, v1, v2, msg);
      }
      if (match) {
        out[rule.index()] = true;
        elseFlag = false;
        if (stopAtFirst) {
          break;
        }
      }
    }
    return out;
  }

  static boolean test(Rule rule, Object a, Object b, Object c, Message msg) throws RuleException {
    return switch (rule.t()) {
      case "eq" -> JsValues.looseEquals(a, b);
      case "neq" -> !JsValues.looseEquals(a, b);
      case "lt" -> JsValues.lessThan(a, b);
      case "lte" -> JsValues.lessOrEqual(a, b);
      case "gt" -> JsValues.greaterThan(a, b);
      case "gte" -> JsValues.greaterOrEqual(a, b);
      case "btwn" -> (JsValues.greaterOrEqual(a, b) && JsValues.lessOrEqual(a, c))
        || (JsValues.lessOrEqual(a, b) && JsValues.greaterOrEqual(a, c));
      case "cont" -> JsValues.toStr(a).contains(JsValues.toStr(b));
      case "regex" -> regex(rule, b).test(JsValues.toStr(a));
      case "true" -> Boolean.TRUE.equals(a);
      case "false" -> Boolean.FALSE.equals(a);
      case "null" -> JsValues.isNullish(a);
      case "nnull" -> !JsValues.isNullish(a);
      case "empty" -> JsValues.length(a) == 0;
      case "nempty" -> JsValues.length(a) > 0;
      case "istype" -> isType(a, rule.istype());
      case "head" -> JsValues.lessThan(part(msg, "index"), JsValues.toNumber(b));
      case "tail" -> JsValues.lessOrEqual(JsValues.toNumber(part(msg, "count")) - JsValues.toNumber(b), part(msg, "index"));
      case "index" -> {
        Object index = part(msg, "index");
        yield JsValues.lessOrEqual(JsValues.toNumber(b), index) && JsValues.lessOrEqual(index, JsValues.toNumber(c));
      }
      case "hask" -> !JsValues.isNullish(a) && !isObject(b) && hasOwn(a, JsValues.toStr(b));
      default -> throw new IllegalStateException("unchecked operator " + rule.t());
    };
  }

  private static JsRegExp regex(Rule rule, Object b) throws RuleException {
    if (rule.regex() != null) {
      return rule.regex();
    }
    String source = b instanceof JsRegExp re ? re.source() : b == JsValues.UNDEFINED ? "(?:)" : JsValues.toStr(b);
    try {
      return JsRegExp.compile(source, rule.ignoreCase() ? "i" : "");
    } catch (PatternSyntaxException e) {
      throw new RuleException("Invalid regular expression: /" + source + "/: " + e.getDescription());
    }
  }

  private static Object part(Message msg, String key) throws RuleException {
    if (!(msg.get("parts") instanceof Map<?, ?> parts)) {
      throw new RuleException("Cannot read properties of undefined (reading '" + key + "'): msg.parts is missing");
    }
    return parts.containsKey(key) ? parts.get(key) : JsValues.UNDEFINED;
  }

  private static boolean isObject(Object v) {
    return "object".equals(JsValues.typeOf(v));
  }

  /** {@code Object.prototype.hasOwnProperty.call(a, key)} for the value shapes. */
  static boolean hasOwn(Object a, String key) {
    if (a instanceof Map<?, ?> m) return m.containsKey(key);
    int len = a instanceof String s ? s.length() : a instanceof List<?> l ? l.size() : a instanceof byte[] b ? b.length : -1;
    if (len < 0) return false;
    if (key.equals("length")) return !(a instanceof byte[]);
    double idx = JsValues.toNumber(key);
    return !key.isEmpty() && JsValues.numberToString(JsValues.number(idx)).equals(key) && idx >= 0 && idx < len;
  }

  static boolean isType(Object a, String type) {
    return switch (type) {
      case "array" -> a instanceof List;
      case "buffer" -> a instanceof byte[];
      case "json" -> a != JsValues.UNDEFINED && JsonValues.isJson(JsValues.toStr(a));
      case "null" -> a == null;
      case "number" -> a instanceof Number n && !Double.isNaN(n.doubleValue());
      default -> JsValues.typeOf(a).equals(type) && !(a instanceof List) && !(a instanceof byte[]) && a != null;
    };
  }
}
