package io.conduit.nodes.function;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.conduit.nodes.function.OneNode.function;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Closing a function node with a backlog: the messages still queued are not run (Node-RED removes
 * the node's input handler on close) but fail, so a redeploy does not wait for the backlog.
 */
class FunctionCloseTest {
  static final Vertx vertx = OneNode.VERTX;

  @Test
  void inputsQueuedWhenTheNodeClosesFailInsteadOfRunning() throws Exception {
    // each run takes 200 ms: run one by one, the backlog would hold the close up for seconds
    OneNode n = OneNode.deployed(vertx, function(
      "global.set('running', true); const end = Date.now() + 200; while (Date.now() < end) {} return msg;"));
    for (int i = 0; i < 50; i++) {
      n.receive(Map.of("payload", i));
    }
    // a context write reaches the engine at once (sends come back in batches): the backlog is running
    await().atMost(OneNode.WAIT_SECONDS, TimeUnit.SECONDS).until(() -> n.services.global.get("running") != null);
    n.close(true);
    int closedErrors = 0;
    for (int i = 0; i < 50; i++) {
      Throwable err = n.awaitDone();
      if (err != null && err.getMessage().contains("is closed")) {
        closedErrors++;
      }
    }
    assertThat(closedErrors).isGreaterThan(25);
  }
}
