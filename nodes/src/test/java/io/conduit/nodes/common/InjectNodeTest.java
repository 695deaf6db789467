package io.conduit.nodes.common;

import io.conduit.spi.Message;
import io.conduit.spi.NodeConfigException;
import io.conduit.testkit.FlowTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The inject node through the real engine, after Node-RED's 20-inject_spec.js. */
class InjectNodeTest {
  private FlowTestHarness h;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  private Message injectOnce(String payload, String payloadType) {
    h = FlowTestHarness.start();
    h.load("[{\"id\":\"i\",\"type\":\"inject\",\"once\":true,\"onceDelay\":0.01,\"topic\":\"t1\",\"payload\":"
      + payload + ",\"payloadType\":\"" + payloadType + "\",\"wires\":[[\"out\"]]},{\"id\":\"out\",\"type\":\"helper\"}]");
    return h.sink("out").next();
  }

  @Test
  void injectsEachValueType() {
    assertThat(injectOnce("\"hello\"", "str").payload()).isEqualTo("hello");
    stop();
    assertThat(injectOnce("\"10\"", "num").payload()).isEqualTo(10);
    stop();
    assertThat(injectOnce("\"true\"", "bool").payload()).isEqualTo(true);
    stop();
    assertThat(injectOnce("\"{\\\"a\\\":[1,2]}\"", "json").payload()).isEqualTo(Map.of("a", List.of(1, 2)));
    stop();
    assertThat((byte[]) injectOnce("\"[1,2]\"", "bin").payload()).containsExactly(1, 2);
    stop();
    long before = System.currentTimeMillis();
    Message date = injectOnce("\"\"", "date");
    assertThat(((Number) date.payload()).longValue()).isBetween(before, System.currentTimeMillis());
    assertThat(date.topic()).isEqualTo("t1");
    assertThat(date.id()).hasSize(16);
  }

  @Test
  void injectsMultipleAndCustomProperties() {
    h = FlowTestHarness.start();
    h.load("""
      [{"id":"tab","type":"tab","env":[{"name":"WHO","value":"world","type":"str"}]},
       {"id":"i","type":"inject","z":"tab","once":true,"onceDelay":0.01,
        "props":[{"p":"payload"},{"p":"topic","vt":"str"},{"p":"custom.deep","v":"${WHO}!","vt":"env"},
                 {"p":"n","v":"2.5","vt":"num"}],
        "payload":"hi","payloadType":"str","topic":"greetings","wires":[["out"]]},
       {"id":"out","type":"helper","z":"tab"}]""");
    Message m = h.sink("out").next();
    assertThat(m.payload()).isEqualTo("hi");
    assertThat(m.topic()).isEqualTo("greetings");
    assertThat(m.get("custom")).isEqualTo(Map.of("deep", "world!"));
    assertThat(m.get("n")).isEqualTo(2.5);
  }

  @Test
  void repeatsEveryInterval() {
    h = FlowTestHarness.start();
    h.load("[{\"id\":\"i\",\"type\":\"inject\",\"repeat\":\"0.05\",\"payload\":\"tick\",\"payloadType\":\"str\",\"wires\":[[\"out\"]]},"
      + "{\"id\":\"out\",\"type\":\"helper\"}]");
    long start = System.nanoTime();
    List<Message> ticks = h.sink("out").next(3);
    assertThat(ticks).extracting(Message::payload).containsOnly("tick");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(140));
  }

  @Test
  void injectsOnceAfterTheDelayThenRepeats() {
    h = FlowTestHarness.start();
    long start = System.nanoTime();
    h.load("[{\"id\":\"i\",\"type\":\"inject\",\"once\":true,\"onceDelay\":0.2,\"repeat\":\"0.05\",\"payload\":\"x\","
      + "\"payloadType\":\"str\",\"wires\":[[\"out\"]]},{\"id\":\"out\",\"type\":\"helper\"}]");
    h.sink("out").next();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    h.sink("out").next(2);
  }

  @Test
  void injectsOnACronSchedule() {
    h = FlowTestHarness.builder().timeout(Duration.ofSeconds(5)).start();
    h.load("[{\"id\":\"i\",\"type\":\"inject\",\"crontab\":\"* * * * * *\",\"payload\":\"cron\",\"payloadType\":\"str\","
      + "\"wires\":[[\"out\"]]},{\"id\":\"out\",\"type\":\"helper\"}]");
    List<Message> two = h.sink("out").next(2);
    assertThat(two).extracting(Message::payload).containsOnly("cron");
  }

  @Test
  void theButtonInjectsPostedPropertiesInsteadOfTheConfiguredOnes() {
    h = FlowTestHarness.start();
    h.load("[{\"id\":\"i\",\"type\":\"inject\",\"payload\":\"configured\",\"payloadType\":\"str\",\"wires\":[[\"out\"]]},"
      + "{\"id\":\"out\",\"type\":\"helper\"}]");
    h.send("i", new Message());
    assertThat(h.sink("out").next().payload()).isEqualTo("configured");
    List<Object> props = new ArrayList<>();
    props.add(new LinkedHashMap<>(Map.of("p", "payload", "v", "posted", "vt", "str")));
    props.add(new LinkedHashMap<>(Map.of("p", "extra", "v", "5", "vt", "num")));
    h.send("i", new Message().set("__user_inject_props__", props));
    Message m = h.sink("out").next();
    assertThat(m.payload()).isEqualTo("posted");
    assertThat(m.get("extra")).isEqualTo(5);
    assertThat(m.has("__user_inject_props__")).isFalse();
  }

  @Test
  void theAdminApiInjectButtonTriggersTheNode() throws Exception {
    h = FlowTestHarness.builder().withAdmin().start();
    h.load("[{\"id\":\"i\",\"type\":\"inject\",\"payload\":\"clicked\",\"payloadType\":\"str\",\"wires\":[[\"out\"]]},"
      + "{\"id\":\"out\",\"type\":\"helper\"}]");
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + h.httpPort() + "/inject/i"))
      .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(h.sink("out").next().payload()).isEqualTo("clicked");
  }

  @Test
  void invalidConfigurationsAreRefusedNamingTheField() {
    h = FlowTestHarness.start();
    assertThatThrownBy(() -> h.load("[{\"id\":\"i\",\"type\":\"inject\",\"payload\":\"{x\",\"payloadType\":\"json\",\"wires\":[[]]}]"))
      .isInstanceOf(NodeConfigException.class).hasMessageContaining("node i (inject): props[0].v '{x' is not a valid JSON value");
    assertThatThrownBy(() -> h.load("[{\"id\":\"i\",\"type\":\"inject\",\"repeat\":\"3000000\",\"wires\":[[]]}]"))
      .isInstanceOf(NodeConfigException.class).hasMessageContaining("repeat");
    assertThatThrownBy(() -> h.load("[{\"id\":\"i\",\"type\":\"inject\",\"props\":[{\"p\":\"payload\",\"v\":\"$now()\",\"vt\":\"jsonata\"}],\"wires\":[[]]}]"))
      .isInstanceOf(NodeConfigException.class)
      .hasMessage("node i (inject): props[0].vt is 'jsonata': JSONata expressions are not supported by Conduit yet");
    assertThatThrownBy(() -> h.load("[{\"id\":\"i\",\"type\":\"inject\",\"crontab\":\"every day\",\"wires\":[[]]}]"))
      .isInstanceOf(NodeConfigException.class).hasMessageContaining("crontab 'every day' is not a valid cron expression");
  }
}
