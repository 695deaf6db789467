package io.conduit.broker;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.conduit.broker.auth.AuthOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * MQTT over WebSocket and secure WebSocket on {@code /mqtt}, with MQTT.js (the client browsers use)
 * run by Node as a child process; MQTT.js is installed by .ci/run into .ci/npm.
 */
class WebSocketListenerTest extends BrokerTestBase {
  static final Path NODE_MODULES = Path.of("..", ".ci", "npm", "node_modules").toAbsolutePath().normalize();

  @TempDir
  static Path dir;
  static TestCertificates ca;
  static Path passwords;

  @BeforeAll
  static void makeCaAndPasswords() throws Exception {
    ca = new TestCertificates(dir, "ws");
    passwords = BrokerLoginTest.passwordFile(dir, "browser", "s3cret");
  }

  @Override
  protected BrokerOptions options() {
    return super.options()
      .setListeners(ca.withServerCertificate(new ListenerOptions().setWsPort(0).setWssPort(0)))
      .setAuth(new AuthOptions().setPasswordFile(passwords.toString()).setAllowAnonymous(true));
  }

  /** Runs roundtrip.js and checks both directions: MQTT.js → TCP client and TCP client → MQTT.js. */
  private void roundTrip(String url, String topic, String... extra) throws Exception {
    assertThat(NODE_MODULES.resolve("mqtt")).as("MQTT.js: run .ci/run or 'npm install --prefix .ci/npm mqtt@5'").isDirectory();
    Path script = Path.of(getClass().getResource("/mqttjs/roundtrip.js").toURI());
    Mqtt5BlockingClient tcp = connectedV5(uniqueId("tcp"));
    Mqtt5BlockingClient.Mqtt5Publishes in = tcp.publishes(MqttGlobalPublishFilter.ALL);
    tcp.subscribeWith().topicFilter(topic + "/out").qos(MqttQos.AT_LEAST_ONCE).send();

    java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("node", script.toString(), url, topic));
    cmd.addAll(extra.length == 0 ? java.util.List.of("-") : java.util.List.of(extra));
    Path out = dir.resolve(topic.replace('/', '_') + ".out");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
    pb.environment().put("NODE_PATH", NODE_MODULES.toString());
    Process node = pb.start();
    onCleanup(node::destroyForcibly);

    await().atMost(60, TimeUnit.SECONDS).until(() -> Files.readString(out).contains("\"subscribed\"") || !node.isAlive());
    assertThat(Files.readString(out)).contains("\"subscribed\"");
    assertThat(new String(in.receive(10, TimeUnit.SECONDS).orElseThrow().getPayloadAsBytes())).isEqualTo("from mqtt.js");
    tcp.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload("hello".getBytes()).send();
    tcp.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload("bye".getBytes()).send();
    assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String log = Files.readString(out);
    assertThat(node.exitValue()).as(log).isZero();
    assertThat(log).contains("\"payload\":\"hello\"").contains("\"payload\":\"bye\"");
  }

  @Test
  void mqttJsOverWebSocket() throws Exception {
    assertThat(server.wsPort()).isPositive();
    roundTrip("ws://127.0.0.1:" + server.wsPort() + "/mqtt", "browser/ws");
  }

  @Test
  void mqttJsOverSecureWebSocketWithALogin() throws Exception {
    assertThat(server.wssPort()).isPositive();
    roundTrip("wss://localhost:" + server.wssPort() + "/mqtt", "browser/wss", ca.caFile().toString(), "browser", "s3cret");
  }

  @Test
  void mqttJsWithAWrongPasswordIsRefused() throws Exception {
    Path script = Path.of(getClass().getResource("/mqttjs/roundtrip.js").toURI());
    Path out = dir.resolve("refused.out");
    ProcessBuilder pb = new ProcessBuilder("node", script.toString(), "wss://localhost:" + server.wssPort() + "/mqtt", "x",
      ca.caFile().toString(), "browser", "wrong").redirectErrorStream(true).redirectOutput(out.toFile());
    pb.environment().put("NODE_PATH", NODE_MODULES.toString());
    Process node = pb.start();
    onCleanup(node::destroyForcibly);
    assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(node.exitValue()).isEqualTo(3);
    assertThat(Files.readString(out)).contains("Bad User Name or Password");
  }
}
