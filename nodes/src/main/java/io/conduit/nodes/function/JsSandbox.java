package io.conduit.nodes.function;

import io.conduit.spi.Message;
import io.conduit.spi.NodeStatus;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.SourceSection;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * One function node's JavaScript: its own GraalJS context (on the shared {@link JsEngine}) with
 * Node-RED's function API ({@code sandbox.js}, {@code context-api.js}, {@code red-util.js}), the compiled {@code func}, {@code initialize} and
 * {@code finalize} code, and the runs the node asks for (a message, a timer, setup, close).
 *
 * <p>Rules:
 * <ul>
 *   <li>Single-threaded: one thread at a time calls a sandbox (the node's {@link FunctionRunner}).</li>
 *   <li>Every run has the node's time limit; the {@link Watchdog} interrupts a run past it and the
 *       run reports {@code false}. The context stays usable afterwards. Compiling a code field has a
 *       limit too (code can escape the wrapper and run at compile time), never shorter than
 *       {@link #COMPILE_MIN_LIMIT_NANOS}: a cold engine must not fail a deploy only by being slow.</li>
 *   <li>A message crosses into JS once and each run's results cross back once ({@link MessageTape}):
 *       one call for the run, one for collecting its events (after the run's promise jobs).</li>
 *   <li>Line numbers in errors are those of the node's own code (the wrapper line is subtracted).</li>
 * </ul>
 */
final class JsSandbox implements AutoCloseable {
  /** What the script may ask of the runtime synchronously (context stores, timers, env). */
  interface Host {
    Object contextGet(int scope, String store, Object keyOrKeys);

    void contextSet(int scope, String store, Object keyOrKeys, Object value);

    List<String> contextKeys(int scope, String store);

    void setTimer(int id, long delayMs, boolean periodic);

    void clearTimer(int id);

    /** Node-RED's typed env value (num, bool, json evaluated), null when not set. */
    Object env(String name);
  }

  /** Node facts the script sees as {@code node.id}, {@code node.name}, {@code node.path}, {@code node.outputCount}. */
  record NodeInfo(String id, String name, String path, int outputs) {
  }

  /** A compile error in one of the code fields, with the position in that field's own text. */
  static final class CompileException extends Exception {
    final String field;
    final int line;
    final int column;

    CompileException(String field, int line, int column, String message) {
      super(message);
      this.field = field;
      this.line = line;
      this.column = column;
    }
  }

  private static final int OP_CTX_GET = 1;
  private static final int OP_CTX_SET = 2;
  private static final int OP_CTX_KEYS = 3;
  private static final int OP_TIMER_SET = 4;
  private static final int OP_TIMER_CLEAR = 5;
  private static final int OP_ENV = 6;
  private static final int OP_TAPE = 7;
  private static final int EV_SEND = 20;
  private static final int EV_DONE = 21;
  private static final int EV_LOG = 22;
  private static final int EV_ERROR = 23;
  private static final int EV_STATUS = 24;
  private static final int EV_CLOSED = 25;

  private final NodeInfo info;
  private final Host host;
  private final Context context;
  private final long timeoutNanos;
  /** The least time compiling one code field may take, whatever the node's own (run) limit. */
  static final long COMPILE_MIN_LIMIT_NANOS = 2_000_000_000L;
  private final MessageTape in = new MessageTape(64);
  private final MessageTape out = new MessageTape(64);
  private final MessageTape hostReply = new MessageTape(16);
  private final MessageTape scratch = new MessageTape(16);
  private Value entryInput;
  private Value entryInit;
  private Value entryInitFailed;
  private Value entryTimer;
  private Value entryClose;
  private Value entryFlush;
  private Value entryTapes;
  /** The input tape's arrays JS holds (registered with {@code tapes}); registered again when the tape grows. */
  private int[] jsInShapes;
  private Object[] jsInAtoms;
  /** Deadline (System.nanoTime) of the current run, 0 when idle; read by the watchdog. */
  volatile long deadline;
  private boolean closed;

  private JsSandbox(NodeInfo info, Host host, long timeoutMillis) {
    this.info = info;
    this.host = host;
    this.timeoutNanos = timeoutMillis * 1_000_000L;
    this.context = JsEngine.newContext();
  }

  /**
   * Builds the sandbox and compiles the three code fields (blocking: call it off the event loop).
   *
   * @throws CompileException for a syntax error, naming the field, line and column
   */
  static JsSandbox create(NodeInfo info, FunctionCode code, long timeoutMillis, Host host) throws CompileException {
    JsSandbox sandbox = new JsSandbox(info, host, timeoutMillis);
    try {
      sandbox.install(code);
      return sandbox;
    } catch (CompileException | RuntimeException e) {
      sandbox.close();
      throw e;
    }
  }

  private void install(FunctionCode code) throws CompileException {
    Watchdog.get().watch(this);
    Value fn = compile("func", funcSource(info, code));
    Value initFn = code.setup().isBlank() ? null : compile("initialize", setupSource(info, code));
    Value finFn = code.cleanup().isBlank() ? null : compile("finalize", cleanupSource(info, code));
    Value install = context.eval(JsEngine.SANDBOX_JS);
    Map<String, Object> facts = Map.of(
      "id", info.id(), "name", info.name(), "path", info.path(), "outputs", info.outputs(),
      "sourceName", sourceName("func"), "lineOffset", 1, "handlesDone", code.handlesDone());
    Value api = install.execute((ProxyExecutable) this::hostCall, org.graalvm.polyglot.proxy.ProxyObject.fromMap(facts),
      fn, initFn, finFn, context.eval(JsEngine.RED_UTIL_JS), context.eval(JsEngine.CONTEXT_API_JS));
    entryInput = api.getMember("input");
    entryInit = api.getMember("init");
    entryInitFailed = api.getMember("initFailed");
    entryTimer = api.getMember("timer");
    entryClose = api.getMember("close");
    entryFlush = api.getMember("flush");
    entryTapes = api.getMember("tapes");
    registerTapes();
  }

  private String sourceName(String field) {
    return sourceName(info, field);
  }

  private static String sourceName(NodeInfo info, String field) {
    return "function-" + field + ":" + info.id();
  }

  // The wrapped code fields, built the same way here and by JsSyntaxCheck, so that the engine's
  // source cache gives the sandbox the parse the check already made.

  static Source funcSource(NodeInfo info, FunctionCode code) {
    return wrap(info, "func", code.func(), code.usesAwait() ? "(async function (msg, node) {" : "(function (msg, node) {");
  }

  static Source setupSource(NodeInfo info, FunctionCode code) {
    return wrap(info, "initialize", code.setup(), "(async function (node) {");
  }

  static Source cleanupSource(NodeInfo info, FunctionCode code) {
    return wrap(info, "finalize", code.cleanup(), "(function (node) {");
  }

  private static Source wrap(NodeInfo info, String field, String text, String header) {
    return Source.newBuilder("js", header + "\n" + text + "\n})", sourceName(info, field)).buildLiteral();
  }

  private Value compile(String field, Source source) throws CompileException {
    try {
      context.parse(source);
    } catch (PolyglotException e) {
      throw compileError(field, e);
    }
    Value[] result = new Value[1];
    boolean completed;
    try {
      // a cold engine may take longer than a short node limit just to evaluate the wrapper, so
      // compilation gets at least COMPILE_MIN_LIMIT_NANOS; code that escapes the wrapper is still stopped
      completed = guarded(() -> result[0] = context.eval(source), Math.max(timeoutNanos, COMPILE_MIN_LIMIT_NANOS));
    } catch (PolyglotException e) {
      throw compileError(field, e);
    }
    if (!completed) {
      throw new CompileException(field, 0, 0, field + " did not finish compiling within the time limit");
    }
    return result[0];
  }

  static CompileException compileError(String field, PolyglotException e) {
    SourceSection at = e.getSourceLocation();
    int line = at == null ? 0 : Math.max(1, at.getStartLine() - 1);
    int column = at == null ? 0 : at.getStartColumn();
    String text = e.getMessage() == null ? "syntax error" : e.getMessage().lines().findFirst().orElse("");
    // "SyntaxError: function-func:n1:2:10 Expected an operand but found ;" -> drop the location
    text = text.replaceFirst("^(\\w*Error): \\S+:\\d+:\\d+ ", "$1: ");
    return new CompileException(field, line, column, text + " (line " + line + ", col " + column + ")");
  }

  String nodeId() {
    return info.id();
  }

  /**
   * Builds a throw-away sandbox and runs one message through it, so that the first real sandbox
   * (built at a node's first message, or at once for setup code) finds GraalJS's classes loaded and
   * the API prelude parsed (the engine caches parsed sources): measured on a cold JVM, building it
   * otherwise took 5 s interpreted and 16 s optimized at load 15. Called by the type's warm-up.
   */
  static void warmUp() {
    Host idle = new Host() {
      @Override public Object contextGet(int scope, String store, Object keyOrKeys) { return null; }
      @Override public void contextSet(int scope, String store, Object keyOrKeys, Object value) { }
      @Override public List<String> contextKeys(int scope, String store) { return List.of(); }
      @Override public void setTimer(int id, long delayMs, boolean periodic) { }
      @Override public void clearTimer(int id) { }
      @Override public Object env(String name) { return null; }
    };
    NodeInfo info = new NodeInfo("conduit-warm-up", "", "conduit-warm-up", 1);
    FunctionCode code = FunctionCode.of("msg.payload = JSON.parse(msg.payload); msg.payload.v *= 2; return msg;", "", "");
    try (JsSandbox sandbox = create(info, code, 10_000, idle)) {
      Message msg = new Message(new java.util.LinkedHashMap<>(Map.of("topic", "t", "payload", "{\"v\":1}")));
      sandbox.input(0, msg, new ArrayList<>());
    } catch (CompileException e) {
      throw new IllegalStateException("the warm-up function does not compile: " + e.getMessage(), e);
    }
  }

  // ---------- runs ----------

  /** Runs {@code func} for one message. Returns false when the run was stopped at its time limit. */
  boolean input(int seq, Message msg, List<SandboxEvent> events) {
    in.clear().write(msg.asMap());
    if (in.shapes != jsInShapes || in.atoms != jsInAtoms) {
      registerTapes();
    }
    boolean completed = run(() -> entryInput.executeVoid(seq), events);
    in.clear();
    return completed;
  }

  boolean init(List<SandboxEvent> events) {
    return run(() -> entryInit.executeVoid(), events);
  }

  /** After the setup code was stopped: messages waiting for it, and later ones, fail with {@code text}. */
  void initFailed(String text, List<SandboxEvent> events) {
    run(() -> entryInitFailed.executeVoid(text), events);
  }

  boolean timer(int id, List<SandboxEvent> events) {
    return run(() -> entryTimer.executeVoid(id), events);
  }

  /** Runs close listeners and {@code finalize}; {@link SandboxEvent.Closed} follows when listeners are done. */
  boolean close(boolean removed, List<SandboxEvent> events) {
    return run(() -> entryClose.executeVoid(removed), events);
  }

  private boolean run(Runnable call, List<SandboxEvent> events) {
    boolean completed;
    try {
      completed = guarded(call);
    } catch (PolyglotException e) {
      completed = true;
      events.add(new SandboxEvent.Log(SandboxEvent.Level.ERROR, "function node " + info.id() + ": " + e.getMessage()));
    }
    collect(events);
    return completed;
  }

  private boolean guarded(Runnable call) {
    return guarded(call, timeoutNanos);
  }

  private boolean guarded(Runnable call, long limitNanos) {
    deadline = System.nanoTime() + limitNanos;
    try {
      call.run();
      return true;
    } catch (PolyglotException e) {
      if (e.isInterrupted() || e.isCancelled()) {
        return false;
      }
      throw e;
    } finally {
      deadline = 0;
    }
  }

  /**
   * How long the watchdog waits for an interrupted run to stop. An interrupt that times out is
   * withdrawn by GraalJS and tried again at the next tick; with 50 ms that happened on a starved
   * machine (load 15 on 2 cores) and once let a script's {@code catch} see "Thread was interrupted"
   * before the retry stopped it. The script thread reaches a safepoint within microseconds when it
   * runs at all, so a longer wait only costs time when the machine is that busy.
   */
  static final Duration INTERRUPT_WAIT = Duration.ofMillis(500);

  /** Called by the watchdog thread. */
  void interruptRun() {
    try {
      context.interrupt(INTERRUPT_WAIT);
    } catch (TimeoutException e) {
      // the script is inside a host call (e.g. a context store hop) or not scheduled: the next tick tries again
    }
  }

  long timeoutMillis() {
    return timeoutNanos / 1_000_000L;
  }

  // ---------- events out ----------

  /** Hands JS the tape arrays to read messages from and write events into (once, and after they grow). */
  private void registerTapes() {
    jsInShapes = in.shapes;
    jsInAtoms = in.atoms;
    entryTapes.executeVoid(in.shapes, in.atoms, out.shapes, out.atoms);
  }

  private void collect(List<SandboxEvent> events) {
    long packed = entryFlush.execute().asLong();
    if (packed < 0) {
      long need = -packed - 1;
      out.ensureCapacity((int) (need >>> 32), (int) need);
      registerTapes();
      packed = entryFlush.execute().asLong();
    }
    int shapeCount = (int) (packed >>> 32);
    out.startReading(shapeCount, context);
    try {
      while (out.hasMore()) {
        events.add(readEvent(out));
      }
    } finally {
      out.doneReading();
    }
  }

  @SuppressWarnings("unchecked")
  private SandboxEvent readEvent(MessageTape t) {
    int kind = t.nextShape();
    switch (kind) {
      case EV_SEND: {
        List<Object> outputs = (List<Object>) t.read();
        for (int i = 0; i < outputs.size(); i++) {
          Object port = outputs.get(i);
          if (port instanceof List<?> list) {
            List<Object> msgs = new ArrayList<>(list.size());
            for (Object m : list) {
              msgs.add(new Message((Map<String, Object>) m));
            }
            outputs.set(i, msgs);
          }
        }
        return new SandboxEvent.Send(outputs);
      }
      case EV_DONE:
        return new SandboxEvent.Done(t.nextShape(), (String) t.nextAtom());
      case EV_LOG:
        return new SandboxEvent.Log(SandboxEvent.Level.values()[t.nextShape()], (String) t.nextAtom());
      case EV_ERROR: {
        String text = (String) t.nextAtom();
        Object msg = t.read();
        return new SandboxEvent.Error(text, msg instanceof Map<?, ?> m ? new Message((Map<String, Object>) m) : null);
      }
      case EV_STATUS: {
        Object s = t.read();
        Map<String, Object> m = s instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        return new SandboxEvent.Status(new NodeStatus(str(m.get("fill")), str(m.get("shape")), str(m.get("text"))));
      }
      case EV_CLOSED:
        return new SandboxEvent.Closed();
      default:
        throw new IllegalStateException("corrupt event tape: kind " + kind);
    }
  }

  private static String str(Object o) {
    return o == null ? null : o.toString();
  }

  // ---------- host calls from the script ----------

  private Object hostCall(Value... args) {
    try {
      int op = args[0].asInt();
      switch (op) {
        case OP_CTX_GET: {
          Object key = args[3].isNull() ? stringList(args[4]) : args[3].asString();
          Object value = host.contextGet(args[1].asInt(), nullableString(args[2]), key);
          hostReply.clear().write(value);
          return hostReply.pair();
        }
        case OP_CTX_SET: {
          scratch.startReading(Integer.MAX_VALUE, context);
          Object key;
          Object value;
          try {
            key = scratch.read();
            value = scratch.read();
          } finally {
            scratch.doneReading();
          }
          host.contextSet(args[1].asInt(), nullableString(args[2]), key, value);
          return null;
        }
        case OP_CTX_KEYS:
          hostReply.clear().write(host.contextKeys(args[1].asInt(), nullableString(args[2])));
          return hostReply.pair();
        case OP_TIMER_SET:
          host.setTimer(args[1].asInt(), args[2].asLong(), args[3].asBoolean());
          return null;
        case OP_TIMER_CLEAR:
          host.clearTimer(args[1].asInt());
          return null;
        case OP_ENV:
          hostReply.clear().write(host.env(args[1].asString()));
          return hostReply.pair();
        case OP_TAPE:
          scratch.ensureCapacity(args[1].asInt(), args[2].asInt());
          return scratch.pair();
        default:
          return "unknown host operation " + op;
      }
    } catch (RuntimeException e) {
      return e.getMessage() == null ? e.toString() : e.getMessage();
    }
  }

  private static String nullableString(Value v) {
    return v == null || v.isNull() ? null : v.asString();
  }

  private static List<String> stringList(Value v) {
    List<String> keys = new ArrayList<>((int) v.getArraySize());
    for (long i = 0; i < v.getArraySize(); i++) {
      keys.add(v.getArrayElement(i).asString());
    }
    return keys;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    Watchdog.get().unwatch(this);
    context.close(true);
  }
}
