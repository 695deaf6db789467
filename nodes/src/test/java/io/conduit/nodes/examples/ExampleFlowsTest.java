package io.conduit.nodes.examples;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.conduit.flow.NodeLog;
import io.conduit.nodes.testing.BuiltinBroker;
import io.conduit.testkit.FlowTestHarness;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example flows of the repository's {@code flows/} folder: each loads and starts on the
 * built-in broker without errors, and the LWT example raises an alert when a real device process
 * (mosquitto_sub with a will) is killed.
 */
class ExampleFlowsTest {
  static final Path FLOWS = Path.of(System.getProperty("basedir", ".")).resolve("../flows").normalize();

  private BuiltinBroker broker;
  private FlowTestHarness h;

  @BeforeEach
  void start() {
    broker = BuiltinBroker.start();
    h = FlowTestHarness.builder().vertx(broker.vertx()).broker(broker.localBroker()).timeout(Duration.ofSeconds(10)).start();
  }

  @AfterEach
  void stop() {
    h.close();
    broker.close();
  }

  static List<Path> exampleFiles() throws IOException {
    try (Stream<Path> files = Files.list(FLOWS)) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
  }

  @Test
  void everyExampleLoadsAndStartsWithoutErrors() throws Exception {
    List<Path> files = exampleFiles();
    assertThat(files).extracting(p -> p.getFileName().toString()).contains("lwt-offline-alerts.json");
    JsonArray all = new JsonArray();
    for (Path f : files) {
      JsonArray flow = new JsonArray(Files.readString(f));
      h.load(flow);
      for (Object o : flow) {
        JsonObject n = (JsonObject) o;
        if (!n.getString("type").equals("tab")) {
          assertThat(h.node(n.getString("id"), Object.class)).as(f.getFileName() + ": node " + n.getString("id") + " runs").isNotNull();
        }
      }
      flow.forEach(all::add);
    }
    h.load(all); // as the engine loads them together on first start
    assertThat(h.logs()).filteredOn(l -> l.level() <= NodeLog.WARN).isEmpty();
  }

  @Test
  void lwtExampleAlertsWhenADeviceProcessDies() throws Exception {
    h.load(new JsonArray(Files.readString(FLOWS.resolve("lwt-offline-alerts.json"))));
    Mqtt5BlockingClient watcher = broker.client();
    Process device = null;
    try (Mqtt5BlockingClient.Mqtt5Publishes alerts = BuiltinBroker.publishes(watcher)) {
      watcher.subscribeWith().topicFilter("alerts/offline").qos(MqttQos.AT_LEAST_ONCE).send();
      watcher.publishWith().topic("devices/dev1/status").retain(true).payload("online".getBytes(StandardCharsets.UTF_8)).send();
      device = new ProcessBuilder("mosquitto_sub", "-h", "127.0.0.1", "-p", Integer.toString(broker.port()), "-i", "dev1",
        "-q", "1", "-t", "devices/dev1/cmd", "--will-topic", "devices/dev1/status", "--will-payload", "offline",
        "--will-qos", "1", "--will-retain").redirectErrorStream(true).start();
      awaitConnected(device, watcher);
      device.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      Mqtt5Publish alert = alerts.receive(10, TimeUnit.SECONDS).orElseThrow(() -> new AssertionError("no alert"));
      JsonObject payload = new JsonObject(new String(alert.getPayloadAsBytes(), StandardCharsets.UTF_8));
      assertThat(payload.getString("event")).isEqualTo("device-offline");
      assertThat(payload.getString("device")).isEqualTo("dev1");
      assertThat(payload.getLong("at")).isPositive();
      assertThat(alerts.receive(200, TimeUnit.MILLISECONDS)).as("'online' raised no alert").isEmpty();
      List<Object> debug = h.awaitComms("debug", 1);
      assertThat(debug.get(0).toString()).contains("device-offline");
    } finally {
      if (device != null) {
        device.destroyForcibly();
      }
      watcher.disconnect();
    }
  }

  /** The device process is connected once it prints a command published to it. */
  private static void awaitConnected(Process device, Mqtt5BlockingClient publisher) throws Exception {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(device.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          lines.add(line);
        }
      } catch (IOException ignored) {
        // the process was killed
      }
    });
    reader.setDaemon(true);
    reader.start();
    for (int i = 0; i < 100; i++) {
      publisher.publishWith().topic("devices/dev1/cmd").payload("ping".getBytes(StandardCharsets.UTF_8)).send();
      String line = lines.poll(100, TimeUnit.MILLISECONDS);
      if ("ping".equals(line)) {
        return;
      }
      if (!device.isAlive()) {
        throw new AssertionError("mosquitto_sub exited: " + lines);
      }
    }
    throw new AssertionError("the device process never connected: " + lines);
  }

  @Test
  void everyExampleHasUniqueIds() throws Exception {
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (Path f : exampleFiles()) {
      for (Object o : new JsonArray(Files.readString(f))) {
        assertThat(ids.add(((JsonObject) o).getString("id"))).as("id " + ((JsonObject) o).getString("id") + " in " + f).isTrue();
      }
    }
  }
}
