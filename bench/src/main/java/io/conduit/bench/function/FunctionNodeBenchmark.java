package io.conduit.bench.function;

import io.conduit.nodes.function.FunctionNode;
import io.conduit.spi.FlowNode;
import io.conduit.spi.Message;
import io.conduit.spi.NodeConfig;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Messages per second through one function node, as the flow engine drives it (input on the
 * engine's event loop, results applied back there), for the two scripts:
 * <ul>
 *   <li>{@code double}: {@code msg.payload.v = msg.payload.v * 2; return msg;} on an object payload;</li>
 *   <li>{@code transform}: parse a JSON string, average 20 numbers, build a new object.</li>
 * </ul>
 * {@code dispatch} compares running scripts on the event loop itself with the per-node worker
 * (FunctionRunner.Dispatch). One operation = one message; an invocation sends a burst of
 * {@link #BURST} messages and waits for the last done(), so queueing and batching are included.
 * Run with and without {@code $(cat dist/target/jvm-flags)} for optimized vs interpreter.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class FunctionNodeBenchmark {
  static final int BURST = 1000;
  static final String DOUBLE = "msg.payload.v = msg.payload.v * 2; return msg;";
  static final String TRANSFORM = """
    const data = JSON.parse(msg.payload);
    let sum = 0;
    for (const v of data.values) sum += v;
    msg.payload = { sensor: data.id, avg: sum / data.values.length, count: data.values.length, at: Date.now() };
    return msg;""";

  @Param({"double", "transform"})
  public String script;

  @Param({"worker", "event_loop"})
  public String dispatch;

  private Vertx vertx;
  private Context engine;
  private FlowNode node;
  private final AtomicInteger pending = new AtomicInteger();
  private volatile CountDownLatch burstDone;

  @Setup(Level.Trial)
  public void deploy() throws Exception {
    vertx = Vertx.vertx();
    engine = vertx.getOrCreateContext();
    JsonObject settings = new JsonObject().put(FunctionNode.SETTING_DISPATCH, dispatch);
    JsonObject config = new JsonObject().put("id", "bench").put("type", "function").put("outputs", 1)
      .put("func", script.equals("double") ? DOUBLE : TRANSFORM);
    Promise<Void> started = Promise.promise();
    engine.runOnContext(v -> {
      node = new FunctionNode.Type().create(new NodeConfig(config), new BenchServices(vertx, settings, m -> { }));
      node.prepare().compose(x -> node.start()).onComplete(started);
    });
    started.future().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  @TearDown(Level.Trial)
  public void close() throws Exception {
    Promise<Void> closed = Promise.promise();
    engine.runOnContext(v -> node.close(true).onComplete(closed));
    closed.future().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  /** A fresh message like mqtt in produces: json datatype for double, utf8 text for transform. */
  Message message(int i) {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("topic", "bench/in/" + (i & 7));
    if (script.equals("double")) {
      Map<String, Object> payload = new LinkedHashMap<>();
      payload.put("v", i);
      props.put("payload", payload);
    } else {
      StringBuilder sb = new StringBuilder("{\"id\":\"sensor-").append(i & 7).append("\",\"values\":[");
      for (int k = 0; k < 20; k++) {
        sb.append(k == 0 ? "" : ",").append((i + k * 7) % 100).append('.').append(k % 10);
      }
      props.put("payload", sb.append("]}").toString());
    }
    props.put("qos", 0);
    props.put("retain", false);
    props.put("_msgid", Message.newId());
    return new Message(props);
  }

  @Benchmark
  @OperationsPerInvocation(BURST)
  public void burst() throws InterruptedException {
    CountDownLatch latch = new CountDownLatch(1);
    burstDone = latch;
    pending.set(BURST);
    engine.runOnContext(v -> {
      for (int i = 0; i < BURST; i++) {
        node.input(message(i), err -> {
          if (pending.decrementAndGet() == 0) {
            burstDone.countDown();
          }
        });
      }
    });
    if (!latch.await(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("burst did not complete: " + pending.get() + " messages pending");
    }
  }
}
