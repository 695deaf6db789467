package io.conduit.nodes.function;

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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A NodeServices for driving one node without the flow engine: records what the node sends, logs
 * and reports, keeps context in memory (stores "memory1"/"memory2" and the default), and checks
 * that every call comes from the engine context's thread, as the SPI promises nodes.
 */
final class RecordingServices implements NodeServices {
  /** One send call: the output port and the message. */
  record Sent(int port, Message msg) {
  }

  record Logged(String level, String text, Message msg) {
  }

  final BlockingQueue<Sent> sent = new LinkedBlockingQueue<>();
  final BlockingQueue<Logged> logs = new LinkedBlockingQueue<>();
  final BlockingQueue<NodeStatus> statuses = new LinkedBlockingQueue<>();
  final List<String> wrongThread = new java.util.concurrent.CopyOnWriteArrayList<>();
  final Map<String, String> env = new HashMap<>();
  final MemoryScope node = new MemoryScope();
  final MemoryScope flow = new MemoryScope();
  final MemoryScope global = new MemoryScope();
  private final Vertx vertx;
  private final String id;
  private final JsonObject settings;
  private final Set<Long> timers = new HashSet<>();
  volatile Thread engineThread;

  RecordingServices(Vertx vertx, String id, JsonObject settings) {
    this.vertx = vertx;
    this.id = id;
    this.settings = settings;
  }

  private void check(String what) {
    if (engineThread != null && Thread.currentThread() != engineThread) {
      wrongThread.add(what + " on " + Thread.currentThread().getName());
    }
  }

  /** Cancels the node's timers, as the engine does when a node closes. */
  void cancelAllTimers() {
    timers.forEach(vertx::cancelTimer);
    timers.clear();
  }

  @Override public String id() { return id; }
  @Override public String type() { return "function"; }
  @Override public String name() { return ""; }
  @Override public String flowId() { return "flowA"; }
  @Override public String path() { return "flowA/" + id; }

  @Override
  public void send(Message msg) {
    check("send");
    msg.ensureId();
    sent.add(new Sent(0, msg));
  }

  @Override
  public void send(List<?> perOutput) {
    check("send");
    for (int port = 0; port < perOutput.size(); port++) {
      Object o = perOutput.get(port);
      if (o instanceof Message m) {
        m.ensureId();
        sent.add(new Sent(port, m));
      } else if (o instanceof List<?> list) {
        for (Object m : list) {
          ((Message) m).ensureId();
          sent.add(new Sent(port, (Message) m));
        }
      }
    }
  }

  @Override public void status(NodeStatus status) { check("status"); statuses.add(status); }
  @Override public void log(String text) { check("log"); logs.add(new Logged("info", text, null)); }
  @Override public void warn(String text) { check("warn"); logs.add(new Logged("warn", text, null)); }
  @Override public void error(String text, Message msg) { check("error"); logs.add(new Logged("error", text, msg)); }
  @Override public ContextScope nodeContext() { check("context"); return node; }
  @Override public ContextScope flowContext() { check("flow"); return flow; }
  @Override public ContextScope globalContext() { check("global"); return global; }

  @Override
  public String env(String name) {
    check("env");
    return env.containsKey(name) ? env.get(name) : System.getenv(name);
  }

  @Override public <T extends FlowNode> T configNode(String id, Class<T> type) { return null; }
  @Override public void publishComms(String topic, Object data) { }

  @Override
  public long setTimer(long delayMs, Runnable action) {
    check("setTimer");
    long[] self = new long[1];
    self[0] = vertx.setTimer(delayMs, t -> {
      timers.remove(self[0]);
      action.run();
    });
    timers.add(self[0]);
    return self[0];
  }

  @Override
  public long setPeriodic(long periodMs, Runnable action) {
    check("setPeriodic");
    long t = vertx.setPeriodic(periodMs, x -> action.run());
    timers.add(t);
    return t;
  }

  @Override
  public boolean cancelTimer(long timerId) {
    check("cancelTimer");
    timers.remove(timerId);
    return vertx.cancelTimer(timerId);
  }

  @Override
  public <T> Future<T> executeBlocking(Callable<T> work) {
    return vertx.executeBlocking(work, false);
  }

  @Override public LocalBroker localBroker() { return null; }
  @Override public Path dataDir() { return Path.of("target"); }
  @Override public Clock clock() { return Clock.systemUTC(); }
  @Override public JsonObject settings() { return settings; }
  @Override public Vertx vertx() { return vertx; }

  /** A context scope with named stores; an unknown store is an error, as in Node-RED. */
  static final class MemoryScope implements ContextScope {
    final Map<String, Map<String, Object>> stores = new HashMap<>();

    MemoryScope() {
      stores.put("default", new java.util.LinkedHashMap<>());
      stores.put("memory1", new java.util.LinkedHashMap<>());
      stores.put("memory2", new java.util.LinkedHashMap<>());
    }

    Map<String, Object> store(String name) {
      Map<String, Object> s = stores.get(name == null ? "default" : name);
      if (s == null) {
        throw new IllegalArgumentException("Unknown context store '" + name + "' specified");
      }
      return s;
    }

    @Override public Object get(String key, String store) { return store(store).get(key); }

    @Override
    public void set(String key, Object value, String store) {
      if (value == null) {
        store(store).remove(key);
      } else {
        store(store).put(key, value);
      }
    }

    @Override public List<String> keys(String store) { return new ArrayList<>(store(store).keySet()); }
  }
}
