package io.conduit.bench.function;

import io.conduit.spi.ContextScope;
import io.conduit.spi.FlowNode;
import io.conduit.spi.LocalBroker;
import io.conduit.spi.Message;
import io.conduit.spi.NodeServices;
import io.conduit.spi.NodeStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * The least a function node needs to run outside the flow engine: sends go to a consumer, logs
 * are counted, context lives in a map. For benchmarks only; every call is on the engine context.
 */
final class BenchServices implements NodeServices {
  private final Vertx vertx;
  private final JsonObject settings;
  private final Consumer<Message> sink;
  private final Map<String, Object> context = new HashMap<>();
  long errors;

  BenchServices(Vertx vertx, JsonObject settings, Consumer<Message> sink) {
    this.vertx = vertx;
    this.settings = settings;
    this.sink = sink;
  }

  @Override public String id() { return "bench"; }
  @Override public String type() { return "function"; }
  @Override public String name() { return ""; }
  @Override public String flowId() { return "tab"; }
  @Override public String path() { return "tab/bench"; }
  @Override public void send(Message msg) { sink.accept(msg); }

  @Override
  public void send(List<?> perOutput) {
    for (Object o : perOutput) {
      if (o instanceof Message m) {
        sink.accept(m);
      } else if (o instanceof List<?> l) {
        l.forEach(m -> sink.accept((Message) m));
      }
    }
  }

  @Override public void status(NodeStatus status) { }
  @Override public void log(String text) { }
  @Override public void warn(String text) { }
  @Override public void error(String text, Message msg) { errors++; }

  private final ContextScope scope = new ContextScope() {
    @Override public Object get(String key, String store) { return context.get(key); }
    @Override public void set(String key, Object value, String store) { context.put(key, value); }
    @Override public List<String> keys(String store) { return new ArrayList<>(context.keySet()); }
  };

  @Override public ContextScope nodeContext() { return scope; }
  @Override public ContextScope flowContext() { return scope; }
  @Override public ContextScope globalContext() { return scope; }
  @Override public String env(String name) { return null; }
  @Override public <T extends FlowNode> T configNode(String id, Class<T> type) { return null; }
  @Override public void publishComms(String topic, Object data) { }
  @Override public long setTimer(long delayMs, Runnable action) { return vertx.setTimer(delayMs, t -> action.run()); }
  @Override public long setPeriodic(long periodMs, Runnable action) { return vertx.setPeriodic(periodMs, t -> action.run()); }
  @Override public boolean cancelTimer(long timerId) { return vertx.cancelTimer(timerId); }
  @Override public <T> Future<T> executeBlocking(Callable<T> work) { return vertx.executeBlocking(work); }
  @Override public LocalBroker localBroker() { return null; }
  @Override public Path dataDir() { return Path.of("."); }
  @Override public Clock clock() { return Clock.systemUTC(); }
  @Override public JsonObject settings() { return settings; }
  @Override public Vertx vertx() { return vertx; }
}
