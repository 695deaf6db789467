package io.conduit.flow;

import io.conduit.spi.ContextScope;
import io.conduit.spi.Done;
import io.conduit.spi.FlowNode;
import io.conduit.spi.LocalBroker;
import io.conduit.spi.Message;
import io.conduit.spi.NodeServices;
import io.conduit.spi.NodeStatus;
import io.conduit.spi.RunningNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * One node of a running flow: its {@link FlowNode} plus everything the node may use
 * ({@link NodeServices}); Node-RED's {@code nodes/Node.js}. Message rules:
 * <ul>
 *   <li>{@code send} builds every hop first, then queues them on the {@link Delivery}; the first
 *       receiver gets the message object as sent, every other receiver a deep copy made at send
 *       time.</li>
 *   <li>{@code _msgid}: a sent message without one gets one; in one {@code send} of several
 *       messages, all messages without one share the id of the first message (or a new one).
 *       A received message without one gets one.</li>
 *   <li>{@code done(err)} and an exception thrown by {@code input} go to the flow's catch nodes
 *       ({@code error(err, msg)}); {@code done()} goes to the complete nodes watching this node.</li>
 *   <li>Sends and deliveries after the node has closed are dropped; its timers are cancelled.</li>
 * </ul>
 */
final class NodeInstance implements NodeServices {
  enum State { CREATED, STARTED, CLOSING, CLOSED }

  private static final NodeInstance[][] NO_TARGETS = new NodeInstance[0][];

  final Engine engine;
  final Flow flow;
  final String id;
  final String type;
  final String alias;
  final String name;
  final String group;
  final JsonObject config;
  FlowNode node;
  private List<List<String>> wires;
  private NodeInstance[][] targets = NO_TARGETS;
  private int targetsVersion = -1;
  private final Set<Long> timers = new HashSet<>();
  /** This node said its input queue is too long ({@link #backlog}); counted in {@link Engine#behindNodes}. */
  private boolean behind;
  private ContextScope nodeContext;
  State state = State.CREATED;

  NodeInstance(Engine engine, Flow flow, JsonObject config, List<List<String>> wires) {
    this.engine = engine;
    this.flow = flow;
    this.config = config;
    this.id = config.getString("id");
    this.type = config.getString("type");
    this.alias = config.getString("_alias");
    Object n = config.getValue("name");
    this.name = n == null ? "" : n.toString();
    this.group = config.getString("g");
    this.wires = wires;
  }

  // ---- wiring and delivery ----

  void updateWires(List<List<String>> newWires) {
    this.wires = newWires;
    this.targetsVersion = -1;
  }

  List<List<String>> wires() {
    return wires;
  }

  private NodeInstance[][] targets() {
    if (targetsVersion != engine.topology) {
      NodeInstance[][] t = new NodeInstance[wires.size()][];
      for (int p = 0; p < t.length; p++) {
        List<String> ids = wires.get(p);
        List<NodeInstance> found = new ArrayList<>(ids.size());
        for (String target : ids) {
          NodeInstance n = engine.index.get(target);
          if (n != null) found.add(n);
        }
        t[p] = found.toArray(new NodeInstance[0]);
      }
      targets = t;
      targetsVersion = engine.topology;
    }
    return targets;
  }

  /** A message arriving on this node's input (called by the delivery queue). */
  void receive(Message msg) {
    if (state == State.CLOSING || state == State.CLOSED) {
      return;
    }
    msg.ensureId();
    Done done = new Done() {
      private boolean called;

      @Override
      public void done(Throwable error) {
        if (called) return;
        called = true;
        if (error != null) {
          reportError(messageOf(error), msg);
        } else {
          flow.handleComplete(NodeInstance.this, msg);
        }
      }
    };
    try {
      node.input(msg, done);
    } catch (RuntimeException | StackOverflowError e) {
      reportError(messageOf(e), msg);
    }
  }

  static String messageOf(Throwable t) {
    String m = t.getMessage();
    return m == null || m.isEmpty() ? t.getClass().getSimpleName() : m;
  }

  @Override
  public void send(Message msg) {
    if (msg == null || state == State.CLOSED) return;
    NodeInstance[][] t = targets();
    if (t.length == 0) return;
    msg.ensureId();
    NodeInstance[] port = t[0];
    for (int i = 0; i < port.length; i++) {
      engine.delivery.deliver(port[i], i == 0 ? msg : msg.copy());
    }
  }

  @Override
  public void send(List<?> perOutput) {
    if (perOutput == null || state == State.CLOSED) return;
    NodeInstance[][] t = targets();
    String sharedId = null;
    List<Message> missingIds = new ArrayList<>();
    for (int i = 0; i < Math.min(t.length, perOutput.size()); i++) {
      for (Message m : messagesOf(perOutput.get(i))) {
        if (m.id() == null) {
          missingIds.add(m);
        } else if (sharedId == null) {
          sharedId = m.id();
        }
      }
    }
    if (!missingIds.isEmpty()) {
      String fresh = sharedId != null ? sharedId : Message.newId();
      for (Message m : missingIds) {
        if (m.id() == null) m.set("_msgid", fresh);
      }
    }
    boolean sent = false;
    for (int i = 0; i < Math.min(t.length, perOutput.size()); i++) {
      List<Message> msgs = messagesOf(perOutput.get(i));
      for (NodeInstance target : t[i]) {
        for (Message m : msgs) {
          engine.delivery.deliver(target, sent ? m.copy() : m);
          sent = true;
        }
      }
    }
  }

  private List<Message> messagesOf(Object o) {
    if (o == null) return List.of();
    if (o instanceof Message m) return List.of(m);
    if (o instanceof List<?> l) {
      List<Message> out = new ArrayList<>(l.size());
      for (Object e : l) {
        if (e instanceof Message m) {
          out.add(m);
        } else if (e != null) {
          log(NodeLog.ERROR, "Node tried to send a message of type " + e.getClass().getSimpleName());
        }
      }
      return out;
    }
    log(NodeLog.ERROR, "Node tried to send a message of type " + o.getClass().getSimpleName());
    return List.of();
  }

  // ---- life cycle ----

  Future<Void> start() {
    state = State.STARTED;
    try {
      return node.start();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** Closes the node, waiting at most {@code timeoutMs}; never fails (problems are logged). */
  Future<Void> close(boolean removed, long timeoutMs) {
    if (state == State.CLOSED) return Future.succeededFuture();
    state = State.CLOSING;
    Future<Void> closing;
    try {
      closing = node.close(removed);
    } catch (RuntimeException e) {
      closing = Future.failedFuture(e);
    }
    return closing.timeout(timeoutMs, TimeUnit.MILLISECONDS)
      .recover(err -> {
        log(NodeLog.ERROR, "Error stopping node: " + (err instanceof java.util.concurrent.TimeoutException ? "Close timed out" : messageOf(err)));
        return Future.succeededFuture();
      })
      .compose(v -> {
        state = State.CLOSED;
        backlog(false);
        for (Long timer : timers) {
          engine.context.owner().cancelTimer(timer);
        }
        timers.clear();
        return nodeContext == null ? Future.<Void>succeededFuture()
          : engine.contexts.deleteNode(contextId(), flow.id).recover(e -> Future.succeededFuture());
      });
  }

  private String contextId() {
    return alias != null ? alias : id;
  }

  // ---- NodeServices ----

  @Override public String id() { return id; }
  @Override public String type() { return type; }
  @Override public String name() { return name; }
  @Override public String flowId() { return flow.id; }

  @Override
  public String path() {
    return flow.path + "/" + contextId();
  }

  @Override
  public void status(NodeStatus status) {
    flow.handleStatus(this, status == null ? NodeStatus.CLEAR : status, this, false);
  }

  @Override public void log(String text) { log(NodeLog.INFO, text); }
  @Override public void warn(String text) { log(NodeLog.WARN, text); }

  @Override
  public void error(String text, Message msg) {
    reportError(text, msg);
  }

  void reportError(String text, Message msg) {
    boolean handled = msg != null && flow.handleError(this, text, msg, this);
    if (!handled) {
      log(NodeLog.ERROR, text);
    }
  }

  void log(int level, String text) {
    engine.log(new NodeLog(level, id, type, name, flow.id, flow.path, text));
    if (level <= NodeLog.WARN) {
      Map<String, Object> debug = new LinkedHashMap<>();
      debug.put("id", id);
      debug.put("type", type);
      debug.put("msg", text);
      debug.put("level", level);
      if (alias != null) debug.put("_alias", alias);
      debug.put("z", flow.id);
      if (!name.isEmpty()) debug.put("name", name);
      debug.put("path", flow.path);
      debug.put("format", "string[" + text.length() + "]");
      engine.comms.publish("debug", debug, false);
    }
  }

  @Override
  public ContextScope nodeContext() {
    if (nodeContext == null) {
      nodeContext = engine.contexts.node(contextId(), flow.id);
    }
    return nodeContext;
  }

  @Override public ContextScope flowContext() { return flow.context(); }
  @Override public ContextScope globalContext() { return engine.contexts.global(); }

  @Override
  public String env(String name) {
    return FlowEnv.asText(envValue(name));
  }

  @Override
  public Object envValue(String key) {
    return switch (key) {
      case "NR_NODE_ID" -> id;
      case "NR_NODE_NAME" -> name;
      case "NR_NODE_PATH" -> path();
      default -> flow.setting(key, group);
    };
  }

  @Override
  public <T extends FlowNode> T configNode(String nodeId, Class<T> cls) {
    return node(nodeId, cls);
  }

  @Override
  public <T> T node(String nodeId, Class<T> cls) {
    NodeInstance n = nodeId == null ? null : engine.lookup(nodeId);
    return n != null && cls.isInstance(n.node) ? cls.cast(n.node) : null;
  }

  @Override
  public boolean deliverTo(String nodeId, Message msg) {
    NodeInstance n = engine.index.get(nodeId);
    if (n == null || msg == null) return false;
    engine.delivery.deliver(n, msg);
    return true;
  }

  @Override
  public List<RunningNode> runningNodes(String nodeType) {
    List<RunningNode> out = new ArrayList<>();
    for (NodeInstance n : engine.index.values()) {
      if (n.type.equals(nodeType) && n.state == State.STARTED) {
        out.add(new RunningNode(n.id, n.type, n.name, n.flow.id, n.flow.inSubflow()));
      }
    }
    return out;
  }

  @Override
  public void publishComms(String topic, Object data) {
    engine.comms.publish(topic, data, false);
  }

  @Override
  public long setTimer(long delayMs, Runnable action) {
    long[] holder = new long[1];
    holder[0] = engine.context.setTimer(Math.max(1, delayMs), t -> {
      timers.remove(holder[0]);
      runGuarded(action);
    });
    timers.add(holder[0]);
    return holder[0];
  }

  @Override
  public long setPeriodic(long periodMs, Runnable action) {
    long timer = engine.context.setPeriodic(Math.max(1, periodMs), t -> runGuarded(action));
    timers.add(timer);
    return timer;
  }

  private void runGuarded(Runnable action) {
    if (state == State.CLOSED) return;
    try {
      action.run();
    } catch (RuntimeException e) {
      log(NodeLog.ERROR, messageOf(e));
    }
  }

  @Override
  public boolean cancelTimer(long timerId) {
    timers.remove(timerId);
    return engine.context.owner().cancelTimer(timerId);
  }

  @Override
  public <T> Future<T> executeBlocking(Callable<T> work) {
    return engine.context.executeBlocking(work, false);
  }

  @Override public LocalBroker localBroker() { return engine.localBroker; }

  @Override
  public void backlog(boolean behind) {
    if (this.behind == behind || (behind && state == State.CLOSED)) return;
    this.behind = behind;
    engine.nodeBehind(behind);
  }
  @Override public Path dataDir() { return engine.options.getDataDir(); }
  @Override public Clock clock() { return engine.options.getClock(); }
  @Override public JsonObject settings() { return engine.options.getSettings(); }
  @Override public Vertx vertx() { return engine.context.owner(); }

  @Override
  public String toString() {
    return "node " + id + " (" + type + ")";
  }
}
