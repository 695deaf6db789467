package io.conduit.nodes.function;

import io.conduit.spi.FlowNode;
import io.conduit.spi.Message;
import io.conduit.spi.NodeConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One function node driven on its own event-loop context, as the flow engine drives it: created,
 * prepared and started on the context, fed messages there, each input's done() recorded.
 */
final class OneNode {
  /** Generous: CI machines are small and shared, and the first context warms GraalJS up. */
  static final long WAIT_SECONDS = 60;
  /** One Vert.x for all function node tests (its threads are daemons; the JVM ends with the tests). */
  static final Vertx VERTX = Vertx.vertx();

  final RecordingServices services;
  final Context engine;
  final BlockingQueue<Optional<Throwable>> dones = new LinkedBlockingQueue<>();
  private FlowNode node;

  private OneNode(Vertx vertx, String id, JsonObject settings) {
    this.services = new RecordingServices(vertx, id, settings);
    this.engine = vertx.getOrCreateContext();
  }

  /** Creates, prepares and starts the node; the future fails as a deployment would. */
  static Future<OneNode> deploy(Vertx vertx, JsonObject config, JsonObject settings) {
    OneNode one = new OneNode(vertx, config.getString("id"), settings);
    Promise<OneNode> result = Promise.promise();
    one.engine.runOnContext(v -> {
      one.services.engineThread = Thread.currentThread();
      try {
        one.node = new FunctionNode.Type().create(new NodeConfig(config), one.services);
      } catch (RuntimeException e) {
        result.fail(e);
        return;
      }
      one.node.prepare().compose(x -> one.node.start()).map(one).onComplete(result);
    });
    return result.future();
  }

  static OneNode deployed(Vertx vertx, JsonObject config) throws Exception {
    return deployed(vertx, config, new JsonObject());
  }

  static OneNode deployed(Vertx vertx, JsonObject config, JsonObject settings) throws Exception {
    return deploy(vertx, config, settings).toCompletionStage().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  static Map<String, Object> fooBar() {
    return Map.of("payload", "foo", "topic", "bar");
  }

  static JsonObject function(String func) {
    return new JsonObject().put("id", "n1").put("type", "function").put("func", func).put("outputs", 1);
  }

  void receive(Message msg) {
    engine.runOnContext(v -> node.input(msg, err -> dones.add(Optional.ofNullable(err))));
  }

  void receive(Map<String, Object> props) {
    receive(new Message(new java.util.LinkedHashMap<>(props)));
  }

  /** Waits for the next input's done(); returns its error, or null. */
  Throwable awaitDone() throws InterruptedException {
    Optional<Throwable> d = dones.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(d).as("done() called within %d s", WAIT_SECONDS).isNotNull();
    return d.orElse(null);
  }

  RecordingServices.Sent nextSent() throws InterruptedException {
    RecordingServices.Sent s = services.sent.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(s).as("a message sent within %d s", WAIT_SECONDS).isNotNull();
    return s;
  }

  RecordingServices.Logged nextLog() throws InterruptedException {
    RecordingServices.Logged l = services.logs.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(l).as("a log entry within %d s", WAIT_SECONDS).isNotNull();
    return l;
  }

  /** Closes the node as a redeploy does, then cancels its timers as the engine does. */
  void close(boolean removed) throws Exception {
    Promise<Void> p = Promise.promise();
    engine.runOnContext(v -> node.close(removed).onComplete(ar -> {
      services.cancelAllTimers();
      p.handle(ar);
    }));
    p.future().toCompletionStage().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
  }
}
