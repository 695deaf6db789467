package io.conduit.nodes.function;

import io.conduit.spi.Message;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.conduit.nodes.function.OneNode.function;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Messages cross into JavaScript and back with their shapes: Java maps, lists and byte arrays are
 * JS objects, arrays and Buffers, and come back as the message model's types; nothing the script
 * holds afterwards is shared with the Java message.
 */
class MessageCrossingTest {
  static final Vertx vertx = OneNode.VERTX;

  @Test
  void javaShapesAreJavaScriptShapes() throws Exception {
    OneNode n = OneNode.deployed(vertx, function(
      "const p = msg.payload; msg.payload = { buffer: Buffer.isBuffer(p.bytes), text: p.bytes.toString(),"
        + " array: Array.isArray(p.list), object: typeof p.map === 'object' && !Array.isArray(p.map),"
        + " sum: p.list.reduce((a, b) => a + b, 0), big: p.big + 1, ratio: p.ratio * 2, flag: !p.flag, nothing: p.none === null,"
        + " nested: p.map.inner[1].k, keys: Object.keys(p.map).join(',') }; return msg;"));
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("bytes", "héllo".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    payload.put("list", new ArrayList<>(List.of(1, 2, 3)));
    payload.put("map", new LinkedHashMap<>(Map.of("inner", List.of(0, Map.of("k", "v")))));
    payload.put("big", 1L << 40);
    payload.put("ratio", 0.75);
    payload.put("flag", true);
    payload.put("none", null);
    n.receive(new Message().payload(payload));
    @SuppressWarnings("unchecked")
    Map<String, Object> out = (Map<String, Object>) n.nextSent().msg().payload();
    assertThat(out).containsEntry("buffer", true).containsEntry("text", "héllo").containsEntry("array", true)
      .containsEntry("object", true).containsEntry("sum", 6).containsEntry("big", (1L << 40) + 1)
      .containsEntry("ratio", 1.5).containsEntry("flag", false).containsEntry("nothing", true)
      .containsEntry("nested", "v").containsEntry("keys", "inner");
    n.close(true);
  }

  @Test
  void objectsOfEveryShapeCrossWithTheirKeysInOrder() throws Exception {
    // the codec writes and reads the first properties from one site per position: objects of
    // different shapes and sizes, '__proto__' at any position and more keys than are unrolled
    // must all come out as they went in, in JavaScript's key order
    OneNode n = OneNode.deployed(vertx, function(
      "const p = msg.payload; msg.payload = { in: p, keys: p.map(o => Object.keys(o).join(',')),"
        + " protos: p.map(o => Object.getPrototypeOf(o) === Object.prototype),"
        + " out: [{ z: 1, a: 2, 10: 'ten', 2: 'two' }, JSON.parse('{\"x\":1,\"__proto__\":{\"polluted\":true},\"y\":2}'),"
        + " { k1: 1, k2: 2, k3: 3, k4: 4, k5: 5, k6: 6, k7: 7, k8: 8, k9: 9 }] }; return msg;"));
    List<Object> shapes = new ArrayList<>();
    for (int size = 0; size <= 9; size++) {
      for (int protoAt = -1; protoAt < size; protoAt++) {
        Map<String, Object> o = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
          o.put(i == protoAt ? "__proto__" : "k" + size + "_" + i, i == protoAt ? Map.of("polluted", true) : i);
        }
        shapes.add(o);
      }
    }
    n.receive(new Message().payload(shapes));
    @SuppressWarnings("unchecked")
    Map<String, Object> out = (Map<String, Object>) n.nextSent().msg().payload();
    assertThat(out.get("in")).isEqualTo(shapes);
    @SuppressWarnings("unchecked")
    List<String> keys = (List<String>) out.get("keys");
    for (int i = 0; i < shapes.size(); i++) {
      assertThat(keys.get(i)).isEqualTo(String.join(",", ((Map<?, ?>) shapes.get(i)).keySet().stream().map(String::valueOf).toList()));
    }
    @SuppressWarnings("unchecked")
    List<Object> protos = (List<Object>) out.get("protos");
    assertThat(protos).hasSize(shapes.size()).containsOnly(true);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> back = (List<Map<String, Object>>) out.get("out");
    assertThat(back.get(0).keySet()).containsExactly("2", "10", "z", "a");
    assertThat(back.get(1).keySet()).containsExactly("x", "__proto__", "y");
    assertThat(back.get(1).get("__proto__")).isEqualTo(Map.of("polluted", true));
    assertThat(back.get(2).keySet()).containsExactly("k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9");
    n.close(true);
  }

  @Test
  void javaScriptValuesComeBackAsTheMessageModel() throws Exception {
    OneNode n = OneNode.deployed(vertx, function(
      "return { payload: { buf: Buffer.from('abc').slice(1), arr: [1, 'two', null, [true]], int: 7, neg: -3, dbl: 2.5,"
        + " big: 2**40, huge: 1e300, date: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)), skipped: undefined, fn: function() {},"
        + " typed: new Uint16Array([1, 2]), ['__proto__']: 1 }, topic: 't' };"));
    n.receive(new Message().payload("x"));
    Message m = n.nextSent().msg();
    @SuppressWarnings("unchecked")
    Map<String, Object> p = (Map<String, Object>) m.payload();
    assertThat((byte[]) p.get("buf")).isEqualTo("bc".getBytes());
    assertThat(p.get("arr")).isEqualTo(Arrays.asList(1, "two", null, List.of(true)));
    assertThat(p.get("int")).isEqualTo(7);
    assertThat(p.get("neg")).isEqualTo(-3);
    assertThat(p.get("dbl")).isEqualTo(2.5);
    assertThat(p.get("big")).isEqualTo(1L << 40);
    assertThat(p.get("huge")).isEqualTo(1e300);
    assertThat(p.get("date")).isEqualTo("2024-01-02T03:04:05.000Z");
    assertThat(p.get("typed")).isEqualTo(List.of(1, 2));
    assertThat(p).doesNotContainKeys("skipped", "fn").containsEntry("__proto__", 1);
    assertThat(m.topic()).isEqualTo("t");
    n.close(true);
  }

  @Test
  void objectsThatAreNotPlainCrossByTheirOwnEnumerableProperties() throws Exception {
    // the tape tells plain objects by their constructor: every other kind must still cross as JSON would
    OneNode n = OneNode.deployed(vertx, function(
      "class Point { constructor() { this.x = 1; this.y = 2; } get sum() { return 3; } }"
        + " const bare = Object.create(null); bare.k = 'v';"
        + " const inherited = Object.create({ hidden: 1 }); inherited.own = 2;"
        + " msg.payload = { point: new Point(), bare: bare, inherited: inherited, shadow: { constructor: 'c', a: 1 },"
        + " nested: { deeper: { when: new Date(0), list: [new Point(), { constructor: Object }] } } };"
        + " node.send(msg); msg.after = true; return null;"));
    n.receive(new Message().payload("x"));
    Message m = n.nextSent().msg();
    @SuppressWarnings("unchecked")
    Map<String, Object> p = (Map<String, Object>) m.payload();
    assertThat(p.get("point")).isEqualTo(Map.of("x", 1, "y", 2));
    assertThat(p.get("bare")).isEqualTo(Map.of("k", "v"));
    assertThat(p.get("inherited")).isEqualTo(Map.of("own", 2));
    assertThat(p.get("shadow")).isEqualTo(Map.of("constructor", "c", "a", 1));
    assertThat(p.get("nested")).isEqualTo(Map.of("deeper", Map.of("when", "1970-01-01T00:00:00.000Z",
      "list", List.of(Map.of("x", 1, "y", 2), Map.of()))));
    assertThat(m.has("after")).isFalse();
    n.close(true);
  }

  @Test
  void largeBinaryPayloadsCrossIntact() throws Exception {
    OneNode n = OneNode.deployed(vertx, function("msg.payload[0] = 42; msg.len = msg.payload.length; return msg;"));
    byte[] big = new byte[1 << 20];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 31);
    }
    byte[] original = big.clone();
    n.receive(new Message().payload(big));
    Message m = n.nextSent().msg();
    byte[] back = (byte[]) m.payload();
    assertThat(m.get("len")).isEqualTo(1 << 20);
    assertThat(back[0]).isEqualTo((byte) 42);
    assertThat(Arrays.copyOfRange(back, 1, back.length)).isEqualTo(Arrays.copyOfRange(original, 1, original.length));
    n.close(true);
  }

  @Test
  void circularMessagesAreAnErrorNotACrash() throws Exception {
    OneNode n = OneNode.deployed(vertx, function("msg.self = msg; return msg;"));
    n.receive(new Message().payload("x"));
    assertThat(n.awaitDone()).hasMessageContaining("nested more than");
    n.receive(new Message().payload("y"));
    n.awaitDone();
    n.close(true);
  }

  @Test
  void cloneMessageMakesAnIndependentCopy() throws Exception {
    OneNode n = OneNode.deployed(vertx, function(
      "const c = RED.util.cloneMessage(msg); c.payload.a.push(2); c.payload.b[0] = 9;"
        + " return [[msg, c]];"));
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("a", new ArrayList<>(List.of(1)));
    payload.put("b", new byte[] {1});
    n.receive(new Message().payload(payload));
    @SuppressWarnings("unchecked")
    Map<String, Object> first = (Map<String, Object>) n.nextSent().msg().payload();
    @SuppressWarnings("unchecked")
    Map<String, Object> second = (Map<String, Object>) n.nextSent().msg().payload();
    assertThat(first.get("a")).isEqualTo(List.of(1));
    assertThat((byte[]) first.get("b")).containsExactly(1);
    assertThat(second.get("a")).isEqualTo(List.of(1, 2));
    assertThat((byte[]) second.get("b")).containsExactly(9);
    n.close(true);
  }
}
