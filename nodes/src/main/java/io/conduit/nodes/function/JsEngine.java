package io.conduit.nodes.function;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.io.IOAccess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The one GraalJS {@link Engine} of the process, shared by every function node's context so that
 * parsed and compiled code (the API prelude, and any function text used by several nodes) is cached
 * once. Rules:
 * <ul>
 *   <li>Contexts are sandboxed: no host class lookup, no public host access, no IO, no threads, no
 *       processes, no native access, no environment. The only host objects a script sees are the
 *       arrays of a message tape and a proxy function (see {@link JsSandbox}); arrays and byte
 *       buffers expose their elements only.</li>
 *   <li>{@code load}, {@code print} and the {@code Graal} object are switched off.</li>
 *   <li>At first use (the function type's warm-up, once the runtime is ready), logs whether GraalJS runs with its optimizing compiler; when it falls back to
 *       the interpreter (JVM started without the JVMCI flags, see {@code dist/target/jvm-flags}) it
 *       logs a warning, once.</li>
 * </ul>
 */
final class JsEngine {
  private static final Logger LOG = LoggerFactory.getLogger(JsEngine.class);

  /** Only arrays (message tapes) and byte buffers (Buffer payloads) are reachable, and only their elements. */
  private static final HostAccess TAPE_ONLY = HostAccess.newBuilder()
    .allowArrayAccess(true)
    .allowBufferAccess(true)
    .build();

  static final Source BUFFER_JS = resource("buffer.js");
  static final Source SANDBOX_JS = resource("sandbox.js");
  static final Source RED_UTIL_JS = resource("red-util.js");
  static final Source CONTEXT_API_JS = resource("context-api.js");

  private static final class Holder {
    static final Engine ENGINE = create();
  }

  private JsEngine() {
  }

  static Engine engine() {
    return Holder.ENGINE;
  }

  /** True when GraalJS compiles hot code to machine code (the JVM has the Graal JIT through JVMCI). */
  static boolean optimized() {
    return !"Interpreted".equalsIgnoreCase(engine().getImplementationName());
  }

  /** A fresh sandboxed context on the shared engine, with Buffer defined. */
  static Context newContext() {
    Context context = newBareContext();
    context.eval(BUFFER_JS);
    return context;
  }

  /** A fresh sandboxed context on the shared engine, with nothing of ours defined in it. */
  static Context newBareContext() {
    return Context.newBuilder("js")
      .engine(engine())
      .allowHostAccess(TAPE_ONLY)
      .allowHostClassLookup(name -> false)
      .allowHostClassLoading(false)
      .allowIO(IOAccess.NONE)
      .allowCreateThread(false)
      .allowCreateProcess(false)
      .allowNativeAccess(false)
      .allowPolyglotAccess(PolyglotAccess.NONE)
      .allowEnvironmentAccess(org.graalvm.polyglot.EnvironmentAccess.NONE)
      .allowExperimentalOptions(false)
      .option("js.load", "false")
      .option("js.print", "false")
      .option("js.graal-builtin", "false")
      .option("js.console", "false")
      .option("js.ecmascript-version", "latest")
      .build();
  }

  private static Engine create() {
    Engine engine = Engine.newBuilder("js")
      .option("engine.WarnInterpreterOnly", "false")
      .build();
    if ("Interpreted".equalsIgnoreCase(engine.getImplementationName())) {
      LOG.warn("GraalJS runs in interpreter-only mode: function nodes will be many times slower. Start the JVM with "
        + "-XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI --upgrade-module-path=<the Graal compiler jars> "
        + "(./conduit does this with dist/target/jvm-flags)");
    } else {
      LOG.info("GraalJS runs with its optimizing compiler ({})", engine.getImplementationName());
    }
    return engine;
  }

  private static Source resource(String name) {
    try (InputStream in = JsEngine.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing class path resource " + name + " next to " + JsEngine.class.getName());
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return Source.newBuilder("js", text, "conduit:" + name).cached(true).buildLiteral();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
