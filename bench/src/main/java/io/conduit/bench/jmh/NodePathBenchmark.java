package io.conduit.bench.jmh;

import io.conduit.nodes.function.ChangeRules;
import io.conduit.nodes.function.SwitchRules;
import io.conduit.nodes.network.MqttPayloads;
import io.conduit.spi.Message;
import io.conduit.spi.MqttPublish;
import io.conduit.spi.NodeConfig;
import io.vertx.core.buffer.Buffer;
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

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The per-message work of the core nodes on the benchmark flow's path (mqtt in → switch → change →
 * mqtt out), without the engine: converting an MQTT message into a flow message
 * ({@code mqtt in}, auto-detect of a JSON payload), one switch rule, the LWT example's change
 * rules, and serialising the payload for {@code mqtt out} ({@code mqttInAndOutJson}: in, then out).
 * {@code lwtPath} is the LWT example: in (utf8), switch, change, out.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class NodePathBenchmark {
  private MqttPublish reading;
  private MqttPublish status;
  private SwitchRules isOffline;
  private ChangeRules buildAlert;

  @Setup
  public void setUp() {
    reading = MqttPublish.of("sensors/room1/temperature",
      Buffer.buffer("{\"temperature\":21.5,\"unit\":\"C\",\"seq\":123456}".getBytes(StandardCharsets.UTF_8)), 1, false);
    status = MqttPublish.of("devices/dev42/status", Buffer.buffer("offline"), 1, false);
    isOffline = SwitchRules.parse(new NodeConfig(new JsonObject("""
      {"id":"s","type":"switch","property":"payload","rules":[{"t":"eq","v":"offline","vt":"str"}],"checkall":"true"}""")));
    buildAlert = ChangeRules.parse(new NodeConfig(new JsonObject("""
      {"id":"c","type":"change","rules":[
        {"t":"set","p":"device","pt":"msg","to":"topic","tot":"msg"},
        {"t":"change","p":"device","pt":"msg","from":"^devices/([^/]+)/status$","fromt":"re","to":"$1","tot":"str"},
        {"t":"set","p":"payload","pt":"msg","to":"{\\"event\\":\\"device-offline\\"}","tot":"json"},
        {"t":"move","p":"device","pt":"msg","to":"payload.device","tot":"msg"},
        {"t":"set","p":"topic","pt":"msg","to":"alerts/offline","tot":"str"}]}""")));
  }

  @Benchmark
  public Message mqttInAutoDetectJson() throws Exception {
    return MqttPayloads.toMessage(reading, "auto-detect", false);
  }

  @Benchmark
  public boolean[] switchEq() throws Exception {
    return isOffline.apply("offline", null, null, null);
  }

  @Benchmark
  public Message changeBuildAlert() throws Exception {
    Message m = new Message().topic("devices/dev42/status").payload("offline");
    buildAlert.apply(m, null);
    return m;
  }

  @Benchmark
  public Buffer mqttInAndOutJson() throws Exception {
    Message m = MqttPayloads.toMessage(reading, "auto-detect", false);
    return MqttPayloads.toBytes(m.payload());
  }

  @Benchmark
  public Buffer lwtPath() throws Exception {
    Message m = MqttPayloads.toMessage(status, "utf8", false);
    if (!isOffline.apply(m.payload(), m, null, null)[0]) {
      return null;
    }
    buildAlert.apply(m, null);
    return MqttPayloads.toBytes(m.payload());
  }
}
