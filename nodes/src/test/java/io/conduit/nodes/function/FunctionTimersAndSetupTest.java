package io.conduit.nodes.function;

import io.conduit.spi.Message;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.conduit.nodes.function.OneNode.fooBar;
import static io.conduit.nodes.function.OneNode.function;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Timers (setTimeout/setInterval and their clear functions, all cleared on close), the
 * {@code initialize} code (messages wait for its promise) and {@code finalize}.
 */
class FunctionTimersAndSetupTest {
  static final Vertx vertx = OneNode.VERTX;

  @Test
  void setTimeoutRunsLaterNotBefore() throws Exception {
    OneNode n = OneNode.deployed(vertx, function("msg.t0 = Date.now(); setTimeout(function(){ msg.t1 = Date.now(); node.send(msg); }, 200);"));
    n.receive(fooBar());
    Message m = n.nextSent().msg();
    assertThat(m.get("payload")).isEqualTo("foo");
    assertThat(((Number) m.get("t1")).longValue() - ((Number) m.get("t0")).longValue()).isGreaterThanOrEqualTo(200);
    n.close(true);
  }

  @Test
  void setTimeoutPassesExtraArguments() throws Exception {
    OneNode n = OneNode.deployed(vertx, function("setTimeout(function(a, b){ msg.payload = a + b; node.send(msg); }, 1, 'x', 'y');"));
    n.receive(fooBar());
    assertThat(n.nextSent().msg().get("payload")).isEqualTo("xy");
    n.close(true);
  }

  @Test
  void setIntervalRepeatsUntilCleared() throws Exception {
    OneNode n = OneNode.deployed(vertx, function(
      "var count = 0; var id = setInterval(function(){ count++; msg.payload = count; node.send(RED.util.cloneMessage(msg));"
        + " if (count === 3) clearInterval(id); }, 20);"));
    n.receive(fooBar());
    List<Object> seen = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      seen.add(n.nextSent().msg().get("payload"));
    }
    assertThat(seen).containsExactly(1, 2, 3);
    // the interval is cleared: a timeout set after it fires first and alone
    n.close(true);
    assertThat(n.services.sent).isEmpty();
  }

  @Test
  void clearTimeoutCancels() throws Exception {
    OneNode n = OneNode.deployed(vertx, function(
      "var id = setTimeout(function(){ node.send({payload:'cancelled'}); }, 50); clearTimeout(id);"
        + "setTimeout(function(){ node.send({payload:'kept'}); }, 100);"));
    n.receive(fooBar());
    assertThat(n.nextSent().msg().get("payload")).isEqualTo("kept");
    assertThat(n.services.sent).isEmpty();
    n.close(true);
  }

  @Test
  void anErrorThrownInATimerIsReported() throws Exception {
    OneNode n = OneNode.deployed(vertx, function("setTimeout(function(){ throw new Error('late'); }, 1);"));
    n.receive(fooBar());
    RecordingServices.Logged l = n.nextLog();
    assertThat(l.level()).isEqualTo("error");
    assertThat(l.text()).startsWith("Error: late");
    assertThat(l.msg()).isNotNull(); // Node-RED reports it with an empty message: catch nodes see it
    n.close(true);
  }

  @Test
  void timersAreClearedWhenTheNodeCloses() throws Exception {
    OneNode n = OneNode.deployed(vertx, function(
      "setInterval(function(){ node.send({payload:'tick'}); }, 10); return msg;"));
    n.receive(fooBar());
    assertThat(n.nextSent().msg().get("payload")).isEqualTo("foo");
    assertThat(n.nextSent().msg().get("payload")).isEqualTo("tick");
    n.close(false);
    n.services.sent.clear();
    // a later timer of the engine fires after any tick that was due; none arrives
    io.vertx.core.Promise<Void> later = io.vertx.core.Promise.promise();
    vertx.setTimer(100, t -> later.complete());
    later.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(n.services.sent).isEmpty();
  }

  @Test
  void initializeRunsBeforeMessages() throws Exception {
    OneNode n = OneNode.deployed(vertx, function("msg.payload = global.get('X'); return msg;").put("initialize", "global.set('X','bar');"));
    n.receive(Map.of("payload", "foo"));
    assertThat(n.nextSent().msg().get("payload")).isEqualTo("bar");
    n.close(true);
  }

  @Test
  void messagesWaitForTheInitializePromise() throws Exception {
    OneNode n = OneNode.deployed(vertx, function("msg.payload = global.get('X'); return msg;").put("initialize",
      "global.set('X', '-'); return new Promise((resolve, reject) => setTimeout(() => { global.set('X','bar'); resolve(); }, 300));"));
    for (int i = 0; i < 5; i++) {
      n.receive(Map.of("payload", "foo", "topic", "msg" + i));
    }
    for (int i = 0; i < 5; i++) {
      Message m = n.nextSent().msg();
      assertThat(m.get("payload")).isEqualTo("bar");
      assertThat(m.get("topic")).isEqualTo("msg" + i);
    }
    n.close(true);
  }

  @Test
  void initializeCanSendAndSeesTheNode() throws Exception {
    OneNode n = OneNode.deployed(vertx, function("").put("name", "test-function").put("initialize",
      "setTimeout(function() { node.send({ topic: node.name, payload: node.id, outputCount: node.outputCount }) }, 10)"));
    Message m = n.nextSent().msg();
    assertThat(m.get("payload")).isEqualTo("n1");
    assertThat(m.get("topic")).isEqualTo("test-function");
    assertThat(m.get("outputCount")).isEqualTo(1);
    assertThat(m.id()).hasSize(16);
    n.close(true);
  }

  @Test
  void finalizeSeesTheNodeAndCannotSend() throws Exception {
    OneNode n = OneNode.deployed(vertx, function("return msg;").put("name", "test-function").put("outputs", 2)
      .put("finalize", "global.set('finalize-data', { topic: node.name, payload: node.id, outputCount: node.outputCount }); node.send({payload: 1});"));
    n.close(true);
    assertThat(n.services.global.get("finalize-data")).isEqualTo(Map.of("topic", "test-function", "payload", "n1", "outputCount", 2));
    assertThat(n.nextLog().text()).isEqualTo("Cannot send from close function");
    assertThat(n.services.sent).isEmpty();
  }

  @Test
  void closeListenerWithDoneIsWaitedFor() throws Exception {
    OneNode n = OneNode.deployed(vertx, function(
      "node.on('close', function(removed, done) { setTimeout(function() { global.set('removed', removed); done(); }, 50); }); return msg;"));
    n.receive(fooBar());
    n.awaitDone();
    n.close(true);
    assertThat(n.services.global.get("removed")).isEqualTo(true);
  }
}
