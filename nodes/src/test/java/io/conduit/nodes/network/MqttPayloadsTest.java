package io.conduit.nodes.network;

import io.conduit.spi.Message;
import io.conduit.spi.MqttPublish;
import io.conduit.spi.PublishProperties;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Payload conversions of the mqtt nodes, case by case from Node-RED's 21-mqtt_spec.js. */
class MqttPayloadsTest {
  private static final byte[] NOT_UTF8 = {(byte) 0xC0, (byte) 0xC1, (byte) 0xF5, (byte) 0xF6, (byte) 0xFF};

  private static MqttPublish in(byte[] payload, PublishProperties props) {
    return new MqttPublish("t", Buffer.buffer(payload), 1, true, props);
  }

  private static Object payload(String payload, String datatype) throws Exception {
    return payload(payload.getBytes(StandardCharsets.UTF_8), datatype, PublishProperties.NONE);
  }

  private static Object payload(byte[] payload, String datatype, PublishProperties props) throws Exception {
    return MqttPayloads.toMessage(in(payload, props), datatype, true).payload();
  }

  private static PublishProperties contentType(String type) {
    return new PublishProperties(null, null, type, null, null, List.of(), List.of());
  }

  @Test
  void autoKeepsTextAndAutoDetectParsesJson() throws Exception {
    String json = "{\"prop\":\"value1\", \"num\":1}";
    assertThat(payload(json, "auto")).isEqualTo(json);
    assertThat(payload(json, "auto-detect")).isEqualTo(Map.of("prop", "value1", "num", 1));
    assertThat(payload("{prop:\"value3\", \"num\":3}", "auto-detect")).isEqualTo("{prop:\"value3\", \"num\":3}");
    assertThat(payload("42", "auto-detect")).isEqualTo(42);
    assertThat(payload("null", "auto-detect")).isNull();
    assertThat(payload("offline", "auto-detect")).isEqualTo("offline");
    assertThat(payload("1,2", "auto-detect")).isEqualTo("1,2");
    assertThat(payload(NOT_UTF8, "auto", PublishProperties.NONE)).isEqualTo(NOT_UTF8);
    assertThat(payload(NOT_UTF8, "auto-detect", PublishProperties.NONE)).isEqualTo(NOT_UTF8);
  }

  @Test
  void fixedDatatypes() throws Exception {
    assertThat(payload("{\"a\":1}", "utf8")).isEqualTo("{\"a\":1}");
    assertThat(payload("a b c", "buffer")).isEqualTo("a b c".getBytes(StandardCharsets.UTF_8));
    assertThat(payload("hi", "base64")).isEqualTo("aGk=");
    assertThat(payload("{\"prop\":\"value3\",\"num\":3}", "json")).isEqualTo(Map.of("prop", "value3", "num", 3));
    assertThat(payload(NOT_UTF8, "utf8", PublishProperties.NONE)).isEqualTo("\ufffd\ufffd\ufffd\ufffd\ufffd");
    assertThatThrownBy(() -> payload("{prop:1}", "json")).hasMessage("Failed to parse JSON string");
    assertThatThrownBy(() -> payload(NOT_UTF8, "json", PublishProperties.NONE)).hasMessage("Invalid JSON string");
  }

  @Test
  void mqtt5ContentTypeDecides() throws Exception {
    byte[] json = "{\"prop\":\"val\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(payload(json, "auto", contentType("text/plain"))).isEqualTo("{\"prop\":\"val\"}");
    assertThat(payload(json, "auto-detect", contentType("text/plain"))).isEqualTo("{\"prop\":\"val\"}");
    assertThat(payload(json, "auto-detect", contentType("application/json"))).isEqualTo(Map.of("prop", "val"));
    assertThat(payload(json, "auto", contentType("application/json"))).isEqualTo("{\"prop\":\"val\"}");
    assertThat(payload(json, "auto", contentType("application/zip"))).isEqualTo(json);
    assertThatThrownBy(() -> payload("{prop:\"value3\"}".getBytes(StandardCharsets.UTF_8), "auto", contentType("application/json")))
      .hasMessage("Failed to parse JSON string");
    assertThat(payload(json, "auto-detect", contentType("application/x-custom"))).isEqualTo(Map.of("prop", "val"));
  }

  @Test
  void mqtt5PropertiesBecomeMessageProperties() throws Exception {
    PublishProperties props = new PublishProperties(1, 2000L, "text/plain", "t/response", Buffer.buffer(new byte[]{1, 2, 3}),
      List.of(Map.entry("prop1", "val1"), Map.entry("dup", "a"), Map.entry("dup", "b")), List.of());
    Message m = MqttPayloads.toMessage(in("{\"version\":\"v5\"}".getBytes(StandardCharsets.UTF_8), props), "auto", true);
    assertThat(m.asMap()).containsEntry("topic", "t").containsEntry("qos", 1).containsEntry("retain", true)
      .containsEntry("responseTopic", "t/response").containsEntry("contentType", "text/plain")
      .containsEntry("messageExpiryInterval", 2000).containsEntry("payloadFormatIndicator", true)
      .containsEntry("payload", "{\"version\":\"v5\"}");
    assertThat((byte[]) m.get("correlationData")).containsExactly(1, 2, 3);
    assertThat(m.get("userProperties")).isEqualTo(Map.of("prop1", "val1", "dup", "[\"a\",\"b\"]"));
    Message v4 = MqttPayloads.toMessage(in("x".getBytes(StandardCharsets.UTF_8), props), "auto", false);
    assertThat(v4.asMap()).containsOnlyKeys("topic", "payload", "qos", "retain");
  }

  @Test
  void outgoingPayloadsSerialiseAsNodeRed() {
    Map<String, Object> obj = new LinkedHashMap<>();
    obj.put("a", 1.5);
    obj.put("b", List.of(true, "x"));
    assertThat(MqttPayloads.toBytes(obj).toString()).isEqualTo("{\"a\":1.5,\"b\":[true,\"x\"]}");
    assertThat(MqttPayloads.toBytes(42.0).toString()).isEqualTo("42");
    assertThat(MqttPayloads.toBytes(true).toString()).isEqualTo("true");
    assertThat(MqttPayloads.toBytes(null).length()).isZero();
    assertThat(MqttPayloads.toBytes(new byte[]{0, (byte) 200}).getBytes()).containsExactly(0, 200);
    assertThat(MqttPayloads.toBytes("héllo").getBytes()).isEqualTo("héllo".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void outgoingMqtt5PropertiesAreReadFromTheMessage() {
    Message m = new Message().set("responseTopic", "r").set("correlationData", "abc").set("contentType", "")
      .set("messageExpiryInterval", "60s").set("payloadFormatIndicator", "true")
      .set("userProperties", new LinkedHashMap<>(Map.of("n", 5)));
    PublishProperties p = MqttPayloads.properties(m);
    assertThat(p.responseTopic()).isEqualTo("r");
    assertThat(p.correlationData().toString()).isEqualTo("abc");
    assertThat(p.contentType()).isNull();
    assertThat(p.messageExpiryInterval()).isEqualTo(60L);
    assertThat(p.payloadFormatIndicator()).isEqualTo(1);
    assertThat(p.userProperties()).containsExactly(Map.entry("n", "5"));
    assertThat(MqttPayloads.properties(new Message().set("payload", 1))).isSameAs(PublishProperties.NONE);
  }
}
