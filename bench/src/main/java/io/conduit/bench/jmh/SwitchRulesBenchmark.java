package io.conduit.bench.jmh;

import io.conduit.nodes.function.SwitchRules;
import io.conduit.spi.Message;
import io.conduit.spi.NodeConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Switch evaluation ({@link SwitchRules#apply}) per message: the flow benchmark's rules
 * ({@code v > 10} / otherwise, first match) on a number, and a five-rule table checking all rules
 * on a string (eq, neq, cont, regex, istype).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SwitchRulesBenchmark {
  private SwitchRules threshold;
  private SwitchRules table;
  private Message msg;
  private int next;

  @Setup
  public void build() {
    threshold = SwitchRules.parse(config(new JsonArray()
      .add(new JsonObject().put("t", "gt").put("v", "10").put("vt", "num"))
      .add(new JsonObject().put("t", "else")), "false"));
    table = SwitchRules.parse(config(new JsonArray()
      .add(new JsonObject().put("t", "eq").put("v", "offline").put("vt", "str"))
      .add(new JsonObject().put("t", "neq").put("v", "online").put("vt", "str"))
      .add(new JsonObject().put("t", "cont").put("v", "line").put("vt", "str"))
      .add(new JsonObject().put("t", "regex").put("v", "^o(n|ff)line$").put("vt", "str").put("case", false))
      .add(new JsonObject().put("t", "istype").put("v", "string").put("vt", "string")), "true"));
    msg = Message.withPayload("offline");
  }

  private static NodeConfig config(JsonArray rules, String checkall) {
    return new NodeConfig(new JsonObject().put("id", "sw").put("type", "switch").put("property", "payload")
      .put("propertyType", "msg").put("rules", rules).put("checkall", checkall).put("outputs", rules.size()));
  }

  @Benchmark
  public boolean[] thresholdOnNumber() throws SwitchRules.RuleException {
    next = (next + 1) & 31;
    return threshold.apply(next, msg, null, null);
  }

  @Benchmark
  public boolean[] fiveRulesOnString() throws SwitchRules.RuleException {
    return table.apply("offline", msg, null, null);
  }
}
