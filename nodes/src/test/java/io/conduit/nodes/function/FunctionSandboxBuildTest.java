package io.conduit.nodes.function;

import io.conduit.spi.Message;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.conduit.nodes.function.OneNode.function;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A function node's sandbox is built after the deploy (FunctionRunner): messages that come before it
 * exists wait and then run in order, after the setup code; a node closed before it got any message
 * closes without building one.
 */
class FunctionSandboxBuildTest {
  static final Vertx vertx = OneNode.VERTX;

  @Test
  void messagesThatComeBeforeTheSandboxRunInOrderAfterTheSetupCode() throws Exception {
    OneNode n = OneNode.deployed(vertx, function("msg.seen = context.get('setup'); return msg;")
      .put("initialize", "context.set('setup', 'done');"));
    for (int i = 0; i < 50; i++) {
      n.receive(Map.of("payload", i));
    }
    List<Object> payloads = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      Message m = n.nextSent().msg();
      assertThat(m.get("seen")).isEqualTo("done");
      payloads.add(m.get("payload"));
    }
    assertThat(payloads).isEqualTo(java.util.stream.IntStream.range(0, 50).boxed().toList());
    n.close(true);
  }

  @Test
  void messagesToANodeWithoutSetupCodeBuildItsSandbox() throws Exception {
    OneNode n = OneNode.deployed(vertx, function("msg.payload = msg.payload * 2; return msg;"));
    n.receive(Map.of("payload", 21));
    n.receive(Map.of("payload", 1));
    assertThat(n.nextSent().msg().get("payload")).isEqualTo(42);
    assertThat(n.nextSent().msg().get("payload")).isEqualTo(2);
    assertThat(n.awaitDone()).isNull();
    assertThat(n.awaitDone()).isNull();
    n.close(true);
  }

  @Test
  void aNodeClosedBeforeItsFirstMessageClosesAndLaterInputsFail() throws Exception {
    OneNode n = OneNode.deployed(vertx, function("return msg;"));
    n.close(true);
    n.receive(Map.of("payload", 1));
    assertThat(n.awaitDone()).hasMessageContaining("is closed");
    assertThat(n.services.sent).isEmpty();
  }
}
