package io.conduit.nodes.function;

import io.conduit.spi.Message;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.conduit.nodes.function.OneNode.fooBar;
import static io.conduit.nodes.function.OneNode.function;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Node-RED's context API from function code (10-function_spec.js "context" cases): context, flow
 * and global with get/set/keys, synchronous and with callbacks, default and named stores, the
 * {@code #:(store)::key} form, arrays of keys, and the "Callback must be a function" error.
 */
class FunctionContextTest {
  static final Vertx vertx = OneNode.VERTX;

  private OneNode run(String func) throws Exception {
    OneNode n = OneNode.deployed(vertx, function(func));
    n.receive(fooBar());
    return n;
  }

  @Test
  void setsEachScopeInTheDefaultStore() throws Exception {
    OneNode n = run("context.set('count','0'); flow.set('f', 1); global.set('g', {a:[1,2]}); return msg;");
    assertThat(n.nextSent().msg().get("payload")).isEqualTo("foo");
    assertThat(n.services.node.get("count")).isEqualTo("0");
    assertThat(n.services.flow.get("f")).isEqualTo(1);
    assertThat(n.services.global.get("g")).isEqualTo(Map.of("a", List.of(1, 2)));
    n.close(true);
  }

  @Test
  void setsNamedStoresWithoutAndWithCallback() throws Exception {
    OneNode n = run("context.set('count','0','memory1'); context.set('count','1','memory2');"
      + "flow.set(['c1','c2'],['0','1'],'memory1', function(err) { global.set('k','v','memory2', function(err) { node.send(msg); }); });");
    n.nextSent();
    assertThat(n.services.node.get("count", "memory1")).isEqualTo("0");
    assertThat(n.services.node.get("count", "memory2")).isEqualTo("1");
    assertThat(n.services.flow.get("c1", "memory1")).isEqualTo("0");
    assertThat(n.services.flow.get("c2", "memory1")).isEqualTo("1");
    assertThat(n.services.global.get("k", "memory2")).isEqualTo("v");
    n.close(true);
  }

  @Test
  void getsValuesSynchronouslyAndWithCallbacks() throws Exception {
    OneNode n = OneNode.deployed(vertx, function(
      "msg.a = context.get('count'); msg.b = flow.get('count','memory1'); msg.c = global.get('#:(memory2)::count');"
      + "msg.d = context.get(['x','count']);"
      + "context.get('count','memory1', function(err, v) { msg.e = v;"
      + "  flow.get(['count','y'], function(err, v1, v2) { msg.f = [v1, v2]; node.send(msg); }); });"));
    n.engine.runOnContext(v -> {
      n.services.node.set("count", "0");
      n.services.node.set("x", 9);
      n.services.node.set("count", "m1", "memory1");
      n.services.flow.set("count", 7, "memory1");
      n.services.flow.set("count", 8);
      n.services.flow.set("y", true);
      n.services.global.set("count", Map.of("deep", 1), "memory2");
    });
    n.receive(fooBar());
    Message m = n.nextSent().msg();
    assertThat(m.get("a")).isEqualTo("0");
    assertThat(m.get("b")).isEqualTo(7);
    assertThat(m.get("c")).isEqualTo(Map.of("deep", 1));
    assertThat(m.get("d")).isEqualTo(List.of(9, "0"));
    assertThat(m.get("e")).isEqualTo("m1");
    assertThat(m.get("f")).isEqualTo(List.of(8, true));
    n.close(true);
  }

  @Test
  void keysOfEachScope() throws Exception {
    OneNode n = OneNode.deployed(vertx, function(
      "msg.a = context.keys(); msg.b = global.keys(); flow.keys('memory1', function(err, k) { msg.c = k; node.send(msg); });"));
    n.engine.runOnContext(v -> {
      n.services.node.set("count", "0");
      n.services.global.set("g1", 1);
      n.services.flow.set("f1", 1, "memory1");
    });
    n.receive(fooBar());
    Message m = n.nextSent().msg();
    assertThat(m.get("a")).isEqualTo(List.of("count"));
    assertThat(m.get("b")).isEqualTo(List.of("g1"));
    assertThat(m.get("c")).isEqualTo(List.of("f1"));
    n.close(true);
  }

  @Test
  void aValueReadFromContextIsACopy() throws Exception {
    OneNode n = run("var o = flow.get('o'); o.n = 2; msg.payload = flow.get('o').n; return msg;");
    // flow.get('o') is undefined at first: the run throws
    assertThat(n.awaitDone()).hasMessageContaining("TypeError");
    n.engine.runOnContext(v -> n.services.flow.set("o", new java.util.LinkedHashMap<>(Map.of("n", 1))));
    n.receive(fooBar());
    assertThat(n.nextSent().msg().get("payload")).isEqualTo(1);
    n.close(true);
  }

  @Test
  void aSetIsSeenByTheNextGetInTheSameRun() throws Exception {
    OneNode n = run("flow.set('n', 41); flow.set('n', flow.get('n') + 1); msg.payload = flow.get('n'); return msg;");
    assertThat(n.nextSent().msg().get("payload")).isEqualTo(42);
    n.close(true);
  }

  @Test
  void callbackThatIsNotAFunctionIsAnError() throws Exception {
    for (String code : List.of("msg.payload=context.get('count','memory1','callback');return msg;",
      "msg.payload=context.set('count','0','memory1','callback');return msg;",
      "msg.payload=context.keys('memory1','callback');return msg;")) {
      OneNode n = run(code);
      assertThat(n.awaitDone()).as(code).hasMessageStartingWith("Error: Callback must be a function");
      n.close(true);
    }
  }

  @Test
  void unknownStoreIsAnErrorForTheCallback() throws Exception {
    OneNode n = run("flow.get('x', 'nope', function(err, v) { msg.payload = String(err.message); node.send(msg); });");
    assertThat(n.nextSent().msg().get("payload")).isEqualTo("Unknown context store 'nope' specified");
    n.close(true);
  }

  @Test
  void envGetReadsFlowAndProcessEnvironment() throws Exception {
    OneNode n = OneNode.deployed(vertx, function("msg.payload = env.get('_TEST_FOO_'); msg.missing = env.get('_NOPE_') === undefined; return msg;"));
    n.engine.runOnContext(v -> n.services.env.put("_TEST_FOO_", "hello"));
    n.receive(fooBar());
    Message m = n.nextSent().msg();
    assertThat(m.get("payload")).isEqualTo("hello");
    assertThat(m.get("missing")).isEqualTo(true);
    n.close(true);
  }

  @Test
  void eachNodeHasItsOwnGlobals() throws Exception {
    OneNode a = OneNode.deployed(vertx, function("if (typeof counter === 'undefined') counter = 0; counter++; msg.payload = counter; return msg;"));
    OneNode b = OneNode.deployed(vertx, function("msg.payload = typeof counter; return msg;"));
    a.receive(fooBar());
    a.receive(fooBar());
    assertThat(a.nextSent().msg().get("payload")).isEqualTo(1);
    assertThat(a.nextSent().msg().get("payload")).isEqualTo(2);
    b.receive(fooBar());
    assertThat(b.nextSent().msg().get("payload")).isEqualTo("undefined");
    a.close(true);
    b.close(true);
  }
}
