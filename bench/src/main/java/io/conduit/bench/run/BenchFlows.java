package io.conduit.bench.run;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The flows deployed into Node-RED and Conduit, as Node-RED's editor would export them:
 * <ul>
 *   <li>{@link #pipeline}: {@code mqtt in bench/in/#} (parsed JSON) → {@code function}
 *       ({@code msg.payload.v *= 2; return msg;}) → {@code switch} on {@code payload.v}
 *       ({@code > 10} / otherwise) → {@code mqtt out bench/out/high} and {@code bench/out/low}, on
 *       one {@code mqtt-broker} config node (issue #6's flow);</li>
 *   <li>{@link #large}: {@code n} nodes in chains of inject → change → switch → function → debug,
 *       for deploy time (nothing fires: the injects have no repeat and no once).</li>
 * </ul>
 */
final class BenchFlows {
  private BenchFlows() {
  }

  static JsonArray pipeline(int brokerPort, int qos) {
    String q = String.valueOf(qos);
    return new JsonArray()
      .add(new JsonObject().put("id", "bench-tab").put("type", "tab").put("label", "bench").put("disabled", false).put("info", ""))
      .add(new JsonObject().put("id", "bench-broker").put("type", "mqtt-broker").put("name", "bench broker")
        .put("broker", "127.0.0.1").put("port", String.valueOf(brokerPort)).put("clientid", "").put("autoConnect", true)
        .put("usetls", false).put("protocolVersion", "4").put("keepalive", "60").put("cleansession", true)
        .put("autoUnsubscribe", true).put("birthTopic", "").put("closeTopic", "").put("willTopic", ""))
      .add(new JsonObject().put("id", "bench-in").put("type", "mqtt in").put("z", "bench-tab").put("name", "")
        .put("topic", "bench/in/#").put("qos", q).put("datatype", "json").put("broker", "bench-broker")
        .put("nl", false).put("rap", true).put("rh", 0).put("inputs", 0).put("x", 120).put("y", 100)
        .put("wires", new JsonArray().add(new JsonArray().add("bench-fn"))))
      .add(new JsonObject().put("id", "bench-fn").put("type", "function").put("z", "bench-tab").put("name", "double v")
        .put("func", "msg.payload.v *= 2; return msg;").put("outputs", 1).put("timeout", 0).put("noerr", 0)
        .put("initialize", "").put("finalize", "").put("libs", new JsonArray()).put("x", 300).put("y", 100)
        .put("wires", new JsonArray().add(new JsonArray().add("bench-switch"))))
      .add(new JsonObject().put("id", "bench-switch").put("type", "switch").put("z", "bench-tab").put("name", "")
        .put("property", "payload.v").put("propertyType", "msg")
        .put("rules", new JsonArray().add(new JsonObject().put("t", "gt").put("v", "10").put("vt", "num"))
          .add(new JsonObject().put("t", "else")))
        .put("checkall", "false").put("repair", false).put("outputs", 2).put("x", 480).put("y", 100)
        .put("wires", new JsonArray().add(new JsonArray().add("bench-out-high")).add(new JsonArray().add("bench-out-low"))))
      .add(mqttOut("bench-out-high", "bench/out/high", q, 80))
      .add(mqttOut("bench-out-low", "bench/out/low", q, 120));
  }

  private static JsonObject mqttOut(String id, String topic, String qos, int y) {
    return new JsonObject().put("id", id).put("type", "mqtt out").put("z", "bench-tab").put("name", "")
      .put("topic", topic).put("qos", qos).put("retain", "false").put("respTopic", "").put("contentType", "")
      .put("userProps", "").put("correl", "").put("expiry", "").put("broker", "bench-broker")
      .put("x", 680).put("y", y).put("wires", new JsonArray());
  }

  /** A flow of {@code nodes} nodes (rounded down to whole chains of 5) on one tab. */
  static JsonArray large(int nodes) {
    JsonArray flow = new JsonArray().add(new JsonObject().put("id", "big-tab").put("type", "tab").put("label", "big")
      .put("disabled", false).put("info", ""));
    for (int c = 0; c < (nodes - 1) / 5; c++) {
      String p = "big-" + c + "-";
      int y = 40 + c * 40;
      flow.add(new JsonObject().put("id", p + "inject").put("type", "inject").put("z", "big-tab").put("name", "")
        .put("props", new JsonArray().add(new JsonObject().put("p", "payload")))
        .put("repeat", "").put("crontab", "").put("once", false).put("onceDelay", 0.1).put("topic", "")
        .put("payload", "{\"v\":" + c + "}").put("payloadType", "json").put("x", 100).put("y", y)
        .put("wires", new JsonArray().add(new JsonArray().add(p + "change"))));
      flow.add(new JsonObject().put("id", p + "change").put("type", "change").put("z", "big-tab").put("name", "")
        .put("rules", new JsonArray().add(new JsonObject().put("t", "set").put("p", "topic").put("pt", "msg")
          .put("to", "chain/" + c).put("tot", "str")))
        .put("action", "").put("property", "").put("from", "").put("to", "").put("reg", false).put("x", 250).put("y", y)
        .put("wires", new JsonArray().add(new JsonArray().add(p + "switch"))));
      flow.add(new JsonObject().put("id", p + "switch").put("type", "switch").put("z", "big-tab").put("name", "")
        .put("property", "payload.v").put("propertyType", "msg")
        .put("rules", new JsonArray().add(new JsonObject().put("t", "gte").put("v", "0").put("vt", "num")))
        .put("checkall", "true").put("repair", false).put("outputs", 1).put("x", 400).put("y", y)
        .put("wires", new JsonArray().add(new JsonArray().add(p + "function"))));
      flow.add(new JsonObject().put("id", p + "function").put("type", "function").put("z", "big-tab").put("name", "")
        .put("func", "msg.payload.v += " + c + ";\nreturn msg;").put("outputs", 1).put("timeout", 0).put("noerr", 0)
        .put("initialize", "").put("finalize", "").put("libs", new JsonArray()).put("x", 550).put("y", y)
        .put("wires", new JsonArray().add(new JsonArray().add(p + "debug"))));
      flow.add(new JsonObject().put("id", p + "debug").put("type", "debug").put("z", "big-tab").put("name", "")
        .put("active", false).put("tosidebar", true).put("console", false).put("tostatus", false)
        .put("complete", "false").put("statusVal", "").put("statusType", "auto").put("x", 700).put("y", y)
        .put("wires", new JsonArray()));
    }
    return flow;
  }
}
