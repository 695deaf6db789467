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
import java.util.Map;

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
 *   <li>The engine runs in Truffle's {@code latency} mode ({@link #DEFAULT_MODE}): no splitting and
 *       no cross-function inlining, so each compilation is small. The compiler here is the jar
 *       build of Graal, Java code that HotSpot must warm up itself; in the default
 *       ({@code throughput}) mode its first compilations took 5-10 s each on 2 cores, scripts ran
 *       in the profiling interpreter for 30-60 s (slower than interpreter-only), and the measured
 *       steady state was lower too (bench/results/2026-11-30-function-latency-mode.md).
 *       {@code -Dpolyglot.engine.Mode=throughput} on the JVM command line overrides it.</li>
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

  /** Truffle engine mode unless the JVM sets {@code polyglot.engine.Mode}: favours short compilations. */
  static final String DEFAULT_MODE = "latency";
  private static final String MODE_PROPERTY = "polyglot.engine.Mode";

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
    Engine engine;
    try {
      engine = newEngine(System.getProperty(MODE_PROPERTY) == null ? Map.of("engine.Mode", DEFAULT_MODE) : Map.of());
    } catch (IllegalArgumentException e) {
      // the interpreter-only runtime has no compiler options
      engine = newEngine(Map.of());
    }
    if ("Interpreted".equalsIgnoreCase(engine.getImplementationName())) {
      LOG.warn("GraalJS runs in interpreter-only mode: function nodes will be many times slower. Start the JVM with "
        + "-XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI --upgrade-module-path=<the Graal compiler jars> "
        + "(./conduit does this with dist/target/jvm-flags)");
    } else {
      LOG.info("GraalJS runs with its optimizing compiler ({}, engine mode {})", engine.getImplementationName(),
        System.getProperty(MODE_PROPERTY, DEFAULT_MODE));
    }
    return engine;
  }

  private static Engine newEngine(Map<String, String> options) {
    return Engine.newBuilder("js").option("engine.WarnInterpreterOnly", "false").options(options).build();
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
