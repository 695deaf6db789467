package io.conduit.nodes.function;

import io.conduit.nodes.util.ContextKey;
import io.conduit.nodes.util.JsRegExp;
import io.conduit.nodes.util.JsValues;
import io.conduit.nodes.util.JsonValues;
import io.conduit.nodes.util.TypedValue;
import io.conduit.spi.ContextScope;
import io.conduit.spi.Message;
import io.conduit.spi.NodeConfig;
import io.conduit.spi.NodeServices;
import io.conduit.spi.PropertyPath;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The change node's rules ({@code 15-change.js}), applied in order to one message:
 * <ul>
 *   <li>{@code set} {@code p} ({@code pt} msg/flow/global) to {@code to} ({@code tot} str, num,
 *       bool, json, bin, date, env, msg, flow, global), deep-copied when {@code dc}. Setting a
 *       msg property to a missing one deletes it; a parent that is not an object is not replaced
 *       and a warning says so; a {@code to} whose parent is missing skips the rule.</li>
 *   <li>{@code change}: in a string, replaces {@code from} ({@code fromt} str, num, bool, re, env,
 *       or msg/flow/global whose value's type decides) everywhere with {@code to}, JavaScript
 *       replacement patterns ({@code $1}, {@code $&}) included; a string equal to a str/num/bool
 *       {@code from} is replaced by the typed {@code to}; a number equal to a num {@code from}, or a
 *       boolean equal to a bool {@code from}, is replaced by {@code to}. A bool {@code to} that
 *       produces "true"/"false" becomes that boolean.</li>
 *   <li>{@code delete} {@code p}; {@code move} {@code p} to {@code to} ({@code tot} msg/flow/global),
 *       through a temporary {@code _temp_move} when both are in the same scope, as Node-RED does.</li>
 * </ul>
 * The legacy single-rule form ({@code action}, {@code property}, {@code from}, {@code to},
 * {@code reg}) is migrated as Node-RED migrates it. env values are read when a message comes
 * (Node-RED reads them once at start; they do not change while the flows run). An env
 * {@code from} is searched for by its value (Node-RED searches for the variable's name).
 */
public final class ChangeRules {
  private static final Set<String> SCOPES = Set.of("msg", "flow", "global");
  private static final Set<String> SET_TYPES = Set.of("str", "num", "bool", "json", "bin", "date", "env", "msg",
    "flow", "global");
  private static final Set<String> FROM_TYPES = Set.of("str", "num", "bool", "re", "env", "msg", "flow", "global");
  private static final Pattern SPECIALS = Pattern.compile("[-\\[\\]{}()*+?.,\\\\^$|#\\s]");

  /** Where a rule writes: a msg property or a context key. */
  record Target(String scope, PropertyPath path, ContextKey key, String text) {
  }

  sealed interface Step permits SetStep, DeleteStep, ChangeStep {
  }

  record SetStep(Target target, TypedValue value, boolean deepCopy) implements Step {
  }

  record DeleteStep(Target target) implements Step {
  }

  record ChangeStep(Target target, TypedValue from, JsRegExp fromRegex, TypedValue to) implements Step {
  }

  private final List<Step> steps;

  private ChangeRules(List<Step> steps) {
    this.steps = steps;
  }

  public static ChangeRules parse(NodeConfig config) {
    JsonArray rules = config.json().getValue("rules") == null ? legacyRules(config) : config.array("rules");
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      if (!(rules.getValue(i) instanceof JsonObject r)) {
        throw config.invalid("rules[" + i + "]", "is not an object");
      }
      parseRule(config, "rules[" + i + "]", r, steps);
    }
    return new ChangeRules(List.copyOf(steps));
  }

  /** Node-RED's migration of the pre-0.14 single-rule change node. */
  private static JsonArray legacyRules(NodeConfig config) {
    String action = config.string("action", "");
    JsonObject rule = new JsonObject()
      .put("t", action.equals("replace") ? "set" : action)
      .put("p", config.string("property", ""));
    String t = rule.getString("t");
    if (t.equals("set") || t.equals("move")) {
      rule.put("to", config.string("to", ""));
    } else if (t.equals("change")) {
      rule.put("from", config.string("from", "")).put("to", config.string("to", ""));
      // Node-RED: rule.re = (n.reg === null || n.reg): a null reg means regex, an absent one not
      Object reg = config.json().getValue("reg");
      if (config.json().containsKey("reg") && (reg == null || JsValues.truthy(JsonValues.fromJson(reg)))) {
        rule.put("fromt", "re");
      }
    }
    return new JsonArray().add(rule);
  }

  private static void parseRule(NodeConfig config, String f, JsonObject r, List<Step> steps) {
    String t = r.getValue("t") == null ? "" : r.getValue("t").toString();
    String pt = text(r, "pt", "msg");
    Target target = target(config, f + ".p", f + ".pt", pt, text(r, "p", ""));
    String to = text(r, "to", "");
    String tot = text(r, "tot", "");
    switch (t) {
      case "delete" -> steps.add(new DeleteStep(target));
      case "set" -> {
        if (tot.isEmpty() && to.startsWith("msg.")) {
          to = to.substring(4);
          tot = "msg";
        }
        TypedValue value = typed(config, f + ".to", f + ".tot", tot.isEmpty() ? "str" : tot, r.getValue("to"), to, SET_TYPES);
        steps.add(new SetStep(target, value, JsValues.truthy(JsonValues.fromJson(r.getValue("dc")))));
      }
      case "change" -> steps.add(changeStep(config, f, r, target, tot.isEmpty() ? "str" : tot, to));
      case "move" -> {
        String scope = tot.isEmpty() ? "msg" : tot;
        Target dest = target(config, f + ".to", f + ".tot", scope, to);
        TypedValue fromSource = TypedValue.of(config, f + ".p", f + ".pt", pt, target.text(), SCOPES);
        if (!scope.equals(pt) || (target.text().contains(to) && !target.text().equals(to))) {
          steps.add(new SetStep(dest, fromSource, false));
          steps.add(new DeleteStep(target));
        } else {
          Target temp = target(config, f + ".to", f + ".tot", scope, "_temp_move");
          steps.add(new SetStep(temp, fromSource, false));
          steps.add(new DeleteStep(target));
          steps.add(new SetStep(dest, TypedValue.of(config, f + ".to", f + ".tot", pt, "_temp_move", SCOPES), false));
          steps.add(new DeleteStep(temp));
        }
      }
      default -> throw config.invalid(f + ".t", "'" + t + "' is not one of [change, delete, move, set]");
    }
  }

  private static ChangeStep changeStep(NodeConfig config, String f, JsonObject r, Target target,
                                       String tot, String to) {
    String fromt = text(r, "fromt", "");
    if (fromt.isEmpty()) {
      fromt = JsValues.truthy(JsonValues.fromJson(r.getValue("re"))) ? "re" : "str";
    }
    String from = text(r, "from", "");
    TypedValue fromValue = typed(config, f + ".from", f + ".fromt", fromt, from, from, FROM_TYPES);
    JsRegExp regex = null;
    if (!SCOPES.contains(fromt) && !fromt.equals("env")) {
      String source = fromt.equals("re") ? from : escape(JsValues.toStr(fromValue.constant()));
      try {
        regex = JsRegExp.compile(source, "g");
      } catch (PatternSyntaxException e) {
        throw config.invalid(f + ".from", "'" + from + "' is not a valid regular expression: " + e.getDescription());
      }
    }
    TypedValue toValue = typed(config, f + ".to", f + ".tot", tot, r.getValue("to"), to, SET_TYPES);
    return new ChangeStep(target, fromValue, regex, toValue);
  }

  private static TypedValue typed(NodeConfig config, String vf, String tf, String type, Object raw, String text,
                                  Set<String> allowed) {
    return TypedValue.of(config, vf, tf, type, raw == null ? text : JsonValues.fromJson(raw), allowed);
  }

  private static Target target(NodeConfig config, String field, String typeField, String scope, String text) {
    if (!SCOPES.contains(scope)) {
      throw config.invalid(typeField, "'" + scope + "' is not one of [flow, global, msg]");
    }
    try {
      if (scope.equals("msg")) {
        return new Target(scope, PropertyPath.parse(text), null, text);
      }
      return new Target(scope, null, ContextKey.parse(text), text);
    } catch (IllegalArgumentException e) {
      throw config.invalid(field, "'" + text + "' is not a valid property expression: " + e.getMessage());
    }
  }

  private static String text(JsonObject r, String key, String def) {
    Object v = r.getValue(key);
    return v == null ? def : v.toString();
  }

  private static String escape(String s) {
    return SPECIALS.matcher(s).replaceAll("\\\\$0");
  }

  /** Applies every rule to {@code msg} in place. */
  public void apply(Message msg, NodeServices services) {
    for (Step step : steps) {
      try {
        switch (step) {
          case SetStep s -> set(s, msg, services);
          case DeleteStep d -> write(d.target(), msg, services, JsValues.UNDEFINED);
          case ChangeStep c -> change(c, msg, services);
        }
      } catch (SkipRule | IllegalArgumentException e) {
        // Node-RED: "This is an okay error": a missing parent of a source property, or a context
        // key whose embedded msg reference is missing, skips the rule
      }
    }
  }

  private static void set(SetStep s, Message msg, NodeServices services) {
    Object value = value(s.value(), msg, services);
    if (s.deepCopy()) {
      value = Message.deepCopy(value);
    }
    if (!write(s.target(), msg, services, value)) {
      services.warn("Cannot set property of non-object type: " + s.target().text());
    }
  }

  private static void change(ChangeStep c, Message msg, NodeServices services) {
    Object current = read(c.target(), msg, services);
    Object from = value(c.from(), msg, services);
    String fromType = c.from().type();
    JsRegExp regex = c.fromRegex();
    if (SCOPES.contains(fromType)) { // the type of the referenced value decides
      if (from instanceof Number) fromType = "num";
      else if (from instanceof Boolean) fromType = "bool";
      else if (from instanceof JsRegExp re) { fromType = "re"; regex = JsRegExp.compile(re.source(), "g"); }
      else if (from instanceof String s) { fromType = "str"; regex = JsRegExp.compile(escape(s), "g"); }
      else {
        services.error("Invalid 'from' property: unsupported type: " + JsValues.typeOf(from), msg);
        return;
      }
    } else if (fromType.equals("env")) { // the variable's value is searched for as plain text
      fromType = "str";
      regex = JsRegExp.compile(escape(JsValues.toStr(from)), "g");
    } else {
      from = c.from().text(); // a constant from compares as the text Node-RED keeps
    }
    Object to = value(c.to(), msg, services);
    if (current instanceof String s) {
      if (Set.of("num", "bool", "str").contains(fromType) && s.equals(from)) {
        write(c.target(), msg, services, to);
      } else if (regex != null) {
        String replaced = regex.replace(s, JsValues.toStr(to));
        write(c.target(), msg, services, c.to().type().equals("bool") && replaced.equals(JsValues.toStr(to)) ? to : replaced);
      }
    } else if (current instanceof Number n && fromType.equals("num")) {
      if (n.doubleValue() == JsValues.toNumber(from)) write(c.target(), msg, services, to);
    } else if (current instanceof Boolean b && fromType.equals("bool")) {
      if (b.toString().equals(from)) write(c.target(), msg, services, to);
    }
  }

  /** The value of a typed value; a msg reference whose parent is missing skips the rule. */
  private static Object value(TypedValue v, Message msg, NodeServices services) {
    if (v.type().equals("msg")) {
      return readMsg(v.path(), msg);
    }
    return v.evaluate(msg, services, null);
  }

  private static Object read(Target target, Message msg, NodeServices services) {
    if (target.path() != null) {
      return readMsg(target.path(), msg);
    }
    return target.key().get(scope(target, services), msg);
  }

  /** {@code getMessageProperty}: undefined for a missing leaf, {@link SkipRule} for a null or missing parent. */
  private static Object readMsg(PropertyPath path, Message msg) {
    List<Object> segs = path.segments();
    Object cur = msg.asMap();
    for (int i = 0; i < segs.size(); i++) {
      if (JsValues.isNullish(cur)) {
        throw SkipRule.INSTANCE;
      }
      Object seg = segs.get(i);
      cur = member(cur, seg);
    }
    return cur;
  }

  /** {@code cur[seg]} for the value shapes: undefined when there is no such member. */
  private static Object member(Object cur, Object seg) {
    String key = seg.toString();
    if (cur instanceof Map<?, ?> m) {
      return m.containsKey(key) ? m.get(key) : JsValues.UNDEFINED;
    }
    int len = JsValues.length(cur);
    if (len < 0 || cur instanceof Map) {
      return JsValues.UNDEFINED;
    }
    if (key.equals("length")) {
      return len;
    }
    double idx = JsValues.toNumber(key);
    if (key.isEmpty() || idx != Math.rint(idx) || idx < 0 || idx >= len) {
      return JsValues.UNDEFINED;
    }
    int i = (int) idx;
    if (cur instanceof List<?> l) return l.get(i);
    if (cur instanceof byte[] b) return b[i] & 0xff;
    if (cur instanceof String str) return String.valueOf(str.charAt(i));
    return JsValues.UNDEFINED;
  }

  /** Writes a msg property or context key; undefined deletes. False when a parent is not an object. */
  private static boolean write(Target target, Message msg, NodeServices services, Object value) {
    if (target.path() != null) {
      if (value == JsValues.UNDEFINED) {
        target.path().delete(msg);
        return true;
      }
      return target.path().trySet(msg.asMap(), value, true);
    }
    target.key().set(scope(target, services), msg, value);
    return true;
  }

  private static ContextScope scope(Target target, NodeServices services) {
    return target.scope().equals("flow") ? services.flowContext() : services.globalContext();
  }

  private static final class SkipRule extends RuntimeException {
    static final SkipRule INSTANCE = new SkipRule();

    private SkipRule() {
      super(null, null, false, false);
    }
  }
}
