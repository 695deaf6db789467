package io.conduit.nodes.function;

import io.conduit.nodes.util.BasicNodeType;
import io.conduit.nodes.util.JsValues;
import io.conduit.nodes.util.TypedValue;
import io.conduit.spi.Done;
import io.conduit.spi.FlowNode;
import io.conduit.spi.Message;
import io.conduit.spi.NodeConfig;
import io.conduit.spi.NodeServices;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Node-RED's {@code switch} node ({@code 10-switch.js}): evaluates {@code property}
 * ({@code propertyType} msg, flow, global or env) against {@link SwitchRules} and sends the message
 * on the output of every matching rule (or only the first when {@code checkall} is "false"). The
 * same message object goes to every matching output; the engine copies all but the first.
 *
 * <p>Message sequences: when a rule is {@code tail}, messages carrying {@code msg.parts} (with
 * {@code id} and {@code index}) are held until their group is complete ({@code parts.count} known
 * and that many received), then evaluated in arrival order. {@code repair} (re-numbering the parts
 * per output) is not implemented: a node with {@code repair} true runs without it and says so at
 * start. {@code prev} values compare with the property value of the previous message (null at
 * first).
 */
public final class SwitchNode implements FlowNode {
  private static final Set<String> PROPERTY_TYPES = Set.of("msg", "flow", "global", "env");

  private final NodeServices services;
  private final TypedValue property;
  private final SwitchRules rules;
  private final boolean repair;
  private final boolean needsCount;
  private final Map<Object, List<Message>> pendingGroups = new LinkedHashMap<>();
  private final Map<Object, Object> groupCounts = new LinkedHashMap<>();
  private Object previousValue;

  private SwitchNode(NodeConfig config, NodeServices services) {
    this.services = services;
    String propertyType = config.string("propertyType", "msg");
    if (propertyType.isEmpty()) {
      propertyType = "msg";
    }
    this.property = TypedValue.of(config, "property", "propertyType", propertyType,
      config.has("property") ? config.string("property", "") : "payload", PROPERTY_TYPES);
    this.rules = SwitchRules.parse(config);
    this.repair = config.bool("repair", false);
    this.needsCount = rules.needsCount();
  }

  @Override
  public Future<Void> start() {
    if (repair) {
      services.warn("'recreate message sequences' (repair) is not supported by Conduit; messages keep their msg.parts");
    }
    return Future.succeededFuture();
  }

  @Override
  public void input(Message msg, Done done) {
    if (needsCount && msg.get("parts") instanceof Map<?, ?> parts && parts.containsKey("id") && parts.containsKey("index")) {
      hold(msg, parts);
      done.done();
      return;
    }
    done.done(process(msg));
  }

  /** Holds one part of a sequence; evaluates the whole group once it is complete. */
  private void hold(Message msg, Map<?, ?> parts) {
    Object id = parts.get("id");
    List<Message> group = pendingGroups.computeIfAbsent(id, k -> new ArrayList<>());
    group.add(msg);
    if (parts.containsKey("count")) {
      groupCounts.put(id, parts.get("count"));
    }
    Object count = groupCounts.get(id);
    if (count != null && JsValues.looseEquals(count, group.size())) {
      pendingGroups.remove(id);
      groupCounts.remove(id);
      for (Message m : group) {
        @SuppressWarnings("unchecked")
        Map<String, Object> p = (Map<String, Object>) m.get("parts");
        p.put("count", count);
        Exception error = process(m);
        if (error != null) {
          services.error(error.getMessage(), m);
        }
      }
    }
  }

  /** Evaluates the rules and sends; returns the failure, if any. */
  private Exception process(Message msg) {
    Object value;
    boolean[] matches;
    try {
      value = property.evaluate(msg, services, null);
      matches = rules.apply(value, msg, services, previousValue);
    } catch (SwitchRules.RuleException | IllegalArgumentException e) {
      return e;
    }
    previousValue = value;
    Message[] onward = new Message[matches.length];
    boolean any = false;
    for (int i = 0; i < matches.length; i++) {
      if (matches[i]) {
        onward[i] = msg;
        any = true;
      }
    }
    if (any) {
      services.send(Arrays.asList(onward));
    }
    return null;
  }

  @Override
  public Future<Void> close(boolean removed) {
    pendingGroups.clear();
    groupCounts.clear();
    return Future.succeededFuture();
  }

  /** Registers {@code switch}. */
  public static final class Type extends BasicNodeType {
    public Type() {
      super("switch", "function", SwitchNode::new);
    }
  }
}
