package io.conduit.nodes.function;

import io.conduit.spi.ContextScope;
import io.conduit.spi.Done;
import io.conduit.spi.Message;
import io.conduit.spi.NodeServices;
import io.conduit.spi.NodeStatus;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs one function node's script and carries its effects back to the flow engine.
 *
 * <p>Threading ({@link Dispatch}): with {@code WORKER} (the default) each node has a serial queue
 * drained on a shared pool of daemon threads, so a script that loops until its time limit holds one
 * pool thread and never the engine's event loop; other flows, the broker and the Admin API go on.
 * Results are posted back to the engine context in batches of up to {@link #BATCH} runs, one
 * {@code runOnContext} per batch, in run order. With {@code EVENT_LOOP} the script runs on the
 * engine thread itself (measured in {@code bench/results/}; see docs/ARCHITECTURE.md).
 *
 * <p>Rules: per-node order is kept (one queue, one drainer at a time); {@code done} is called once
 * per input; a run past the time limit fails that input with Node-RED's text "Script execution
 * timed out after Nms"; context reads hop to the engine context and wait for it (context stores are
 * the engine's), context writes and timer changes are posted to it without waiting, so they are
 * applied in the order the script made them and before that run's sends; inputs still queued when
 * the node closes are not run but fail with "function node X is closed" (Node-RED drops them).
 *
 * <p>Back-pressure ({@code WORKER}): once {@link #BACKLOG_HIGH} inputs wait for the script the node
 * says it is behind ({@link NodeServices#backlog}), so the broker stops reading the publishers that
 * feed the flows; once the queue is down to {@link #BACKLOG_LOW} it says it caught up. A script
 * slower than its input (or still being compiled) then slows its publishers instead of filling the
 * heap (Node-RED queues without bound).
 */
final class FunctionRunner implements JsSandbox.Host {
  /** Where scripts run. */
  enum Dispatch { WORKER, EVENT_LOOP }

  static final int BATCH = 64;
  /** Inputs waiting for the script from which the node says it is behind. */
  static final int BACKLOG_HIGH = 2048;
  /** ... and from which it says it caught up again. */
  static final int BACKLOG_LOW = 1024;
  /** Inputs whose done() the script never calls are forgotten beyond this many. */
  static final int MAX_PENDING_DONE = 10_000;
  private static final long HOP_TIMEOUT_SECONDS = 10;
  private static final long CLOSE_WAIT_MILLIS = 10_000;
  private static final Logger LOG = LoggerFactory.getLogger(FunctionNode.class);
  private static final AtomicInteger THREADS = new AtomicInteger();
  /** Deep recursion in scripts (and in the message codec) needs more than the default 1 MB. */
  private static final long THREAD_STACK_BYTES = 16L << 20;
  private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(null, r, "conduit-function-" + THREADS.incrementAndGet(), THREAD_STACK_BYTES);
    t.setDaemon(true);
    return t;
  });

  /**
   * Sandboxes are built here, a few at a time, after the deploy (a context per node is the costly
   * part of a function node: a deploy of hundreds of them must not wait for them all).
   */
  private static final ExecutorService BUILDERS = Executors.newFixedThreadPool(
    Math.max(1, Runtime.getRuntime().availableProcessors() - 1), r -> {
      Thread t = new Thread(null, r, "conduit-function-build-" + THREADS.incrementAndGet(), THREAD_STACK_BYTES);
      t.setDaemon(true);
      return t;
    });

  private final NodeServices services;
  private final Dispatch dispatch;
  /** Set once the sandbox exists (or failed to): until then tasks only queue. */
  private volatile boolean attached;
  private volatile String buildFailure;
  /** Claimed once: by the first build request, or by a close that comes before any (no build then). */
  private final AtomicBoolean buildScheduled = new AtomicBoolean();
  /** Closed before a build was ever asked for (set and read on the engine context). */
  private volatile boolean abandoned;
  private Callable<JsSandbox> builder;
  private final Queue<Task> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean draining = new AtomicBoolean();
  /** Inputs in {@link #queue} (WORKER): added on the engine context, taken by the drainer. */
  private final AtomicInteger queuedInputs = new AtomicInteger();
  /** The node said it is behind (engine context only). */
  private boolean saidBehind;
  private Context engine;
  private volatile Thread engineThread;
  private JsSandbox sandbox;

  // touched only by the thread that runs the sandbox
  private final Map<Integer, Done> pendingDone = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Integer, Done> eldest) {
      return size() > MAX_PENDING_DONE;
    }
  };
  private int nextSeq;
  private boolean sandboxClosed;

  // touched only on the engine context
  private final Map<Integer, Long> timers = new HashMap<>();
  private boolean closing;
  private Promise<Void> closed;

  FunctionRunner(NodeServices services, Dispatch dispatch) {
    this.services = services;
    this.dispatch = dispatch;
  }

  /**
   * Called on the engine context. The sandbox is built on a builder thread: at once when
   * {@code eager} (the node has setup or close code, which Node-RED runs whatever comes); otherwise
   * when the first message comes (a node that never gets one costs no context). Then the setup code and the inputs that
   * came meanwhile run, in order. A sandbox that cannot be built fails its inputs.
   */
  void start(Context engineContext, Callable<JsSandbox> builder, boolean eager) {
    this.engine = engineContext;
    this.engineThread = Thread.currentThread();
    this.builder = builder;
    submit(new Task.Init());
    if (eager) {
      scheduleBuild();
    }
  }

  private void scheduleBuild() {
    if (builder == null || !buildScheduled.compareAndSet(false, true)) {
      return;
    }
    BUILDERS.execute(() -> {
      try {
        sandbox = builder.call();
      } catch (Exception | Error e) {
        buildFailure = e.getMessage() == null ? e.toString() : e.getMessage();
        LOG.error("function node {} could not start: {}", services.id(), buildFailure, e);
      }
      attach();
    });
  }

  /** The sandbox is there (or failed): the queued tasks run. */
  private void attach() {
    if (dispatch == Dispatch.EVENT_LOOP) {
      engine.runOnContext(v -> {
        attached = true;
        List<Runnable> effects = new ArrayList<>(4);
        for (Task task = queue.poll(); task != null; task = queue.poll()) {
          runTask(task, effects);
        }
        effects.forEach(Runnable::run);
      });
      return;
    }
    attached = true;
    if (!queue.isEmpty() && draining.compareAndSet(false, true)) {
      POOL.execute(this::drain);
    }
  }

  void input(Message msg, Done done) {
    submit(new Task.Input(msg, done));
  }

  /** Runs close listeners and finalize, then closes the sandbox. Call on the engine context. */
  Future<Void> close(boolean removed) {
    if (closed != null) {
      return closed.future();
    }
    closed = Promise.promise();
    if (buildScheduled.compareAndSet(false, true)) {
      // closed before a sandbox was asked for (no setup or close code, no message): no code of the
      // node ever ran, nothing to finalize. A build under way is waited for: Close queues behind it.
      abandoned = true;
      closing = true;
      sandboxClosed = true;
      failQueuedInputs();
      queue.clear();
      closed.complete();
      return closed.future();
    }
    // Messages still waiting for the script are not run: Node-RED removes a node's input handler
    // when it closes, and a backlog of runs would hold a redeploy up for as long as it takes to
    // drain. They fail (done with an error) instead; a run under way finishes first.
    failQueuedInputs();
    // Node-RED clears the timers the script had when close begins; close listeners may set new ones
    timers.values().forEach(services::cancelTimer);
    timers.clear();
    long guard = services.vertx().setTimer(CLOSE_WAIT_MILLIS, id -> {
      LOG.warn("function node {}: close listeners did not call done() within {} ms", services.id(), CLOSE_WAIT_MILLIS);
      submit(new Task.Dispose());
    });
    submit(new Task.Close(removed));
    return closed.future().andThen(ar -> services.vertx().cancelTimer(guard));
  }

  /** Fails (done with {@link #closedError()}) and removes the inputs still queued; other tasks stay. */
  private void failQueuedInputs() {
    queue.removeIf(task -> {
      if (task instanceof Task.Input in) {
        in.done().done(closedError());
        return true;
      }
      return false;
    });
  }

  /** What an input gets when the node closed before running it. */
  private FunctionException closedError() {
    return new FunctionException("function node " + services.id() + " is closed");
  }

  // ---------- the node's queue ----------

  private void submit(Task task) {
    if (!attached) {
      if (abandoned) {
        if (task instanceof Task.Input in) {
          in.done().done(closedError());
        }
        return;
      }
      queue.add(task);
      if (task instanceof Task.Input) {
        queued();
        scheduleBuild();
      }
      // attach() may have happened between the check and the add: it drains what it finds, so
      // look again (WORKER: the drain flag keeps one drainer; EVENT_LOOP: attach is on this thread)
      if (dispatch == Dispatch.WORKER && attached && draining.compareAndSet(false, true)) {
        POOL.execute(this::drain);
      }
      return;
    }
    if (dispatch == Dispatch.EVENT_LOOP) {
      List<Runnable> effects = new ArrayList<>(4);
      runTask(task, effects);
      effects.forEach(Runnable::run);
      return;
    }
    queue.add(task);
    if (task instanceof Task.Input) {
      queued();
    }
    if (draining.compareAndSet(false, true)) {
      POOL.execute(this::drain);
    }
  }

  /** Engine context: one more input waits (WORKER); the node says it is behind at {@link #BACKLOG_HIGH}. */
  private void queued() {
    if (dispatch != Dispatch.WORKER) {
      return;
    }
    if (queuedInputs.incrementAndGet() >= BACKLOG_HIGH && !saidBehind) {
      saidBehind = true;
      services.backlog(true);
    }
  }

  /** Engine context: the queue went down to {@link #BACKLOG_LOW} (it may have grown again since). */
  private void caughtUp() {
    if (saidBehind && queuedInputs.get() <= BACKLOG_LOW) {
      saidBehind = false;
      services.backlog(false);
    }
  }

  private void drain() {
    while (true) {
      List<Runnable> effects = new ArrayList<>(BATCH);
      for (int i = 0; i < BATCH; i++) {
        Task task = queue.poll();
        if (task == null) {
          break;
        }
        if (task instanceof Task.Input && queuedInputs.decrementAndGet() == BACKLOG_LOW) {
          effects.add(this::caughtUp);
        }
        runTask(task, effects);
      }
      if (!effects.isEmpty()) {
        engine.runOnContext(v -> effects.forEach(Runnable::run));
      }
      if (queue.isEmpty()) {
        draining.set(false);
        // a task added after the poll above but before the flag was cleared would be stranded
        if (queue.isEmpty() || !draining.compareAndSet(false, true)) {
          return;
        }
      }
    }
  }

  private void runTask(Task task, List<Runnable> effects) {
    if (sandbox == null && !sandboxClosed) {
      failed(task, effects);
      return;
    }
    if (sandboxClosed) {
      if (task instanceof Task.Input in) {
        effects.add(() -> in.done().done(closedError()));
      }
      return;
    }
    List<SandboxEvent> events = new ArrayList<>(4);
    try {
      switch (task) {
        case Task.Input in -> {
          int seq = nextSeq++;
          pendingDone.put(seq, in.done());
          if (!sandbox.input(seq, in.msg(), events)) {
            Done done = pendingDone.remove(seq);
            String text = timedOut();
            if (done != null) {
              effects.add(() -> done.done(new FunctionException(text)));
            }
          }
        }
        case Task.Init init -> {
          if (!sandbox.init(events)) {
            sandbox.initFailed(timedOut(), events);
          }
        }
        case Task.Timer t -> {
          if (!sandbox.timer(t.id(), events)) {
            events.add(new SandboxEvent.Log(SandboxEvent.Level.ERROR, timedOut()));
          }
        }
        case Task.Close c -> {
          if (!sandbox.close(c.removed(), events)) {
            events.add(new SandboxEvent.Log(SandboxEvent.Level.ERROR, timedOut()));
            events.add(new SandboxEvent.Closed());
          }
        }
        case Task.Dispose d -> events.add(new SandboxEvent.Closed());
      }
    } catch (RuntimeException e) {
      LOG.error("function node {}: {}", services.id(), e.toString(), e);
      if (task instanceof Task.Input in) {
        effects.add(() -> in.done().done(new FunctionException(e.toString())));
      }
    }
    for (SandboxEvent event : events) {
      effects.add(apply(event));
    }
  }

  /** A task for a node whose sandbox could not be built. */
  private void failed(Task task, List<Runnable> effects) {
    String text = "function node " + services.id() + " could not start: " + buildFailure;
    switch (task) {
      case Task.Input in -> effects.add(() -> in.done().done(new FunctionException(text)));
      case Task.Init init -> effects.add(() -> {
        services.error(text, null);
        services.status(new NodeStatus("red", "ring", "not started"));
      });
      case Task.Timer t -> { }
      case Task.Close c -> apply(new SandboxEvent.Closed(), effects);
      case Task.Dispose d -> apply(new SandboxEvent.Closed(), effects);
    }
  }

  private void apply(SandboxEvent event, List<Runnable> effects) {
    effects.add(apply(event));
  }

  private String timedOut() {
    return "Script execution timed out after " + sandbox.timeoutMillis() + "ms";
  }

  /** Turns an event into its effect on the engine context (looked up here, on the sandbox thread). */
  private Runnable apply(SandboxEvent event) {
    return switch (event) {
      case SandboxEvent.Send s -> () -> send(s.perOutput());
      case SandboxEvent.Done d -> {
        Done done = pendingDone.remove(d.seq());
        yield done == null ? () -> { } : () -> done.done(d.error() == null ? null : new FunctionException(d.error()));
      }
      case SandboxEvent.Log l -> () -> log(l);
      case SandboxEvent.Error e -> () -> services.error(e.text(), e.msg());
      case SandboxEvent.Status s -> () -> services.status(s.status().toMap().isEmpty() ? NodeStatus.CLEAR : s.status());
      case SandboxEvent.Closed c -> {
        sandboxClosed = true;
        if (sandbox != null) {
          sandbox.close();
        }
        pendingDone.clear();
        yield () -> {
          closing = true;
          timers.values().forEach(services::cancelTimer);
          timers.clear();
          closed.tryComplete();
        };
      }
    };
  }

  private void send(List<Object> perOutput) {
    if (perOutput.size() == 1 && perOutput.get(0) instanceof List<?> only && only.size() == 1) {
      services.send((Message) only.get(0));
    } else {
      services.send(perOutput);
    }
  }

  private void log(SandboxEvent.Log l) {
    switch (l.level()) {
      case INFO -> services.log(l.text());
      case WARN -> services.warn(l.text());
      case ERROR -> services.error(l.text(), null);
      case DEBUG -> LOG.debug("[function:{}] {}", services.id(), l.text());
      case TRACE -> LOG.trace("[function:{}] {}", services.id(), l.text());
    }
  }

  // ---------- host calls (on the sandbox thread) ----------

  private ContextScope scope(int scope) {
    return switch (scope) {
      case 0 -> services.nodeContext();
      case 1 -> services.flowContext();
      default -> services.globalContext();
    };
  }

  @Override
  public Object contextGet(int scope, String store, Object keyOrKeys) {
    return onEngine(() -> {
      ContextScope ctx = scope(scope);
      if (keyOrKeys instanceof List<?> keys) {
        List<Object> values = new ArrayList<>(keys.size());
        for (Object k : keys) {
          values.add(Message.deepCopy(ctx.get(k.toString(), store)));
        }
        return values;
      }
      return Message.deepCopy(ctx.get(keyOrKeys.toString(), store));
    });
  }

  @Override
  public void contextSet(int scope, String store, Object keyOrKeys, Object value) {
    onEngineLater(() -> {
      ContextScope ctx = scope(scope);
      if (keyOrKeys instanceof List<?> keys) {
        List<?> values = value instanceof List<?> l ? l : List.of();
        for (int i = 0; i < keys.size(); i++) {
          ctx.set(keys.get(i).toString(), i < values.size() ? values.get(i) : null, store);
        }
      } else {
        ctx.set(keyOrKeys.toString(), value, store);
      }
    });
  }

  @Override
  public List<String> contextKeys(int scope, String store) {
    return onEngine(() -> new ArrayList<>(scope(scope).keys(store)));
  }

  @Override
  public void setTimer(int id, long delayMs, boolean periodic) {
    onEngineLater(() -> {
      if (closing) {
        return;
      }
      long timer = periodic
        ? services.setPeriodic(delayMs, () -> submit(new Task.Timer(id)))
        : services.setTimer(delayMs, () -> {
          timers.remove(id);
          submit(new Task.Timer(id));
        });
      timers.put(id, timer);
    });
  }

  @Override
  public void clearTimer(int id) {
    onEngineLater(() -> {
      Long timer = timers.remove(id);
      if (timer != null) {
        services.cancelTimer(timer);
      }
    });
  }

  @Override
  public Object env(String name) {
    return onEngine(() -> Message.deepCopy(services.envValue(name)));
  }

  private boolean onEngineThread() {
    return Thread.currentThread() == engineThread;
  }

  private void onEngineLater(Runnable action) {
    Runnable guarded = () -> {
      try {
        action.run();
      } catch (RuntimeException e) {
        services.error(e.getMessage() == null ? e.toString() : e.getMessage(), null);
      }
    };
    if (onEngineThread()) {
      guarded.run();
    } else {
      engine.runOnContext(v -> guarded.run());
    }
  }

  private <T> T onEngine(Supplier<T> action) {
    if (onEngineThread()) {
      return action.get();
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    engine.runOnContext(v -> {
      try {
        result.complete(action.get());
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    });
    try {
      return result.get(HOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the flow engine");
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("the flow engine did not answer within " + HOP_TIMEOUT_SECONDS + " s");
    }
  }

  /** Work for the node's thread. */
  private sealed interface Task {
    record Input(Message msg, Done done) implements Task {
    }

    record Init() implements Task {
    }

    record Timer(int id) implements Task {
    }

    record Close(boolean removed) implements Task {
    }

    /** Gives up waiting for close listeners. */
    record Dispose() implements Task {
    }
  }
}
