package io.conduit.nodes.network;

import io.conduit.nodes.util.BasicNodeType;
import io.conduit.spi.Done;
import io.conduit.spi.FlowNode;
import io.conduit.spi.Message;
import io.conduit.spi.MqttPublish;
import io.conduit.spi.NodeConfig;
import io.conduit.spi.NodeServices;
import io.conduit.spi.SubscribeOptions;
import io.conduit.spi.TopicFilter;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Node-RED's {@code mqtt in} node ({@code 10-mqtt.js}): subscribes {@code topic} (wildcards allowed)
 * at {@code qos} (default 2) through its {@code broker} and sends one message per MQTT message,
 * converted by {@code datatype} ({@link MqttPayloads}; default {@code utf8} as Node-RED's runtime
 * has it). MQTT 5 subscription options {@code nl}, {@code rap}, {@code rh} apply when the broker
 * node speaks v5.
 *
 * <p>With {@code inputs: 1} the subscriptions are dynamic, driven by {@code msg.action}:
 * {@code subscribe} / {@code unsubscribe} ({@code msg.topic} a filter, an object
 * {@code {topic, qos, rh, rap, nl, datatype}}, or an array of them; {@code msg.topic === true}
 * unsubscribes everything), {@code getSubscriptions} (sends them as the payload),
 * {@code connect} and {@code disconnect}. {@code msg.broker} option overrides on connect are not
 * supported and are refused.
 */
public final class MqttInNode implements FlowNode {
  private static final Set<String> DATATYPES = Set.of("auto", "auto-detect", "utf8", "buffer", "json", "base64");
  private static final Set<String> ACTIONS = Set.of("connect", "disconnect", "subscribe", "unsubscribe", "getSubscriptions");

  private final NodeServices services;
  private final String brokerId;
  private final String topic;
  private final boolean dynamic;
  private final String datatype;
  private final int qos;
  private final Object nl;
  private final Object rap;
  private final Object rh;
  private final Map<String, Map<String, Object>> dynamicSubs = new LinkedHashMap<>();
  private MqttBrokerNode broker;

  private MqttInNode(NodeConfig config, NodeServices services) {
    this.services = services;
    this.brokerId = config.requireString("broker");
    this.dynamic = config.integer("inputs", 0) == 1;
    this.topic = config.string("topic", "");
    if (!dynamic && topic.isEmpty()) {
      throw config.invalid("topic", "is required (topic not defined)");
    }
    if (!dynamic && TopicFilter.invalidReason(topic) != null) {
      throw config.invalid("topic", "'" + topic + "' is not a valid topic filter");
    }
    this.datatype = config.string("datatype", "utf8");
    if (!DATATYPES.contains(datatype)) {
      throw config.invalid("datatype", "'" + datatype + "' is not one of " + new java.util.TreeSet<>(DATATYPES));
    }
    double q = MqttPayloads.parseInt(config.string("qos", "2"));
    this.qos = Double.isNaN(q) || q < 0 || q > 2 ? 2 : (int) q;
    this.nl = config.json().getValue("nl");
    this.rap = config.json().getValue("rap");
    this.rh = config.json().getValue("rh");
  }

  /**
   * Subscribes; the start completes once the broker has the subscription (at once while a remote
   * broker is away), so a deployment is running when messages can arrive. A refused subscription
   * is reported, and the node keeps running.
   */
  @Override
  public Future<Void> start() {
    broker = MqttBrokerNode.attach(brokerId, services);
    if (broker == null || dynamic) {
      return Future.succeededFuture();
    }
    return broker.subscribe(services.id(), topic, options(qos, rh, rap, nl, false), this::received)
      .transform(ar -> {
        if (ar.failed()) {
          services.error(ar.cause().getMessage(), null);
        }
        return Future.succeededFuture();
      });
  }

  /** Node-RED's subscription options: v5 adds retain handling, retain-as-published and no-local. */
  private SubscribeOptions options(int q, Object rhValue, Object rapValue, Object nlValue, boolean dynamicDefaults) {
    if (!broker.isV5()) {
      return SubscribeOptions.qos(q);
    }
    double h = rhValue == null ? Double.NaN : MqttPayloads.parseInt(rhValue);
    int retainHandling = Double.isNaN(h) || h < 0 || h > 2 ? 0 : (int) h;
    boolean asPublished = dynamicDefaults ? !(Boolean.FALSE.equals(rapValue) || "false".equals(rapValue))
      : Boolean.TRUE.equals(rapValue) || "true".equals(rapValue);
    boolean noLocal = Boolean.TRUE.equals(nlValue) || "true".equals(nlValue);
    return new SubscribeOptions(q, noLocal, asPublished, retainHandling, 0);
  }

  private void received(MqttPublish p) {
    received(p, datatype);
  }

  private void received(MqttPublish p, String type) {
    try {
      services.send(MqttPayloads.toMessage(p, type, broker.isV5()));
    } catch (MqttPayloads.PayloadException e) {
      Message about = new Message().set("payload", p.payload().getBytes()).set("topic", p.topic())
        .set("qos", p.qos()).set("retain", p.retain());
      services.error(e.getMessage(), about);
    }
  }

  @Override
  public void input(Message msg, Done done) {
    if (broker == null) {
      done.done(new IllegalStateException("missing broker configuration"));
      return;
    }
    Object action = msg.get("action");
    if (!(action instanceof String a) || !ACTIONS.contains(a)) {
      done.done(new IllegalArgumentException("Invalid action specified"));
      return;
    }
    switch (a) {
      case "connect", "disconnect" -> broker.connectionAction(a, msg, done);
      case "getSubscriptions" -> {
        msg.set("topic", "subscriptions");
        msg.set("payload", new ArrayList<Object>(dynamicSubs.values()));
        services.send(msg);
        done.done();
      }
      default -> subscriptions(a, msg, done);
    }
  }

  private void subscriptions(String action, Message msg, Done done) {
    Object t = msg.get("topic");
    List<Object> requested;
    if (action.equals("unsubscribe") && Boolean.TRUE.equals(t)) {
      requested = new ArrayList<>(dynamicSubs.values());
    } else if (t instanceof List<?> l) {
      requested = new ArrayList<>(l);
    } else if (t instanceof String || t instanceof Map) {
      requested = List.of(t);
    } else {
      done.done(new IllegalArgumentException("msg.topic is missing or invalid"));
      return;
    }
    List<Map<String, Object>> subs = new ArrayList<>();
    List<Future<Void>> acks = new ArrayList<>();
    for (Object r : requested) {
      Map<String, Object> sub = new LinkedHashMap<>();
      if (r instanceof String s) {
        sub.put("topic", s);
      } else if (r instanceof Map<?, ?> m) {
        m.forEach((k, v) -> sub.put(k.toString(), v));
      }
      if (!(sub.get("topic") instanceof String f) || TopicFilter.invalidReason(f) != null) {
        done.done(new IllegalArgumentException("Invalid topic specified"));
        return;
      }
      subs.add(sub);
    }
    for (Map<String, Object> sub : subs) {
      String filter = (String) sub.get("topic");
      if (action.equals("unsubscribe")) {
        acks.add(broker.unsubscribe(services.id(), filter));
        dynamicSubs.remove(filter);
        continue;
      }
      if (dynamicSubs.remove(filter) != null) {
        broker.unsubscribe(services.id(), filter);
      }
      double q = sub.containsKey("qos") ? MqttPayloads.parseInt(sub.get("qos")) : 2;
      int subQos = Double.isNaN(q) || q < 0 || q > 2 ? 2 : (int) q;
      sub.put("qos", subQos);
      SubscribeOptions o = options(subQos, sub.get("rh"), sub.get("rap"), sub.get("nl"), true);
      if (broker.isV5()) {
        sub.put("rh", o.retainHandling());
        sub.put("rap", o.retainAsPublished());
      }
      String type = sub.get("datatype") instanceof String d && DATATYPES.contains(d) ? d : datatype;
      acks.add(broker.subscribe(services.id(), filter, o, p -> received(p, type)).mapEmpty());
      dynamicSubs.put(filter, sub);
    }
    msg.set("subscriptions", new ArrayList<Object>(dynamicSubs.values()));
    // done once the broker has every subscription (or refused one: that is the message's error)
    Future.all(acks).onComplete(ar -> done.done(ar.cause()));
  }

  @Override
  public Future<Void> close(boolean removed) {
    if (broker == null) {
      return Future.succeededFuture();
    }
    if (dynamic) {
      new ArrayList<>(dynamicSubs.keySet()).forEach(f -> broker.unsubscribe(services.id(), f));
      dynamicSubs.clear();
    } else {
      broker.unsubscribe(services.id(), topic);
    }
    return broker.deregister(services.id(), removed);
  }

  /** Registers {@code mqtt in}. */
  public static final class Type extends BasicNodeType {
    public Type() {
      super("mqtt in", "network", MqttInNode::new);
    }
  }
}
