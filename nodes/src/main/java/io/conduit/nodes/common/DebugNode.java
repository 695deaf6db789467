package io.conduit.nodes.common;

import io.conduit.nodes.util.BasicNodeType;
import io.conduit.nodes.util.JsValues;
import io.conduit.nodes.util.JsonValues;
import io.conduit.spi.Activatable;
import io.conduit.spi.Done;
import io.conduit.spi.FlowNode;
import io.conduit.spi.Message;
import io.conduit.spi.NodeConfig;
import io.conduit.spi.NodeServices;
import io.conduit.spi.NodeStatus;
import io.conduit.spi.PropertyPath;
import io.vertx.core.Future;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Node-RED's {@code debug} node ({@code core/common/21-debug.js}). Fields: {@code name},
 * {@code active} (default true), {@code tosidebar} (default true), {@code console},
 * {@code tostatus}, {@code complete} ({@code "true"}: the whole message; otherwise a property,
 * default {@code payload}), {@code targetType}, {@code statusType} ({@code auto}, {@code msg},
 * {@code counter}), {@code statusVal}. Rules:
 * <ul>
 *   <li>Active and to the sidebar: publishes on comms topic {@code debug} the object
 *       {@code {id, z, _alias, path, name, topic, property, msg, format}} with the value encoded as
 *       Node-RED does ({@link DebugEncoder}, {@code debug_max_length} characters, default 1000).</li>
 *   <li>To the console: logs the value (text as is; anything else as JSON).</li>
 *   <li>To the status: the value (or {@code msg.error.message} in red, or {@code msg.status} for
 *       {@code auto}) cut to 32 characters, only when it changed; {@code counter} counts messages,
 *       updating at most every 100 ms.</li>
 *   <li>A status message whose source is this node is ignored (no status loop).</li>
 *   <li>{@code POST /debug/:id/enable|disable} toggles {@code active} ({@link Activatable}).</li>
 *   <li>JSONata ({@code targetType} or {@code statusType} {@code jsonata}) is not supported: the
 *       deployment is refused naming the field.</li>
 * </ul>
 */
public final class DebugNode implements FlowNode, Activatable {
  static final int STATUS_LENGTH = 32;

  private final NodeServices node;
  private final NodeConfig config;
  private final boolean complete;
  private final String property;
  private final PropertyPath path;
  private final boolean toConsole;
  private final boolean toStatus;
  private final boolean toSidebar;
  private final String statusType;
  private final PropertyPath statusPath;
  private final int maxLength;
  private volatile boolean active;
  private String oldState;
  private long counter;
  private long lastCount;
  private long counterTimer = -1;

  DebugNode(NodeConfig config, NodeServices node) {
    this.node = node;
    this.config = config;
    if ("jsonata".equals(config.string("targetType", ""))) {
      throw config.invalid("targetType", "JSONata expressions are not supported");
    }
    String c = config.string("complete", "payload");
    if (c.equals("false") || c.isEmpty()) c = "payload";
    this.complete = c.equals("true");
    this.property = c;
    this.path = complete ? null : parse(config, "complete", c);
    this.toConsole = config.bool("console", false);
    this.toStatus = config.bool("tostatus", false);
    this.toSidebar = config.bool("tosidebar", true);
    this.statusType = config.string("statusType", "auto");
    if (statusType.equals("jsonata")) {
      throw config.invalid("statusType", "JSONata expressions are not supported");
    }
    String sv = config.string("statusVal", "");
    this.statusPath = toStatus && !statusType.equals("auto") && !statusType.equals("counter")
      ? parse(config, "statusVal", sv.isEmpty() ? c : sv) : null;
    this.active = config.bool("active", true);
    this.maxLength = (int) readMaxLength(node);
  }

  private static PropertyPath parse(NodeConfig config, String field, String expr) {
    try {
      return PropertyPath.parse(expr);
    } catch (IllegalArgumentException e) {
      throw config.invalid(field, e.getMessage());
    }
  }

  private static long readMaxLength(NodeServices node) {
    Object v = node.settings().getValue("debug_max_length");
    try {
      return v == null ? 1000 : Long.parseLong(v.toString());
    } catch (NumberFormatException e) {
      return 1000;
    }
  }

  @Override
  public Future<Void> start() {
    if (toStatus && statusType.equals("counter")) {
      node.status(NodeStatus.of("blue", "ring", "0"));
    } else if (toStatus) {
      node.status(NodeStatus.of("grey", "ring", null));
      oldState = "{}";
    }
    return Future.succeededFuture();
  }

  @Override
  public void setActive(boolean active) {
    this.active = active;
  }

  @Override
  public boolean isActive() {
    return active;
  }

  @Override
  public void input(Message msg, Done done) {
    if (msg.get("status") instanceof Map<?, ?> st && st.get("source") instanceof Map<?, ?> src && node.id().equals(src.get("id"))) {
      done.done();
      return;
    }
    if (toStatus) {
      updateStatus(msg);
    }
    Object value = complete ? msg.asMap() : valueOf(msg);
    if (toConsole) {
      node.log(value instanceof String s ? (s.contains("\n") ? "\n" : "") + s : JsValues.toStr(stringifiable(value)));
    }
    if (active && toSidebar) {
      Map<String, Object> debug = new LinkedHashMap<>();
      debug.put("id", node.id());
      if (config.z() != null) debug.put("z", config.z());
      String alias = config.string("_alias", null);
      if (alias != null) debug.put("_alias", alias);
      debug.put("path", flowPath());
      if (config.json().containsKey("name")) debug.put("name", config.name());
      if (msg.has("topic")) debug.put("topic", msg.get("topic"));
      if (!complete) debug.put("property", property);
      DebugEncoder.encode(debug, value, maxLength);
      node.publishComms("debug", debug);
    }
    done.done();
  }

  private Object valueOf(Message msg) {
    return path.get(msg.asMap(), JsValues.UNDEFINED);
  }

  /** Objects logged as JSON text; other values as JavaScript prints them. */
  private static Object stringifiable(Object v) {
    return v instanceof java.util.Map<?, ?> || v instanceof java.util.List<?> || v instanceof byte[] ? JsonValues.stringify(v) : v;
  }

  /** Node-RED's {@code node._flow.path}: the node's path without its own id. */
  private String flowPath() {
    String p = node.path();
    int slash = p.lastIndexOf('/');
    return slash < 0 ? p : p.substring(0, slash);
  }

  private void updateStatus(Message msg) {
    if (statusType.equals("counter")) {
      counter++;
      long now = node.clock().millis();
      long sinceLast = now - lastCount;
      lastCount = now;
      if (sinceLast > 100) {
        node.status(NodeStatus.of("blue", "ring", Long.toString(counter)));
      } else {
        if (counterTimer >= 0) node.cancelTimer(counterTimer);
        counterTimer = node.setTimer(200, () -> {
          counterTimer = -1;
          node.status(NodeStatus.of("blue", "ring", Long.toString(counter)));
        });
      }
      return;
    }
    Object output = statusPath != null ? statusPath.get(msg) : complete ? msg.payload() : path.get(msg);
    String text = output instanceof String s ? s : JsValues.toStr(stringifiable(output));
    String fill = "grey";
    String shape = "dot";
    if (output instanceof Map<?, ?> m && m.get("fill") != null && m.get("shape") != null && m.get("text") != null) {
      fill = m.get("fill").toString();
      shape = m.get("shape").toString();
      text = m.get("text").toString();
    }
    if (statusType.equals("auto")) {
      if (msg.get("error") instanceof Map<?, ?> err) {
        fill = "red";
        text = String.valueOf(err.get("message"));
      }
      if (msg.get("status") instanceof Map<?, ?> st) {
        fill = st.get("fill") == null ? "grey" : st.get("fill").toString();
        shape = st.get("shape") == null ? "ring" : st.get("shape").toString();
        text = st.get("text") == null ? "" : st.get("text").toString();
      }
    }
    if (text.length() > STATUS_LENGTH) text = text.substring(0, STATUS_LENGTH) + "...";
    String state = fill + "|" + shape + "|" + text;
    if (!state.equals(oldState)) {
      node.status(NodeStatus.of(fill, shape, text));
      oldState = state;
    }
  }

  @Override
  public Future<Void> close(boolean removed) {
    if (oldState != null) {
      node.status(NodeStatus.CLEAR);
    }
    return Future.succeededFuture();
  }

  /** The {@code debug} node type. */
  public static final class Type extends BasicNodeType {
    public Type() {
      super("debug", "common", (config, services) -> new DebugNode(config, services));
    }
  }
}
