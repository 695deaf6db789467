package io.conduit.launch;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import io.conduit.broker.TestCertificates;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The README's "Securing Conduit" example, loaded as it stands (only /etc/conduit/ becomes a
 * temporary folder and the ports become free ones): the admin hash is the one of "change-me", the
 * ACL works with mosquitto_sub/mosquitto_pub over TLS, anonymous clients are refused.
 */
class ReadmeSecurityExampleTest {
  @TempDir
  Path dir;

  /** The first fenced block of {@code lang} (null: any) after {@code after} in the README's security section. */
  static String block(String readme, String after, String lang) {
    int section = readme.indexOf("## Securing Conduit");
    assertThat(section).as("README has a 'Securing Conduit' section").isPositive();
    int from = readme.indexOf(after, section);
    int start = readme.indexOf("```" + (lang == null ? "" : lang) + "\n", from);
    int bodyStart = readme.indexOf('\n', start) + 1;
    return readme.substring(bodyStart, readme.indexOf("```\n", bodyStart));
  }

  private Process run(Path out, String... command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.redirectOutput(out == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(out.toFile()));
    return pb.start();
  }

  @Test
  void theExampleConfigurationWorksAsWritten() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    String etc = dir.toAbsolutePath() + "/";
    String yaml = block(readme, "A complete example", "yaml").replace("/etc/conduit/", etc);
    String acl = block(readme, "and `/etc/conduit/acl`", null);
    Files.writeString(dir.resolve("conduit.yaml"), yaml);
    Files.writeString(dir.resolve("acl"), acl);
    PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
    String passwd = dir.resolve("passwd").toString();
    assertThat(Main.run(new String[] {"passwd", "-c", "-b", "-I", "1000", passwd, "sensor-1", "s1-pw"}, quiet, quiet)).isZero();
    assertThat(Main.run(new String[] {"passwd", "-b", "-I", "1000", passwd, "dashboard", "dash-pw"}, quiet, quiet)).isZero();
    TestCertificates ca = new TestCertificates(dir, "readme");
    Path[] server = ca.server();
    Files.copy(server[0], dir.resolve("server.pem"));
    Files.copy(server[1], dir.resolve("server.key"));
    Files.copy(ca.caFile(), dir.resolve("ca.pem"));

    ConduitOptions options = CommandLine.parse("--config", dir.resolve("conduit.yaml").toString(), "--port", "0", "--http-port", "0",
      "--tls-port", "0", "--wss-port", "0", "--data-dir", dir.resolve("data").toString(), "--examples", "false", "--sys-interval", "0")
      .options();
    Conduit conduit = Conduit.start(options).toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
    try {
      // the editor: the admin hash in the README is the one of "change-me", the viewer's of "change-me-too"
      HttpClient http = HttpClient.newHttpClient();
      for (String[] login : List.of(new String[] {"admin", "change-me", "*"}, new String[] {"viewer", "change-me-too", "read"})) {
        HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + conduit.httpPort() + "/auth/token"))
          .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString("client_id=node-red-admin&grant_type=password&scope=&username=" + login[0]
            + "&password=" + login[1])).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(token.statusCode()).as(login[0] + ": " + token.body()).isEqualTo(200);
        assertThat(new JsonObject(token.body()).getString("access_token")).isNotBlank();
      }

      // MQTT: anonymous refused; dashboard reads what sensor-1 publishes under its own name, over TLS
      Mqtt5BlockingClient anonymous = MqttClient.builder().useMqttVersion5().identifier("anon")
        .serverHost("127.0.0.1").serverPort(conduit.mqttPort()).buildBlocking();
      assertThatThrownBy(anonymous::connect).isInstanceOfSatisfying(Mqtt5ConnAckException.class, e ->
        assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED));
      String tls = Integer.toString(conduit.broker().tlsPort());
      Path out = dir.resolve("sub.out");
      Process sub = run(out, "mosquitto_sub", "--cafile", dir.resolve("ca.pem").toString(), "-h", "localhost", "-p", tls,
        "-u", "dashboard", "-P", "dash-pw", "-t", "sensors/#", "-v", "-C", "1", "-W", "60", "-q", "1");
      try {
        org.awaitility.Awaitility.await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(500)).until(() -> {
          Process pub = run(null, "mosquitto_pub", "--cafile", dir.resolve("ca.pem").toString(), "-h", "localhost", "-p", tls,
            "-u", "sensor-1", "-P", "s1-pw", "-t", "sensors/sensor-1/temp", "-m", "21.5", "-q", "1");
          pub.waitFor(30, TimeUnit.SECONDS);
          return !sub.isAlive() || Files.readString(out).contains("21.5");
        });
        assertThat(sub.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(out).trim()).isEqualTo("sensors/sensor-1/temp 21.5");
      } finally {
        sub.destroyForcibly();
      }
    } finally {
      conduit.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
  }
}
