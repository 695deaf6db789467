package io.conduit.nodes.function;

import io.conduit.spi.Message;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.conduit.nodes.function.OneNode.fooBar;
import static io.conduit.nodes.function.OneNode.function;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run past its time limit is stopped and fails its input with Node-RED's text, while the engine's
 * event loop and other function nodes keep working; the node then handles the next message.
 */
class FunctionTimeLimitTest {
  static final Vertx vertx = OneNode.VERTX;

  @Test
  void nodeTimeoutStopsAnEndlessLoop() throws Exception {
    OneNode n = OneNode.deployed(vertx, function("while(1==1){};\nreturn msg;").put("timeout", "0.010"));
    n.receive(fooBar());
    assertThat(n.awaitDone()).hasMessage("Script execution timed out after 10ms");
    n.close(true);
  }

  @Test
  void runtimeDefaultAppliesWhenTheNodeSetsNone() throws Exception {
    OneNode n = OneNode.deployed(vertx, function("while(true){}"), new JsonObject().put("function_timeout", 0.02));
    n.receive(fooBar());
    assertThat(n.awaitDone()).hasMessage("Script execution timed out after 20ms");
    n.close(true);
  }

  @Test
  void catchingTheInterruptIsNotPossible() throws Exception {
    OneNode n = OneNode.deployed(vertx, function("for(;;) { try { while(true){} } catch (e) { node.warn('caught ' + e); } }")
      .put("timeout", 0.05));
    n.receive(fooBar());
    assertThat(n.awaitDone()).hasMessage("Script execution timed out after 50ms");
    assertThat(n.services.logs).isEmpty();
    n.close(true);
  }

  @Test
  void otherNodesAndTheEventLoopKeepWorkingWhileOneScriptLoops() throws Exception {
    OneNode looping = OneNode.deployed(vertx, function("if (msg.payload === 'loop') { while(true){} } return msg;")
      .put("timeout", 6));
    OneNode other = OneNode.deployed(vertx, function("msg.payload = msg.payload * 2; return msg;"));
    looping.receive(Map.of("payload", "loop"));
    for (int i = 0; i < 50; i++) {
      other.receive(Map.of("payload", i));
      assertThat(other.nextSent().msg().get("payload")).isEqualTo(i * 2);
      // the engine's event loop answers too
      Promise<Long> tick = Promise.promise();
      looping.engine.runOnContext(v -> tick.complete(System.nanoTime()));
      tick.future().toCompletionStage().toCompletableFuture().get(OneNode.WAIT_SECONDS, TimeUnit.SECONDS);
    }
    assertThat(looping.dones).as("all of that happened while the loop was running").isEmpty();
    assertThat(looping.awaitDone()).hasMessage("Script execution timed out after 6000ms");
    looping.receive(Map.of("payload", "after"));
    Message after = looping.nextSent().msg();
    assertThat(after.get("payload")).isEqualTo("after");
    looping.close(true);
    other.close(true);
  }

  @Test
  void setupCodeThatLoopsFailsTheMessagesThatWaitForIt() throws Exception {
    // the limit must leave room for the message's own first run on a cold engine, which only queues it
    OneNode n = OneNode.deployed(vertx, function("return msg;").put("initialize", "while(true){}").put("timeout", 0.5));
    n.receive(fooBar());
    assertThat(n.awaitDone()).hasMessageContaining("initialize failed: Script execution timed out after 500ms");
    n.close(true);
  }

  @Test
  void aTimerCallbackThatLoopsIsStoppedAndLogged() throws Exception {
    // a limit that a cold JVM's first run stays within, on a busy machine too
    OneNode n = OneNode.deployed(vertx, function("setTimeout(function() { while(true){} }, 1); return msg;").put("timeout", 1));
    n.receive(fooBar());
    assertThat(n.awaitDone()).isNull();
    RecordingServices.Logged l = n.nextLog();
    assertThat(l).isEqualTo(new RecordingServices.Logged("error", "Script execution timed out after 1000ms", null));
    n.close(true);
  }

  @Test
  void codeThatClosesItsWrapperToRunWhileCompilingIsRejected() {
    // closing the wrapper function early would make code run at compile time: the deploy-time
    // check (JsSyntaxCheck) parses the text as a function body alone and rejects it, running nothing
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> OneNode.deployed(vertx,
        function("return msg; }); while(true){}; (function(){").put("timeout", 0.05)))
      .hasMessageContaining("func closes the function it is wrapped in");
  }
}
