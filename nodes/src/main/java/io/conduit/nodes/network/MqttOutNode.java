package io.conduit.nodes.network;

import io.conduit.nodes.util.BasicNodeType;
import io.conduit.nodes.util.JsValues;
import io.conduit.nodes.util.JsonValues;
import io.conduit.spi.Done;
import io.conduit.spi.FlowNode;
import io.conduit.spi.Message;
import io.conduit.spi.MqttPublish;
import io.conduit.spi.NodeConfig;
import io.conduit.spi.NodeServices;
import io.conduit.spi.PublishProperties;
import io.vertx.core.Future;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Node-RED's {@code mqtt out} node ({@code 10-mqtt.js} {@code doPublish}): publishes
 * {@code msg.payload} ({@link MqttPayloads#toBytes}) to the node's {@code topic}, or
 * {@code msg.topic} when the node has none.
 * <ul>
 *   <li>QoS: the node's {@code qos} when set, else {@code msg.qos} (0, 1 or 2; anything else is
 *       0); retain: the node's {@code retain} when set ({@code "false"} counts as set), else
 *       {@code msg.retain}; true only for {@code true} or {@code "true"}.</li>
 *   <li>MQTT 5 (when the broker node is v5): the node's {@code respTopic}, {@code contentType},
 *       {@code correl}, {@code expiry} and {@code userProps} replace the message's
 *       {@code responseTopic}, {@code contentType}, {@code correlationData},
 *       {@code messageExpiryInterval} and {@code userProperties}; with no topic at all the
 *       response topic is used.</li>
 *   <li>A message without a {@code payload} property publishes nothing. An invalid topic (empty,
 *       wildcards) is a warning "Invalid topic specified".</li>
 *   <li>{@code msg.action} {@code connect} / {@code disconnect} drive the broker connection.</li>
 *   <li>{@code done} comes when the broker has the message, or (remote brokers) when it is
 *       safely in the offline buffer.</li>
 * </ul>
 */
public final class MqttOutNode implements FlowNode {
  private final NodeServices services;
  private final String brokerId;
  private final String topic;
  private final String qos;
  private final Object retain;
  private final Map<String, Object> v5Overrides = new LinkedHashMap<>();
  private MqttBrokerNode broker;

  private MqttOutNode(NodeConfig config, NodeServices services) {
    this.services = services;
    this.brokerId = config.requireString("broker");
    this.topic = config.string("topic", "");
    if (!topic.isEmpty() && !MqttBrokerConfig.isValidPublishTopic(topic)) {
      throw config.invalid("topic", "'" + topic + "' is not a valid topic to publish to (no + or #)");
    }
    this.qos = config.string("qos", "");
    if (!qos.isEmpty() && !qos.equals("0") && !qos.equals("1") && !qos.equals("2")) {
      throw config.invalid("qos", "'" + qos + "' is not 0, 1 or 2");
    }
    this.retain = JsonValues.fromJson(config.json().getValue("retain"));
    Map<String, String> user = MqttBrokerConfig.userProperties(config, "userProps", config.json().getValue("userProps"));
    if (!user.isEmpty()) {
      v5Overrides.put("userProperties", new LinkedHashMap<String, Object>(user));
    }
    putIfSet(config, "respTopic", "responseTopic");
    putIfSet(config, "correl", "correlationData");
    putIfSet(config, "contentType", "contentType");
    putIfSet(config, "expiry", "messageExpiryInterval");
  }

  private void putIfSet(NodeConfig config, String field, String property) {
    Object v = JsonValues.fromJson(config.json().getValue(field));
    if (JsValues.truthy(v)) {
      v5Overrides.put(property, v);
    }
  }

  @Override
  public Future<Void> start() {
    broker = MqttBrokerNode.attach(brokerId, services);
    return Future.succeededFuture();
  }

  @Override
  public void input(Message msg, Done done) {
    if (broker == null) {
      done.done(new IllegalStateException("missing broker configuration"));
      return;
    }
    Object action = msg.get("action");
    if (JsValues.truthy(action)) {
      if ("connect".equals(action) || "disconnect".equals(action)) {
        broker.connectionAction((String) action, msg, done);
      } else {
        done.done(new IllegalArgumentException("Invalid action specified"));
      }
      return;
    }
    publish(msg, done);
  }

  private void publish(Message msg, Done done) {
    if (JsValues.truthy(msg.get("qos"))) {
      double q = MqttPayloads.parseInt(msg.get("qos"));
      msg.set("qos", q == 0 || q == 1 || q == 2 ? (Object) (int) q : null);
    }
    if (!topic.isEmpty()) {
      msg.set("topic", topic);
    }
    int effectiveQos = !qos.isEmpty() ? Integer.parseInt(qos) : JsValues.truthy(msg.get("qos"))
      ? (int) JsValues.toNumber(msg.get("qos")) : 0;
    msg.set("qos", effectiveQos);
    Object r = JsValues.truthy(retain) ? retain : JsValues.truthy(msg.get("retain")) ? msg.get("retain") : false;
    boolean retained = Boolean.TRUE.equals(r) || "true".equals(r);
    msg.set("retain", retained);
    boolean v5 = broker.isV5();
    if (v5) {
      v5Overrides.forEach((k, v) -> msg.set(k, Message.deepCopy(v)));
    }
    if (!msg.has("payload")) {
      done.done();
      return;
    }
    PublishProperties props = v5 ? MqttPayloads.properties(msg) : PublishProperties.NONE;
    Object t = msg.get("topic");
    String target = t instanceof String s ? s : null;
    if (v5 && JsValues.isNullish(t) || v5 && "".equals(t)) {
      if (props.responseTopic() != null) {
        target = props.responseTopic();
        msg.remove("responseTopic");
      }
    }
    if (!MqttBrokerConfig.isValidPublishTopic(target)) {
      services.warn("Invalid topic specified");
      done.done();
      return;
    }
    broker.publish(new MqttPublish(target, MqttPayloads.toBytes(msg.payload()), effectiveQos, retained, props))
      .onComplete(ar -> done.done(ar.cause()));
  }

  @Override
  public Future<Void> close(boolean removed) {
    return broker == null ? Future.succeededFuture() : broker.deregister(services.id(), removed);
  }

  /** Registers {@code mqtt out}. */
  public static final class Type extends BasicNodeType {
    public Type() {
      super("mqtt out", "network", MqttOutNode::new);
    }
  }
}
