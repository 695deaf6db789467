package io.conduit.nodes.network;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.conduit.nodes.testing.BuiltinBroker;
import io.conduit.spi.Message;
import io.conduit.testkit.FlowTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * mqtt in / mqtt out / mqtt-broker on Conduit's own broker, in-process (no socket on Conduit's
 * side), driven by a real MQTT client (HiveMQ) on the broker's TCP port.
 */
class MqttBuiltinBrokerTest {
  private BuiltinBroker broker;
  private FlowTestHarness h;
  private Mqtt5BlockingClient client;

  @BeforeEach
  void start() {
    broker = BuiltinBroker.start();
    h = FlowTestHarness.builder().vertx(broker.vertx()).broker(broker.localBroker()).start();
    client = broker.client();
  }

  @AfterEach
  void stop() {
    client.disconnect();
    h.close();
    broker.close();
  }

  private String brokerNode(String extra) {
    return "{\"id\":\"b\",\"type\":\"mqtt-broker\",\"broker\":\"localhost\",\"port\":\"" + broker.port() + "\"" + extra + "}";
  }

  /** Publishes probes on {@code probeTopic} until the sink sees one: the node's subscription is then active. */
  private String awaitSubscribed(String probeTopic, String sink) {
    for (int i = 0; i < 100; i++) {
      client.publishWith().topic(probeTopic).payload("probe".getBytes(StandardCharsets.UTF_8)).send();
      try {
        h.sink(sink).next(java.time.Duration.ofMillis(100));
      } catch (AssertionError notYet) {
        continue;
      }
      // later probes may still be on their way: a last marker comes after all of them
      String marker = "sync-" + java.util.UUID.randomUUID();
      client.publishWith().topic(probeTopic).payload(marker.getBytes(StandardCharsets.UTF_8)).send();
      skipUntil(sink, marker);
      return marker;
    }
    throw new AssertionError("the subscription never became active");
  }

  private void skipUntil(String sink, String marker) {
    while (!marker.equals(String.valueOf(payloadText(h.sink(sink).next())))) {
      // an earlier probe
    }
  }

  private static Object payloadText(Message m) {
    return m.payload() instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : m.payload();
  }

  @Test
  void usesTheBrokerInProcessWhenTheConfigNamesIt() {
    h.load("[" + brokerNode("") + ",{\"id\":\"in\",\"type\":\"mqtt in\",\"topic\":\"x\",\"broker\":\"b\",\"wires\":[[]]}]");
    assertThat(h.node("b", MqttBrokerNode.class).isLocal()).isTrue();
    assertThat(h.awaitComms("status/in", 1).toString()).contains("connected");
  }

  @Test
  void mqttInReceivesWhatARealClientPublishes() {
    h.load("[" + brokerNode(",\"builtin\":true") + ",{\"id\":\"in\",\"type\":\"mqtt in\",\"topic\":\"sensors/+/temp\",\"qos\":\"1\","
      + "\"datatype\":\"auto-detect\",\"broker\":\"b\",\"wires\":[[\"out\"]]},{\"id\":\"out\",\"type\":\"helper\"}]");
    awaitSubscribed("sensors/probe/temp", "out");
    client.publishWith().topic("sensors/kitchen/temp").qos(MqttQos.AT_LEAST_ONCE).payload("{\"t\":21.5}".getBytes(StandardCharsets.UTF_8)).send();
    client.publishWith().topic("sensors/hall/temp").payload("cold".getBytes(StandardCharsets.UTF_8)).send();
    Message m = h.sink("out").next();
    assertThat(m.topic()).isEqualTo("sensors/kitchen/temp");
    assertThat(m.payload()).isEqualTo(Map.of("t", 21.5));
    assertThat(m.get("qos")).isEqualTo(1);
    assertThat(m.get("retain")).isEqualTo(false);
    assertThat(h.sink("out").next().payload()).isEqualTo("cold");
  }

  @Test
  void retainedMessagesArriveOnSubscribeWithTheRetainFlag() {
    client.publishWith().topic("state/door").retain(true).payload("open".getBytes(StandardCharsets.UTF_8)).send();
    h.load("[" + brokerNode(",\"builtin\":true") + ",{\"id\":\"in\",\"type\":\"mqtt in\",\"topic\":\"state/#\",\"qos\":\"2\","
      + "\"datatype\":\"utf8\",\"broker\":\"b\",\"wires\":[[\"out\"]]},{\"id\":\"out\",\"type\":\"helper\"}]");
    Message m = h.sink("out").next();
    assertThat(m.payload()).isEqualTo("open");
    assertThat(m.get("retain")).isEqualTo(true);
  }

  @Test
  void mqttOutPublishesToARealClientAsNodeRedSerialises() throws Exception {
    h.load("[" + brokerNode(",\"builtin\":true") + ",{\"id\":\"pub\",\"type\":\"mqtt out\",\"topic\":\"\",\"qos\":\"\",\"retain\":\"\","
      + "\"broker\":\"b\"}]");
    try (Mqtt5BlockingClient.Mqtt5Publishes in = BuiltinBroker.publishes(client)) {
      client.subscribeWith().topicFilter("out/#").qos(MqttQos.EXACTLY_ONCE).send();
      Map<String, Object> obj = new LinkedHashMap<>();
      obj.put("a", 1);
      obj.put("b", List.of(true, "x"));
      h.send("pub", Message.withPayload(obj).topic("out/json").set("qos", 2));
      h.send("pub", Message.withPayload(3.0).topic("out/number").set("retain", "true"));
      h.send("pub", Message.withPayload(null).topic("out/null"));
      h.send("pub", new Message().topic("out/no-payload"));
      h.send("pub", Message.withPayload(new byte[]{1, 2}).topic("out/buffer"));
      Mqtt5Publish json = in.receive(5, TimeUnit.SECONDS).orElseThrow();
      assertThat(new String(json.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1,\"b\":[true,\"x\"]}");
      assertThat(json.getQos()).isEqualTo(MqttQos.EXACTLY_ONCE);
      Mqtt5Publish number = in.receive(5, TimeUnit.SECONDS).orElseThrow();
      assertThat(new String(number.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("3");
      Mqtt5Publish empty = in.receive(5, TimeUnit.SECONDS).orElseThrow();
      assertThat(empty.getTopic().toString()).isEqualTo("out/null");
      assertThat(empty.getPayloadAsBytes()).isEmpty();
      Mqtt5Publish buffer = in.receive(5, TimeUnit.SECONDS).orElseThrow();
      assertThat(buffer.getTopic().toString()).isEqualTo("out/buffer"); // no-payload published nothing
      assertThat(buffer.getPayloadAsBytes()).containsExactly(1, 2);
    }
    Mqtt5BlockingClient late = broker.client();
    try (Mqtt5BlockingClient.Mqtt5Publishes in = BuiltinBroker.publishes(late)) {
      late.subscribeWith().topicFilter("out/number").send();
      Mqtt5Publish retained = in.receive(5, TimeUnit.SECONDS).orElseThrow();
      assertThat(retained.isRetain()).isTrue();
    }
    late.disconnect();
  }

  @Test
  void theNodesTopicQosAndRetainWin() throws Exception {
    h.load("[" + brokerNode(",\"builtin\":true") + ",{\"id\":\"pub\",\"type\":\"mqtt out\",\"topic\":\"fixed/topic\",\"qos\":\"1\","
      + "\"retain\":\"false\",\"broker\":\"b\"}]");
    try (Mqtt5BlockingClient.Mqtt5Publishes in = BuiltinBroker.publishes(client)) {
      client.subscribeWith().topicFilter("#").qos(MqttQos.EXACTLY_ONCE).send();
      h.send("pub", Message.withPayload("x").topic("ignored").set("qos", 2).set("retain", true));
      Mqtt5Publish p = in.receive(5, TimeUnit.SECONDS).orElseThrow();
      assertThat(p.getTopic().toString()).isEqualTo("fixed/topic");
      assertThat(p.getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
      assertThat(p.isRetain()).isFalse();
    }
  }

  @Test
  void mqtt5PropertiesTravelBothWays() throws Exception {
    h.load("[" + brokerNode(",\"builtin\":true,\"protocolVersion\":\"5\"")
      + ",{\"id\":\"pub\",\"type\":\"mqtt out\",\"topic\":\"\",\"broker\":\"b\",\"userProps\":\"{\\\"node\\\":\\\"n1\\\"}\"}"
      + ",{\"id\":\"in\",\"type\":\"mqtt in\",\"topic\":\"v5/in\",\"qos\":\"1\",\"datatype\":\"auto-detect\",\"broker\":\"b\","
      + "\"wires\":[[\"out\"]]},{\"id\":\"out\",\"type\":\"helper\"}]");
    try (Mqtt5BlockingClient.Mqtt5Publishes in = BuiltinBroker.publishes(client)) {
      client.subscribeWith().topicFilter("v5/out").send();
      h.send("pub", Message.withPayload("{}").topic("v5/out").set("contentType", "application/json")
        .set("responseTopic", "v5/reply").set("correlationData", new byte[]{7}).set("messageExpiryInterval", 90));
      Mqtt5Publish p = in.receive(5, TimeUnit.SECONDS).orElseThrow();
      assertThat(p.getContentType().map(Object::toString)).hasValue("application/json");
      assertThat(p.getResponseTopic().map(Object::toString)).hasValue("v5/reply");
      assertThat(p.getCorrelationData().map(b -> b.get(0))).hasValue((byte) 7);
      assertThat(p.getMessageExpiryInterval()).isPresent();
      assertThat(p.getUserProperties().asList()).singleElement()
        .satisfies(u -> assertThat(u.getName() + "=" + u.getValue()).isEqualTo("node=n1"));
    }
    awaitSubscribed("v5/in", "out");
    client.publishWith().topic("v5/in").contentType("text/plain").payload("{\"looks\":\"like json\"}".getBytes(StandardCharsets.UTF_8))
      .userProperties().add("k", "v").applyUserProperties().responseTopic("v5/back").send();
    Message m = h.sink("out").next();
    assertThat(m.payload()).isEqualTo("{\"looks\":\"like json\"}"); // text/plain keeps it a string
    assertThat(m.get("contentType")).isEqualTo("text/plain");
    assertThat(m.get("responseTopic")).isEqualTo("v5/back");
    assertThat(m.get("userProperties")).isEqualTo(Map.of("k", "v"));
  }

  @Test
  void dynamicSubscriptionsFollowMsgAction() {
    h.load("[" + brokerNode(",\"builtin\":true") + ",{\"id\":\"in\",\"type\":\"mqtt in\",\"topic\":\"\",\"inputs\":1,"
      + "\"datatype\":\"utf8\",\"broker\":\"b\",\"wires\":[[\"out\"]]},{\"id\":\"out\",\"type\":\"helper\"}]");
    h.send("in", new Message().set("action", "subscribe").set("topic", "dyn/#"));
    awaitSubscribed("dyn/probe", "out");
    client.publishWith().topic("dyn/a").payload("A".getBytes(StandardCharsets.UTF_8)).send();
    assertThat(h.sink("out").next().payload()).isEqualTo("A");
    h.send("in", new Message().set("action", "getSubscriptions"));
    Message subs = h.sink("out").next();
    assertThat(subs.topic()).isEqualTo("subscriptions");
    assertThat(subs.payload().toString()).contains("dyn/#");
    h.send("in", new Message().set("action", "unsubscribe").set("topic", true));
    h.send("in", new Message().set("action", "subscribe").set("topic", List.of(Map.of("topic", "marker", "qos", 0))));
    awaitSubscribed("marker", "out");
    client.publishWith().topic("dyn/b").payload("B".getBytes(StandardCharsets.UTF_8)).send();
    client.publishWith().topic("marker").payload("M".getBytes(StandardCharsets.UTF_8)).send();
    assertThat(h.sink("out").next().payload()).isEqualTo("M"); // dyn/b no longer arrives
  }

  @Test
  void twoNodesOnTheSameFilterEachGetTheMessage() {
    h.load("[" + brokerNode(",\"builtin\":true")
      + ",{\"id\":\"in1\",\"type\":\"mqtt in\",\"topic\":\"shared/t\",\"datatype\":\"utf8\",\"broker\":\"b\",\"wires\":[[\"o1\"]]}"
      + ",{\"id\":\"in2\",\"type\":\"mqtt in\",\"topic\":\"shared/t\",\"datatype\":\"buffer\",\"broker\":\"b\",\"wires\":[[\"o2\"]]}"
      + ",{\"id\":\"o1\",\"type\":\"helper\"},{\"id\":\"o2\",\"type\":\"helper\"}]");
    skipUntil("o2", awaitSubscribed("shared/t", "o1"));
    client.publishWith().topic("shared/t").payload("both".getBytes(StandardCharsets.UTF_8)).send();
    assertThat(h.sink("o1").next().payload()).isEqualTo("both");
    assertThat(h.sink("o2").next().payload()).isEqualTo("both".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void birthAndCloseMessages() throws Exception {
    try (Mqtt5BlockingClient.Mqtt5Publishes in = BuiltinBroker.publishes(client)) {
      client.subscribeWith().topicFilter("conduit/#").send();
      h.load("[" + brokerNode(",\"builtin\":true,\"birthTopic\":\"conduit/status\",\"birthPayload\":\"up\",\"birthQos\":\"1\","
        + "\"closeTopic\":\"conduit/status\",\"closePayload\":\"down\"")
        + ",{\"id\":\"pub\",\"type\":\"mqtt out\",\"topic\":\"x\",\"broker\":\"b\"}]");
      Optional<Mqtt5Publish> birth = in.receive(5, TimeUnit.SECONDS);
      assertThat(birth.map(p -> new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8))).hasValue("up");
      h.load("[]");
      Optional<Mqtt5Publish> close = in.receive(5, TimeUnit.SECONDS);
      assertThat(close.map(p -> new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8))).hasValue("down");
    }
  }

  @Test
  void anInvalidTopicIsAWarningAndNothingIsPublished() {
    h.load("[" + brokerNode(",\"builtin\":true") + ",{\"id\":\"pub\",\"type\":\"mqtt out\",\"topic\":\"\",\"broker\":\"b\"}]");
    h.send("pub", Message.withPayload("x").topic("bad/#"));
    assertThat(h.awaitLog("pub", "Invalid topic specified")).isNotNull();
  }
}
