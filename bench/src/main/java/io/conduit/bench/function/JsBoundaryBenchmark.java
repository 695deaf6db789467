package io.conduit.bench.function;

import io.vertx.core.json.JsonObject;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What crossing the Java/JavaScript boundary costs, for the message hand-over design (issue #4):
 * the same script ({@code msg.payload.v = msg.payload.v * 2; return msg;}) on a 5-property
 * message, with the message handed over
 * <ul>
 *   <li>{@code emptyCall}: no message, just one call into JS and back (the floor);</li>
 *   <li>{@code perProperty}: built in JS from Java one {@code putMember} at a time, the result read
 *       back one {@code getMember} at a time (a crossing per property);</li>
 *   <li>{@code json}: as a JSON string, parsed and stringified in JS (one crossing each way, plus
 *       text encoding on both sides).</li>
 * </ul>
 * The function node's own hand-over (one tape each way, see MessageTape) is measured by
 * {@code FunctionNodeBenchmark} with {@code dispatch=event_loop}, which adds the node's bookkeeping.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 8, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class JsBoundaryBenchmark {
  private Context context;
  private Value identity;
  private Value newObject;
  private Value script;
  private Value jsonScript;
  private Map<String, Object> msg;

  @Setup(Level.Trial)
  public void setup() {
    context = Context.newBuilder("js").allowHostAccess(HostAccess.newBuilder().allowArrayAccess(true).allowBufferAccess(true).build())
      .option("engine.WarnInterpreterOnly", "false").build();
    context.enter();
    identity = context.eval("js", "(function (x) { return x; })");
    newObject = context.eval("js", "(function () { return {}; })");
    script = context.eval("js", "(function (msg) { msg.payload.v = msg.payload.v * 2; return msg; })");
    jsonScript = context.eval("js", "(function (s) { const msg = JSON.parse(s); msg.payload.v = msg.payload.v * 2; return JSON.stringify(msg); })");
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("v", 21);
    msg = new LinkedHashMap<>();
    msg.put("_msgid", "0123456789abcdef");
    msg.put("topic", "bench/in/1");
    msg.put("payload", payload);
    msg.put("qos", 0);
    msg.put("retain", false);
  }

  @TearDown(Level.Trial)
  public void close() {
    context.leave();
    context.close();
  }

  @Benchmark
  public int emptyCall() {
    return identity.execute(21).asInt();
  }

  @Benchmark
  public int perProperty() {
    Value m = newObject.execute();
    Value p = newObject.execute();
    p.putMember("v", 21);
    m.putMember("_msgid", msg.get("_msgid"));
    m.putMember("topic", msg.get("topic"));
    m.putMember("payload", p);
    m.putMember("qos", msg.get("qos"));
    m.putMember("retain", msg.get("retain"));
    Value r = script.execute(m);
    Map<String, Object> back = new LinkedHashMap<>();
    for (String key : r.getMemberKeys()) {
      Value v = r.getMember(key);
      back.put(key, v.hasMembers() ? Map.of("v", v.getMember("v").asInt()) : v.isString() ? v.asString() : v.isBoolean() ? v.asBoolean() : v.asInt());
    }
    return back.size();
  }

  @Benchmark
  public int json() {
    String out = jsonScript.execute(new JsonObject(msg).encode()).asString();
    return new JsonObject(out).getJsonObject("payload").getInteger("v");
  }
}
