package io.conduit.nodes.common;

import io.conduit.nodes.util.BasicNodeType;
import io.conduit.nodes.util.JsValues;
import io.conduit.nodes.util.JsonValues;
import io.conduit.nodes.util.TypedValue;
import io.conduit.spi.Done;
import io.conduit.spi.FlowNode;
import io.conduit.spi.Message;
import io.conduit.spi.NodeConfig;
import io.conduit.spi.NodeConfigException;
import io.conduit.spi.NodeServices;
import io.conduit.spi.PropertyPath;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Node-RED's {@code inject} node ({@code 20-inject.js}):
 * <ul>
 *   <li>{@code props}: a list of {@code {p, v, vt}}; each injection builds a new message and sets
 *       every property {@code p} to the typed value ({@link TypedValue}; str num bool json bin date
 *       env msg flow global). A props entry for payload/topic without {@code v} takes the legacy
 *       {@code payload}/{@code payloadType} and {@code topic} fields; without {@code props} at all,
 *       those legacy fields are the props.</li>
 *   <li>{@code once}: inject {@code onceDelay} seconds (default 0.1) after start, then start
 *       repeating; {@code repeat}: every {@code repeat} seconds (at most 2147483); else
 *       {@code crontab}: at the times of a cron expression ({@link CronSchedule}).</li>
 *   <li>The editor's inject button ({@code POST /inject/:id}) hands the node a message through
 *       {@link #input}; a message carrying {@code __user_inject_props__} (a props list) uses those
 *       props instead of the configured ones.</li>
 * </ul>
 */
public final class InjectNode implements FlowNode {
  static final long MAX_REPEAT_SECONDS = 2147483;
  private static final Set<String> VALUE_TYPES = Set.of("str", "num", "bool", "json", "bin", "date", "env", "msg",
    "flow", "global");

  /** One configured property: where it goes and its value. */
  private record Prop(PropertyPath path, TypedValue value) {
  }

  private final NodeConfig config;
  private final NodeServices services;
  private final List<Prop> props;
  private final long repeatMs;
  private final boolean once;
  private final long onceDelayMs;
  private final CronSchedule cron;

  private InjectNode(NodeConfig config, NodeServices services) {
    this.config = config;
    this.services = services;
    this.props = compile(config, effectiveProps(config), "props");
    double repeat = config.number("repeat", 0);
    if (repeat > MAX_REPEAT_SECONDS) {
      throw config.invalid("repeat", repeat + " seconds is too long; the maximum is " + MAX_REPEAT_SECONDS);
    }
    this.repeatMs = repeat > 0 ? Math.max(1, Math.round(repeat * 1000)) : 0;
    String crontab = config.string("crontab", "");
    CronSchedule schedule = null;
    if (repeatMs == 0 && !crontab.isBlank()) {
      try {
        schedule = CronSchedule.parse(crontab);
      } catch (IllegalArgumentException e) {
        throw config.invalid("crontab", "'" + crontab + "' is not a valid cron expression: " + e.getMessage());
      }
    }
    this.cron = schedule;
    this.once = config.bool("once", false);
    double onceDelay = config.number("onceDelay", 0.1);
    this.onceDelayMs = Math.round((onceDelay == 0 ? 0.1 : onceDelay) * 1000);
    if (onceDelay < 0) {
      throw config.invalid("onceDelay", onceDelay + " is negative");
    }
  }

  /** Node-RED's legacy handling: payload/topic fields fill in or replace the props list. */
  private static JsonArray effectiveProps(NodeConfig config) {
    JsonObject json = config.json();
    Object payload = json.getValue("payload", "");
    Object payloadType = json.getValue("payloadType", "str");
    Object topic = json.getValue("topic", "");
    if (!(json.getValue("props") instanceof JsonArray given)) {
      return new JsonArray()
        .add(new JsonObject().put("p", "payload").put("v", payload).put("vt", payloadType))
        .add(new JsonObject().put("p", "topic").put("v", topic).put("vt", "str"));
    }
    JsonArray out = new JsonArray();
    for (int i = 0; i < given.size(); i++) {
      if (!(given.getValue(i) instanceof JsonObject p)) {
        throw config.invalid("props[" + i + "]", "is not an object");
      }
      JsonObject copy = p.copy();
      if ("payload".equals(copy.getValue("p")) && !copy.containsKey("v")) {
        copy.put("v", payload).put("vt", payloadType);
      } else if ("topic".equals(copy.getValue("p")) && "str".equals(copy.getValue("vt")) && !copy.containsKey("v")) {
        copy.put("v", topic);
      }
      out.add(copy);
    }
    return out;
  }

  private static List<Prop> compile(NodeConfig config, JsonArray list, String field) {
    List<Prop> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      if (!(list.getValue(i) instanceof JsonObject p)) {
        throw config.invalid(field + "[" + i + "]", "is not an object");
      }
      String f = field + "[" + i + "]";
      Object name = p.getValue("p");
      if (name == null || name.toString().isEmpty()) {
        continue; // Node-RED skips a prop without a property name
      }
      PropertyPath path;
      try {
        path = PropertyPath.parse(name.toString());
      } catch (IllegalArgumentException e) {
        throw config.invalid(f + ".p", "'" + name + "' is not a valid property expression: " + e.getMessage());
      }
      Object v = p.containsKey("v") && p.getValue("v") != null ? JsonValues.fromJson(p.getValue("v")) : "";
      String vt = p.getValue("vt") == null ? "str" : p.getValue("vt").toString();
      out.add(new Prop(path, TypedValue.of(config, f + ".v", f + ".vt", vt, v, VALUE_TYPES)));
    }
    return out;
  }

  @Override
  public Future<Void> start() {
    if (once) {
      services.setTimer(onceDelayMs, () -> {
        injectScheduled();
        startRepeating();
      });
    } else {
      startRepeating();
    }
    return Future.succeededFuture();
  }

  private void startRepeating() {
    if (repeatMs > 0) {
      services.setPeriodic(repeatMs, this::injectScheduled);
    } else if (cron != null) {
      scheduleCron();
    }
  }

  private void scheduleCron() {
    java.time.ZonedDateTime now = java.time.ZonedDateTime.now(services.clock());
    java.time.ZonedDateTime next = cron.next(now);
    if (next != null) {
      services.setTimer(Math.max(1, java.time.Duration.between(now, next).toMillis()), () -> {
        injectScheduled();
        scheduleCron();
      });
    }
  }

  private void injectScheduled() {
    Message msg = new Message();
    String error = fill(msg, props);
    if (error != null) {
      services.error(error, msg);
    } else {
      services.send(msg);
    }
  }

  /** The inject button ({@code POST /inject/:id}) or a message passed in by the engine. */
  @Override
  public void input(Message msg, Done done) {
    List<Prop> use = props;
    Object user = msg.remove("__user_inject_props__");
    if (user instanceof List<?> list) {
      try {
        use = compile(config, new JsonArray(new ArrayList<>(list)), "__user_inject_props__");
      } catch (NodeConfigException e) {
        done.done(new IllegalArgumentException(e.getMessage()));
        return;
      }
    }
    String error = fill(msg, use);
    if (error != null) {
      done.done(new IllegalArgumentException(error));
      return;
    }
    services.send(msg);
    done.done();
  }

  /** Sets every prop; returns the joined errors (Node-RED joins them with "; "), or null. */
  private String fill(Message msg, List<Prop> use) {
    List<String> errors = new ArrayList<>();
    for (Prop p : use) {
      try {
        Object v = p.value().evaluate(msg, services, null);
        if (v == JsValues.UNDEFINED) {
          p.path().delete(msg);
        } else {
          p.path().trySet(msg.asMap(), v, true);
        }
      } catch (RuntimeException e) {
        errors.add(e.getMessage());
      }
    }
    return errors.isEmpty() ? null : String.join("; ", errors);
  }

  /** Registers {@code inject}. */
  public static final class Type extends BasicNodeType {
    public Type() {
      super("inject", "common", InjectNode::new);
    }
  }
}
