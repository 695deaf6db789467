package io.conduit.nodes.util;

import io.conduit.spi.Message;
import io.conduit.spi.NodeConfig;
import io.conduit.spi.NodeServices;
import io.conduit.spi.PropertyPath;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of Node-RED's typed values (a TypedInput: a value plus its type), checked once at deploy and
 * evaluated per message as {@code RED.util.evaluateNodeProperty(value, type, node, msg)} does:
 * <ul>
 *   <li>{@code str}: {@code "" + value}; {@code num}: {@code Number(value)} (may be NaN);
 *       {@code bool}: {@code /^true$/i.test(value)};</li>
 *   <li>{@code json}: {@code JSON.parse(value)}, a fresh copy each time; {@code bin}: a Buffer from
 *       a JSON array of bytes or a JSON string (UTF-8);</li>
 *   <li>{@code date}: {@link DateFormats}; {@code re}: a {@link JsRegExp};</li>
 *   <li>{@code msg}: a message property (the value itself, not a copy); {@code flow} /
 *       {@code global}: a context value ({@link ContextKey}); a missing one is
 *       {@link JsValues#UNDEFINED};</li>
 *   <li>{@code env}: {@code NAME} or {@code ${NAME}} (typed as the env property is), or text with
 *       {@code ${NAME}} parts; missing variables are {@code ""};</li>
 *   <li>{@code prev}: the switch node's previous value, given by the caller.</li>
 * </ul>
 * {@code jsonata} is refused: Conduit has no JSONata engine yet, so a flow that uses one is
 * rejected at deploy with a {@link io.conduit.spi.NodeConfigException} naming the node and field.
 * Invalid JSON, regular expressions and property expressions are rejected the same way.
 */
public final class TypedValue {
  /** Every type this class evaluates. */
  public static final Set<String> ALL = Set.of("str", "num", "bool", "json", "date", "msg", "flow", "global",
    "env", "re", "bin", "prev");
  /** Types whose value can be stored in a message or context (no RegExp, no previous value). */
  public static final Set<String> STORABLE = Set.of("str", "num", "bool", "json", "date", "msg", "flow", "global",
    "env", "bin");

  private static final Pattern WHOLE_ENV = Pattern.compile("^\\$\\{([^}]+)}$");
  private static final Pattern ANY_ENV = Pattern.compile("\\$\\{\\S+}");
  private static final Pattern ENV_PART = Pattern.compile("\\$\\{([^}]+)}");

  private final String type;
  private final String text;
  private final Object constant;
  private final PropertyPath path;
  private final ContextKey contextKey;

  private TypedValue(String type, String text, Object constant, PropertyPath path, ContextKey contextKey) {
    this.type = type;
    this.text = text;
    this.constant = constant;
    this.path = path;
    this.contextKey = contextKey;
  }

  /**
   * Checks and prepares a typed value from a node's config.
   *
   * @param value     the raw value as {@link JsonValues#fromJson} gives it, {@link JsValues#UNDEFINED} if absent
   * @param valueField the value's field path for error messages, e.g. {@code rules[2].v}
   * @param typeField  the type's field path, e.g. {@code rules[2].vt}
   * @param allowed    the types this field accepts
   */
  public static TypedValue of(NodeConfig config, String valueField, String typeField, String type, Object value,
                              Set<String> allowed) {
    if ("jsonata".equals(type)) {
      throw config.invalid(typeField, "is 'jsonata': JSONata expressions are not supported by Conduit yet");
    }
    if (!allowed.contains(type)) {
      throw config.invalid(typeField, "'" + type + "' is not one of " + new java.util.TreeSet<>(allowed));
    }
    String text = JsValues.toStr(value);
    try {
      return switch (type) {
        case "str" -> new TypedValue(type, text, text, null, null);
        case "num" -> new TypedValue(type, text, number(value, text), null, null);
        case "bool" -> new TypedValue(type, text, text.equalsIgnoreCase("true"), null, null);
        case "json" -> new TypedValue(type, text, JsonValues.parse(text), null, null);
        case "bin" -> new TypedValue(type, text, buffer(JsonValues.parse(text)), null, null);
        case "re" -> new TypedValue(type, text, JsRegExp.compile(text, ""), null, null);
        case "msg" -> new TypedValue(type, text, null, PropertyPath.parse(text), null);
        case "flow", "global" -> new TypedValue(type, text, null, null, ContextKey.parse(text));
        default -> new TypedValue(type, text, null, null, null); // date, env, prev: per evaluation
      };
    } catch (IllegalArgumentException e) { // includes PatternSyntaxException
      throw config.invalid(valueField, "'" + text + "' is not a valid " + describe(type) + ": " + e.getMessage());
    }
  }

  private static String describe(String type) {
    return switch (type) {
      case "json" -> "JSON value";
      case "bin" -> "buffer (a JSON array of bytes or a JSON string)";
      case "re" -> "regular expression";
      case "num" -> "number";
      default -> "property expression";
    };
  }

  /** {@code Number(value)}; a value that is not a number (other than "NaN" itself) is refused. */
  private static Number number(Object value, String text) {
    double d = JsValues.toNumber(value);
    if (Double.isNaN(d) && !text.strip().equals("NaN")) {
      throw new IllegalArgumentException("not a number");
    }
    return JsValues.number(d);
  }

  /** {@code Buffer.from(data)} for a parsed JSON array or string. */
  private static byte[] buffer(Object data) {
    if (data instanceof String s) {
      return s.getBytes(StandardCharsets.UTF_8);
    }
    if (data instanceof List<?> l) {
      byte[] b = new byte[l.size()];
      for (int i = 0; i < b.length; i++) {
        double d = JsValues.toNumber(l.get(i));
        b[i] = (byte) (Double.isNaN(d) || Double.isInfinite(d) ? 0 : (long) d);
      }
      return b;
    }
    throw new IllegalArgumentException("Not string or array");
  }

  public String type() {
    return type;
  }

  /** The configured value as text. */
  public String text() {
    return text;
  }

  /** The message property of a {@code msg} value, else null. */
  public PropertyPath path() {
    return path;
  }

  /** The context reference of a {@code flow}/{@code global} value, else null. */
  public ContextKey contextKey() {
    return contextKey;
  }

  /** The value's own constant ({@code str}, {@code num}, {@code bool}, {@code re}), else null. */
  public Object constant() {
    return constant;
  }

  /**
   * The value for this message.
   *
   * @param services the node's services (context, env, clock); may be null for types that need none
   * @param previous the value {@code prev} stands for
   * @throws IllegalArgumentException when an embedded msg reference of a context key is missing
   */
  public Object evaluate(Message msg, NodeServices services, Object previous) {
    return switch (type) {
      case "str", "num", "bool", "re" -> constant;
      case "json" -> Message.deepCopy(constant);
      case "bin" -> ((byte[]) constant).clone();
      case "msg" -> msg == null ? JsValues.UNDEFINED : path.get(msg.asMap(), JsValues.UNDEFINED);
      case "flow" -> contextKey.get(services.flowContext(), msg);
      case "global" -> contextKey.get(services.globalContext(), msg);
      case "env" -> env(text, services);
      case "date" -> DateFormats.evaluate(text, services.clock());
      case "prev" -> previous;
      default -> throw new IllegalStateException("unknown type " + type);
    };
  }

  /**
   * {@code RED.util.evaluateEnvProperty}: {@code NAME} or {@code ${NAME}} gives the variable's value
   * as its type has it (a {@code num} env property is a number); text with {@code ${NAME}} parts
   * gives text. A missing variable is {@code ""}.
   */
  public static Object env(String value, NodeServices services) {
    Matcher whole = WHOLE_ENV.matcher(value);
    if (whole.matches()) {
      return orEmpty(services.envValue(whole.group(1)));
    }
    if (!ANY_ENV.matcher(value).find()) {
      return orEmpty(services.envValue(value));
    }
    Matcher m = ENV_PART.matcher(value);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(sb, Matcher.quoteReplacement(JsValues.toStr(orEmpty(services.envValue(m.group(1))))));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  private static Object orEmpty(Object v) {
    return v == null ? "" : v;
  }

  @Override
  public String toString() {
    return type + ":" + text;
  }
}
