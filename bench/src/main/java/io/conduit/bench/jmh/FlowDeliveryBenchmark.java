package io.conduit.bench.jmh;

import io.conduit.flow.FlowEngine;
import io.conduit.flow.FlowEngineOptions;
import io.conduit.flow.NodeRegistry;
import io.conduit.spi.Done;
import io.conduit.spi.FlowNode;
import io.conduit.spi.Message;
import io.conduit.spi.NodeConfig;
import io.conduit.spi.NodeServices;
import io.conduit.spi.NodeType;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
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

import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The flow engine's own cost per message: a {@code burst} node sends {@link #BURST} messages (a
 * small JSON-like payload) into a chain of {@code junction} nodes ending in a counting sink, all
 * inside one {@link FlowEngine}: every hop goes through the engine's delivery queue, {@code _msgid},
 * {@code done()} handling and the node's input. {@code hops} is the chain length; with
 * {@code fanOut} 3 the first junction is wired to three chains, so every message is deep-copied
 * twice (Node-RED's cloning rule). The score is per message (all its hops), from send to the sink.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class FlowDeliveryBenchmark {
  static final int BURST = 10_000;

  @Param({"1", "5"})
  public int hops;

  @Param({"1", "3"})
  public int fanOut;

  private Vertx vertx;
  private FlowEngine engine;
  private java.nio.file.Path dir;
  private volatile CountDownLatch arrived;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    vertx = Vertx.vertx();
    dir = Files.createTempDirectory("flow-bench");
    NodeType burst = type("burst", (config, node) -> new FlowNode() {
      @Override
      public void input(Message trigger, Done done) {
        for (int i = 0; i < BURST; i++) {
          Map<String, Object> payload = new LinkedHashMap<>();
          payload.put("temperature", 21.5);
          payload.put("seq", i);
          node.send(Message.withPayload(payload).topic("sensors/room1"));
        }
        done.done();
      }
    });
    NodeType sink = type("sink", (config, node) -> new FlowNode() {
      @Override
      public void input(Message msg, Done done) {
        arrived.countDown();
        done.done();
      }
    });
    NodeRegistry registry = NodeRegistry.fromClassPath(FlowDeliveryBenchmark.class.getClassLoader()).plus(burst, sink);
    engine = new FlowEngine(vertx, new FlowEngineOptions().setDataDir(dir).setLoadExamples(false), registry, null);
    engine.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    engine.deploy(flow(), "full", null).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private JsonArray flow() {
    JsonArray flow = new JsonArray().add(new JsonObject("{\"id\":\"t\",\"type\":\"tab\"}"));
    JsonArray firstTargets = new JsonArray();
    for (int chain = 0; chain < fanOut; chain++) {
      firstTargets.add("c" + chain + "-0");
      for (int h = 0; h < hops; h++) {
        String next = h + 1 < hops ? "c" + chain + "-" + (h + 1) : "sink" + chain;
        flow.add(new JsonObject().put("id", "c" + chain + "-" + h).put("type", "junction").put("z", "t")
          .put("x", 1).put("y", 1).put("wires", new JsonArray().add(new JsonArray().add(next))));
      }
      flow.add(new JsonObject().put("id", "sink" + chain).put("type", "sink").put("z", "t").put("x", 1).put("y", 1));
    }
    flow.add(new JsonObject().put("id", "burst").put("type", "burst").put("z", "t").put("x", 1).put("y", 1)
      .put("wires", new JsonArray().add(firstTargets)));
    return flow;
  }

  @Benchmark
  @OperationsPerInvocation(BURST)
  public void burstThroughTheFlow() throws Exception {
    arrived = new CountDownLatch(BURST * fanOut);
    engine.receive("burst", new Message());
    if (!arrived.await(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("messages lost: " + arrived.getCount() + " did not arrive");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    engine.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private interface Factory {
    FlowNode create(NodeConfig config, NodeServices services);
  }

  private static NodeType type(String name, Factory factory) {
    return new NodeType() {
      @Override
      public String type() {
        return name;
      }

      @Override
      public String category() {
        return "bench";
      }

      @Override
      public FlowNode create(NodeConfig config, NodeServices services) {
        return factory.create(config, services);
      }

      @Override
      public String editorResource() {
        return null;
      }
    };
  }
}
