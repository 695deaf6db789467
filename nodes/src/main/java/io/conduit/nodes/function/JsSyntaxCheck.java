package io.conduit.nodes.function;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Checks a function node's code fields at deploy without running any of them and without building
 * the node's sandbox (which {@link FunctionRunner} does after the deploy). Rules:
 * <ul>
 *   <li>Each field is parsed wrapped exactly as {@link JsSandbox} wraps it (same {@link Source},
 *       so the shared engine's source cache hands the parse on to the sandbox); a syntax error
 *       names the field, line and column as a compile error in the sandbox would.</li>
 *   <li>The text must be a function body on its own: it is also given to JavaScript's
 *       {@code Function} (or {@code AsyncFunction}) constructor, which parses a body apart from its
 *       wrapper and runs nothing. Code that closes the wrapper early, to run at compile time, is
 *       rejected here instead of being run.</li>
 *   <li>One context of the shared engine serves every check, on one thread of its own, one check
 *       at a time (a deploy of hundreds of function nodes queues its checks there rather than
 *       having worker threads contend for the context); it never runs node code, so nothing a
 *       node wrote can leak into another node's check.</li>
 * </ul>
 */
final class JsSyntaxCheck {
  private static final ExecutorService THREAD = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "conduit-function-check");
    t.setDaemon(true);
    return t;
  });
  private static Context checker;
  private static Value bodyCheck;

  private JsSyntaxCheck() {
  }

  /**
   * Checks on the check thread; the future completes on {@code context} (the caller's Vert.x
   * context), failed with a {@link JsSandbox.CompileException} for a bad field.
   */
  static Future<Void> check(io.vertx.core.Context context, JsSandbox.NodeInfo info, FunctionCode code) {
    Promise<Void> result = Promise.promise();
    THREAD.execute(() -> {
      Throwable failure = null;
      try {
        check(info, code);
      } catch (Exception | Error e) {
        failure = e;
      }
      Throwable f = failure;
      context.runOnContext(v -> {
        if (f == null) {
          result.complete();
        } else {
          result.fail(f);
        }
      });
    });
    return result.future();
  }

  /** Starts GraalJS and the check context, and checks a small function (blocking). */
  static void warmUp() {
    JsEngine.engine();
    java.util.concurrent.Future<?> done = THREAD.submit(() -> {
      check(new JsSandbox.NodeInfo("warm-up", "", "warm-up", 1), FunctionCode.of("msg.payload = 1;\nreturn msg;", "", ""));
      return null;
    });
    try {
      done.get();
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Blocking (parses, and starts GraalJS on first use); only on the check thread. */
  private static void check(JsSandbox.NodeInfo info, FunctionCode code) throws JsSandbox.CompileException {
    if (checker == null) {
      Context c = JsEngine.newBareContext();
      bodyCheck = c.eval("js", "(function () {"
        + " const AsyncFunction = (async function () {}).constructor;"
        + " return function (isAsync, params, body) { (isAsync ? AsyncFunction : Function)(params, body); };"
        + "})()");
      checker = c;
    }
    field("func", JsSandbox.funcSource(info, code), code.func(), code.usesAwait(), "msg, node");
    if (!code.setup().isBlank()) {
      field("initialize", JsSandbox.setupSource(info, code), code.setup(), true, "node");
    }
    if (!code.cleanup().isBlank()) {
      field("finalize", JsSandbox.cleanupSource(info, code), code.cleanup(), false, "node");
    }
  }

  private static void field(String field, Source wrapped, String body, boolean isAsync, String params)
    throws JsSandbox.CompileException {
    try {
      checker.parse(wrapped);
    } catch (PolyglotException e) {
      throw JsSandbox.compileError(field, e);
    }
    try {
      bodyCheck.executeVoid(isAsync, params, body);
    } catch (PolyglotException e) {
      String why = e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("");
      throw new JsSandbox.CompileException(field, 0, 0,
        field + " closes the function it is wrapped in (a '}' too many?); it must be a function body" + why);
    }
  }
}
