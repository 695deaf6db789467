package io.conduit.nodes.function;

import io.conduit.spi.Message;
import io.conduit.spi.NodeConfigException;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.conduit.nodes.function.OneNode.fooBar;
import static io.conduit.nodes.function.OneNode.function;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Node-RED's 10-function_spec.js, return and send semantics: what a function returns or sends and
 * what reaches the outputs.
 */
class FunctionNodeTest {
  static final Vertx vertx = OneNode.VERTX;

  @Test
  void sendsReturnedMessage() throws Exception {
    OneNode n = OneNode.deployed(vertx, function("return msg;"));
    n.receive(fooBar());
    RecordingServices.Sent s = n.nextSent();
    assertThat(s.port()).isZero();
    assertThat(s.msg().get("payload")).isEqualTo("foo");
    assertThat(s.msg().get("topic")).isEqualTo("bar");
    assertThat(n.awaitDone()).isNull();
    assertThat(n.services.wrongThread).isEmpty();
    n.close(true);
  }

  @Test
  void sendsMessageUsingNodeSend() throws Exception {
    OneNode n = OneNode.deployed(vertx, function("node.send(msg);"));
    n.receive(fooBar());
    assertThat(n.nextSent().msg().get("payload")).isEqualTo("foo");
    assertThat(n.awaitDone()).isNull();
    n.close(true);
  }

  @Test
  void nodeIdNameAndOutputCountAreVisible() throws Exception {
    OneNode n = OneNode.deployed(vertx, function(
      "return [{ topic: node.name, payload: node.id, outputCount: node.outputCount, path: node.path }];")
      .put("name", "test-function").put("outputs", 2));
    n.receive(Map.of("payload", ""));
    Message m = n.nextSent().msg();
    assertThat(m.get("payload")).isEqualTo("n1");
    assertThat(m.get("topic")).isEqualTo("test-function");
    assertThat(m.get("outputCount")).isEqualTo(2);
    assertThat(m.get("path")).isEqualTo("flowA/n1");
    n.close(true);
  }

  @Test
  void sendClonesTheMessageSoLaterChangesDoNotLeak() throws Exception {
    for (String args : List.of("msg", "[msg]", "[[msg],[null]]", "[null,msg]", "[null,[msg]]")) {
      OneNode n = OneNode.deployed(vertx, function("node.send(" + args + "); msg.payload = 'changed';").put("outputs", 2));
      n.receive(fooBar());
      Message m = n.nextSent().msg();
      assertThat(m.get("payload")).as("node.send(%s)", args).isEqualTo("foo");
      assertThat(m.get("topic")).isEqualTo("bar");
      n.awaitDone();
      n.close(true);
    }
  }

  @Test
  void sendWithCloneFalseSendsTheObjectAsItIsWhenTheRunEnds() throws Exception {
    OneNode n = OneNode.deployed(vertx, function("node.send(msg,false); msg.payload = 'changed';"));
    n.receive(fooBar());
    Message m = n.nextSent().msg();
    assertThat(m.get("payload")).isEqualTo("changed");
    assertThat(m.get("topic")).isEqualTo("bar");
    n.close(true);
  }

  @Test
  void passesThroughUnderscoreProperties() throws Exception {
    OneNode n = OneNode.deployed(vertx, function("return msg;"));
    n.receive(Map.of("payload", "foo", "topic", "bar", "_topic", "baz"));
    assertThat(n.nextSent().msg().get("_topic")).isEqualTo("baz");
    n.close(true);
  }

  @Test
  void sendsToMultipleOutputs() throws Exception {
    OneNode n = OneNode.deployed(vertx, function("return [{payload: '1'},{payload: '2'}];").put("outputs", 2));
    n.receive(fooBar());
    RecordingServices.Sent a = n.nextSent();
    RecordingServices.Sent b = n.nextSent();
    assertThat(List.of(a.port(), a.msg().get("payload"), b.port(), b.msg().get("payload"))).containsExactly(0, "1", 1, "2");
    n.close(true);
  }

  @Test
  void sendsSeveralMessagesOnOneOutputWithTheInputsMsgid() throws Exception {
    OneNode n = OneNode.deployed(vertx, function("return [[{payload: 1},{payload: 2}]];"));
    n.receive(Map.of("payload", "foo", "topic", "bar", "_msgid", "1234"));
    Message a = n.nextSent().msg();
    Message b = n.nextSent().msg();
    assertThat(a.get("payload")).isEqualTo(1);
    assertThat(b.get("payload")).isEqualTo(2);
    assertThat(a.get("_msgid")).isEqualTo("1234");
    assertThat(b.get("_msgid")).isEqualTo("1234");
    n.close(true);
  }

  @Test
  void returningNullDiscardsTheInput() throws Exception {
    OneNode n = OneNode.deployed(vertx, function("return null"));
    n.receive(fooBar());
    assertThat(n.awaitDone()).isNull();
    assertThat(n.services.sent).isEmpty(); // sends are applied before done()
    n.close(true);
  }

  @Test
  void nullAmongValidMessagesIsSkipped() throws Exception {
    OneNode n = OneNode.deployed(vertx, function("return [[msg,null,msg],null]").put("outputs", 2));
    n.receive(fooBar());
    n.awaitDone();
    assertThat(n.services.sent).extracting(RecordingServices.Sent::port).containsExactly(0, 0);
    n.close(true);
  }

  @Test
  void nonObjectResultsAreDroppedAndLogged() throws Exception {
    for (String[] c : new String[][] {{"return \"foo\"", "string"}, {"return Buffer.from(\"hello\")", "Buffer"},
      {"return [[[1,2,3]]]", "Array"}, {"return true", "boolean"}, {"return 123", "number"}}) {
      OneNode n = OneNode.deployed(vertx, function(c[0]));
      n.receive(Map.of());
      n.awaitDone();
      assertThat(n.services.sent).as(c[0]).isEmpty();
      RecordingServices.Logged l = n.nextLog();
      assertThat(l.level()).isEqualTo("error");
      assertThat(l.text()).isEqualTo("Function tried to send a message of type " + c[1]);
      n.close(true);
    }
  }

  @Test
  void referenceErrorReportsLineAndColumn() throws Exception {
    OneNode n = OneNode.deployed(vertx, function("var a = 1;\nretunr"));
    n.receive(fooBar());
    Throwable err = n.awaitDone();
    assertThat(err).hasMessage("ReferenceError: retunr is not defined (line 2, col 1)");
    n.close(true);
  }

  @Test
  void thrownValuesBecomeTheErrorText() throws Exception {
    for (String[] c : new String[][] {{"throw \"small mistake\";", "small mistake"}, {"throw 99;", "99"},
      {"throw {a:1};", "{\"a\":1}"}, {"throw new Error('boom');", "Error: boom (line 1, col 7)"}}) {
      OneNode n = OneNode.deployed(vertx, function(c[0]));
      n.receive(fooBar());
      assertThat(n.awaitDone()).as(c[0]).hasMessage(c[1]);
      n.close(true);
    }
  }

  @Test
  void nodeErrorWithMessageReachesCatchNodes() throws Exception {
    OneNode n = OneNode.deployed(vertx, function("node.error('This is an error', msg);"));
    n.receive(fooBar());
    RecordingServices.Logged l = n.nextLog();
    assertThat(l.level()).isEqualTo("error");
    assertThat(l.text()).isEqualTo("This is an error");
    assertThat(l.msg()).isNotNull();
    assertThat(l.msg().get("payload")).isEqualTo("foo");
    assertThat(l.msg().get("topic")).isEqualTo("bar");
    n.close(true);
  }

  @Test
  void logLevelsReachTheLog() throws Exception {
    OneNode n = OneNode.deployed(vertx, function("node.log('a'); node.warn('b'); node.error('c'); console.log('d', {x:1}); console.warn('e');"));
    n.receive(fooBar());
    n.awaitDone();
    assertThat(List.of(n.nextLog(), n.nextLog(), n.nextLog(), n.nextLog(), n.nextLog()))
      .extracting(l -> l.level() + ":" + l.text())
      .containsExactly("info:a", "warn:b", "error:c", "info:d {\"x\":1}", "warn:e");
    n.close(true);
  }

  @Test
  void asyncFunctionsResultIsSentWhenItResolves() throws Exception {
    OneNode n = OneNode.deployed(vertx, function(
      "await new Promise(r => setTimeout(r, 20)); msg.payload = 'later'; return msg;"));
    n.receive(fooBar());
    assertThat(n.nextSent().msg().get("payload")).isEqualTo("later");
    assertThat(n.awaitDone()).isNull();
    n.close(true);
  }

  @Test
  void codeThatCallsNodeDoneIsTrustedToCallIt() throws Exception {
    OneNode n = OneNode.deployed(vertx, function("setTimeout(() => { node.send(msg); node.done(); }, 10); return null;"));
    n.receive(fooBar());
    assertThat(n.nextSent().msg().get("payload")).isEqualTo("foo");
    assertThat(n.awaitDone()).isNull();
    assertThat(n.dones).isEmpty();
    n.close(true);
  }

  @Test
  void statusIsShownAndClearedOnClose() throws Exception {
    OneNode n = OneNode.deployed(vertx, function("node.status({fill:'green', shape:'dot', text:'ok'}); return msg;"));
    n.receive(fooBar());
    n.awaitDone();
    assertThat(n.services.statuses.poll(10, TimeUnit.SECONDS)).isEqualTo(io.conduit.spi.NodeStatus.of("green", "dot", "ok"));
    n.close(false);
    assertThat(n.services.statuses.poll(10, TimeUnit.SECONDS)).isEqualTo(io.conduit.spi.NodeStatus.CLEAR);
  }

  @Test
  void closeListenersAndFinalizeRunOnClose() throws Exception {
    OneNode n = OneNode.deployed(vertx, function("node.on('close', function() { node.log('closed'); }); return msg;")
      .put("finalize", "global.set('X', 'bar');"));
    n.receive(fooBar());
    n.awaitDone();
    n.close(true);
    assertThat(n.nextLog().text()).isEqualTo("closed");
    assertThat(n.services.global.get("X")).isEqualTo("bar");
  }

  @Test
  void syntaxErrorRejectsTheDeploymentWithLineAndColumn() {
    assertThatThrownBy(() -> OneNode.deployed(vertx, function("var a = 1;\n  var b = ;")))
      .isInstanceOf(ExecutionException.class)
      .cause().isInstanceOf(NodeConfigException.class)
      .hasMessageContaining("node n1 (function): func")
      .hasMessageContaining("line 2, col 11");
    assertThatThrownBy(() -> OneNode.deployed(vertx, function("return msg;").put("initialize", "if (")))
      .cause().isInstanceOf(NodeConfigException.class).hasMessageContaining("initialize");
  }

  @Test
  void externalModulesAreRejectedAtDeploy() {
    assertThatThrownBy(() -> OneNode.deployed(vertx, function("return msg;")
      .put("libs", new JsonArray().add(new JsonObject().put("var", "os").put("module", "os")))))
      .cause().isInstanceOf(NodeConfigException.class)
      .hasMessageContaining("libs[0]").hasMessageContaining("'os'");
  }
}
