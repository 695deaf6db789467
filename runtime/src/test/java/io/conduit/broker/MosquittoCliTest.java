package io.conduit.broker;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import io.conduit.launch.Conduit;
import io.conduit.launch.ConduitOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Mosquitto command-line tools against the broker (installed by .ci/run). */
class MosquittoCliTest extends BrokerTestBase {
  @Test
  void readmeCheckMosquittoSubReceivesMosquittoPubAgainstConduit(@TempDir Path dir) throws Exception {
    ConduitOptions options = ConduitOptions.fromSettings(new JsonObject()
      .put("port", 0).put("http_port", 0).put("data_dir", dir.toString()));
    Conduit conduit = join(Conduit.start(options));
    try {
      if (System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64")) {
        assertThat(conduit.vertx().isNativeTransportEnabled()).as("epoll transport").isTrue();
      }
      String p = Integer.toString(conduit.mqttPort());
      Path out = dir.resolve("sub.out");
      Process sub = process(out, "mosquitto_sub", "-h", "localhost", "-p", p, "-t", "topic/test", "-C", "1", "-W", "20");
      await().atMost(10, TimeUnit.SECONDS).until(() -> hasSubscription(conduit.broker(), "topic/test"));
      Process pub = process(null, "mosquitto_pub", "-h", "localhost", "-p", p, "-t", "topic/test", "-m", "Voici un test");
      assertThat(pub.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(pub.exitValue()).isZero();
      assertThat(sub.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(Files.readString(out, StandardCharsets.UTF_8).trim()).isEqualTo("Voici un test");
    } finally {
      join(conduit.stop());
    }
  }

  @Test
  void willOfKilledMosquittoSubIsPublished() throws Exception {
    Mqtt3BlockingClient watcher = connectedV3(uniqueId("watcher"));
    try (Mqtt3BlockingClient.Mqtt3Publishes in = watcher.publishes(MqttGlobalPublishFilter.ALL)) {
      watcher.subscribeWith().topicFilter("status/sensor1").qos(MqttQos.AT_LEAST_ONCE).send();
      Process sub = process(null, "mosquitto_sub", "-h", "127.0.0.1", "-p", Integer.toString(port), "-i", "sensor1",
        "-t", "cmd/sensor1", "--will-topic", "status/sensor1", "--will-payload", "offline", "--will-qos", "1");
      await().atMost(10, TimeUnit.SECONDS).until(() -> hasSubscription(server, "cmd/sensor1"));
      sub.destroyForcibly(); // SIGKILL: no DISCONNECT, the socket just closes
      Mqtt3Publish will = in.receive(10, TimeUnit.SECONDS).orElseThrow();
      assertThat(new String(will.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("offline");
      assertThat(will.getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
    }
  }

  @Test
  void willOfMosquittoSubIsNotPublishedWhenItDisconnectsNormally() throws Exception {
    Mqtt3BlockingClient watcher = connectedV3(uniqueId("watcher"));
    try (Mqtt3BlockingClient.Mqtt3Publishes in = watcher.publishes(MqttGlobalPublishFilter.ALL)) {
      watcher.subscribeWith().topicFilter("status/#").qos(MqttQos.AT_LEAST_ONCE).send();
      Process sub = process(null, "mosquitto_sub", "-h", "127.0.0.1", "-p", Integer.toString(port), "-i", "sensor2",
        "-t", "cmd/sensor2", "-C", "1", "--will-topic", "status/sensor2", "--will-payload", "offline");
      await().atMost(10, TimeUnit.SECONDS).until(() -> hasSubscription(server, "cmd/sensor2"));
      Process pub = process(null, "mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(port), "-t", "cmd/sensor2", "-m", "stop");
      assertThat(pub.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(sub.waitFor(10, TimeUnit.SECONDS)).isTrue(); // -C 1: exits with a DISCONNECT after one message
      assertThat(in.receive(500, TimeUnit.MILLISECONDS)).isEmpty();
    }
  }

  @Test
  void retainedMessageFromMosquittoPubReachesALaterMosquittoSub(@TempDir Path dir) throws Exception {
    String p = Integer.toString(port);
    Process pub = process(null, "mosquitto_pub", "-h", "127.0.0.1", "-p", p, "-t", "house/lamp", "-m", "on", "-r", "-q", "1");
    assertThat(pub.waitFor(10, TimeUnit.SECONDS)).isTrue();
    Path out = dir.resolve("sub.out");
    Process sub = process(out, "mosquitto_sub", "-h", "127.0.0.1", "-p", p, "-t", "house/#", "-C", "1", "-W", "10", "-v");
    assertThat(sub.waitFor(15, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readString(out).trim()).isEqualTo("house/lamp on");
  }
}
