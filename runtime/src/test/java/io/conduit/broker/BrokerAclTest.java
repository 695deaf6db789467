package io.conduit.broker;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3SubAckException;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubRecException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.pubrec.Mqtt5PubRecReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.conduit.broker.auth.AuthOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Mosquitto ACL files applied to publish, subscribe, retained delivery and wills, with real clients. */
class BrokerAclTest extends BrokerTestBase {
  static final String ACL = """
    # anonymous: nothing but the public area
    topic read public/#

    user alice
    topic readwrite home/#
    topic deny home/secret/#

    user bob
    topic read home/#
    topic write bob/#
    topic write home/secret/#

    pattern write clients/%c/status
    """;

  @TempDir
  Path dir;

  @Override
  protected BrokerOptions options() {
    try {
      Path acl = dir.resolve("acl");
      Files.writeString(acl, ACL);
      return super.options().setAuth(new AuthOptions()
        .setPasswordFile(BrokerLoginTest.passwordFile(dir, "alice", "a-pw", "bob", "b-pw").toString())
        .setAclFile(acl.toString())
        .setAllowAnonymous(true));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private Mqtt5BlockingClient v5As(String user, String clientId) {
    Mqtt5BlockingClient c = v5(clientId, user, user.charAt(0) + "-pw");
    c.connect();
    return c;
  }

  private Mqtt3BlockingClient v3As(String user, String clientId) {
    Mqtt3BlockingClient c = v3(clientId, user, user.charAt(0) + "-pw");
    c.connect();
    return c;
  }

  private static Optional<Mqtt5Publish> receive(Mqtt5BlockingClient.Mqtt5Publishes p, long ms) throws InterruptedException {
    return p.receive(ms, TimeUnit.MILLISECONDS);
  }

  @Test
  void deniedV5PublishGetsNotAuthorizedOnPubackAndPubrecAndGoesNowhere() throws Exception {
    Mqtt5BlockingClient alice = v5As("alice", uniqueId("alice"));
    Mqtt5BlockingClient.Mqtt5Publishes seen = alice.publishes(MqttGlobalPublishFilter.ALL);
    alice.subscribeWith().topicFilter("home/#").qos(MqttQos.AT_LEAST_ONCE).send();
    Mqtt5BlockingClient bob = v5As("bob", uniqueId("bob"));

    assertThatThrownBy(() -> bob.publishWith().topic("home/lamp").qos(MqttQos.AT_LEAST_ONCE).payload("on".getBytes()).send())
      .isInstanceOfSatisfying(Mqtt5PubAckException.class, e ->
        assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED));
    assertThatThrownBy(() -> bob.publishWith().topic("home/lamp").qos(MqttQos.EXACTLY_ONCE).payload("on".getBytes()).send())
      .isInstanceOfSatisfying(Mqtt5PubRecException.class, e ->
        assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5PubRecReasonCode.NOT_AUTHORIZED));
    assertThat(bob.getState().isConnected()).isTrue();
    bob.publishWith().topic("bob/notes").qos(MqttQos.AT_LEAST_ONCE).payload("allowed".getBytes()).send();
    assertThat(receive(seen, 300)).isEmpty();
  }

  @Test
  void deniedV311PublishIsAcknowledgedAndSilentlyDropped() throws Exception {
    Mqtt5BlockingClient alice = v5As("alice", uniqueId("alice"));
    Mqtt5BlockingClient.Mqtt5Publishes seen = alice.publishes(MqttGlobalPublishFilter.ALL);
    alice.subscribeWith().topicFilter("home/#").qos(MqttQos.AT_LEAST_ONCE).send();
    Mqtt3BlockingClient bob = v3As("bob", uniqueId("bob"));
    bob.publishWith().topic("home/lamp").qos(MqttQos.AT_LEAST_ONCE).payload("denied".getBytes()).send();
    bob.publishWith().topic("home/lamp").qos(MqttQos.EXACTLY_ONCE).payload("denied".getBytes()).send();
    assertThat(bob.getState().isConnected()).isTrue();
    // a later allowed message from alice arrives, the denied ones never did
    alice.publishWith().topic("home/lamp").qos(MqttQos.AT_LEAST_ONCE).payload("allowed".getBytes()).send();
    Mqtt5Publish first = receive(seen, 5000).orElseThrow();
    assertThat(new String(first.getPayloadAsBytes())).isEqualTo("allowed");
  }

  @Test
  void deniedSubscribeGetsAFailureCode() {
    Mqtt5BlockingClient anon5 = connectedV5(uniqueId("anon"));
    assertThatThrownBy(() -> anon5.subscribeWith().topicFilter("home/#").send())
      .isInstanceOfSatisfying(Mqtt5SubAckException.class, e ->
        assertThat(e.getMqttMessage().getReasonCodes()).containsExactly(Mqtt5SubAckReasonCode.NOT_AUTHORIZED));
    Mqtt3BlockingClient anon3 = connectedV3(uniqueId("anon"));
    assertThat(anon3.subscribeWith().topicFilter("public/#").send().getReturnCodes())
      .containsExactly(Mqtt3SubAckReturnCode.SUCCESS_MAXIMUM_QOS_2);
    Mqtt3BlockingClient alice = v3As("alice", uniqueId("alice"));
    assertThatThrownBy(() -> alice.subscribeWith().topicFilter("home/secret/#").send())
      .isInstanceOfSatisfying(Mqtt3SubAckException.class, e ->
        assertThat(e.getMqttMessage().getReturnCodes()).containsExactly(Mqtt3SubAckReturnCode.FAILURE));
  }

  @Test
  void messagesAndRetainedMessagesGoOnlyWhereTheSubscriberMayRead() throws Exception {
    Mqtt5BlockingClient alice = v5As("alice", uniqueId("alice"));
    Mqtt5BlockingClient bob = v5As("bob", uniqueId("bob"));
    bob.publishWith().topic("home/secret/diary").retain(true).qos(MqttQos.AT_LEAST_ONCE).payload("dear diary".getBytes()).send();
    alice.publishWith().topic("home/kitchen").retain(true).qos(MqttQos.AT_LEAST_ONCE).payload("21C".getBytes()).send();

    // alice may subscribe to home/# but the denied part is filtered, retained and live alike
    Mqtt5BlockingClient reader = v5As("alice", uniqueId("alice-reader"));
    Mqtt5BlockingClient.Mqtt5Publishes seen = reader.publishes(MqttGlobalPublishFilter.ALL);
    reader.subscribeWith().topicFilter("home/#").qos(MqttQos.AT_LEAST_ONCE).send();
    Mqtt5Publish retained = receive(seen, 5000).orElseThrow();
    assertThat(retained.getTopic().toString()).isEqualTo("home/kitchen");
    bob.publishWith().topic("home/secret/diary").qos(MqttQos.AT_LEAST_ONCE).payload("more".getBytes()).send();
    alice.publishWith().topic("home/hall").qos(MqttQos.AT_LEAST_ONCE).payload("light".getBytes()).send();
    assertThat(receive(seen, 5000).orElseThrow().getTopic().toString()).isEqualTo("home/hall");
    assertThat(receive(seen, 300)).isEmpty();

    // anonymous clients subscribed to # get nothing of home/ (their # is granted: public/# overlaps it)
    Mqtt5BlockingClient anon = connectedV5(uniqueId("anon"));
    Mqtt5BlockingClient.Mqtt5Publishes anonSeen = anon.publishes(MqttGlobalPublishFilter.ALL);
    anon.subscribeWith().topicFilter("#").send();
    alice.publishWith().topic("home/hall").payload("x".getBytes()).send();
    assertThat(receive(anonSeen, 300)).isEmpty();
  }

  @Test
  void patternRulesUseTheClientId() throws Exception {
    Mqtt5BlockingClient watcher = v5As("bob", uniqueId("watcher"));
    Mqtt5BlockingClient.Mqtt5Publishes seen = watcher.publishes(MqttGlobalPublishFilter.ALL);
    Mqtt5BlockingClient alice = v5As("alice", "kitchen-sensor");
    alice.publishWith().topic("clients/kitchen-sensor/status").qos(MqttQos.AT_LEAST_ONCE).payload("up".getBytes()).send();
    assertThatThrownBy(() -> alice.publishWith().topic("clients/other/status").qos(MqttQos.AT_LEAST_ONCE).payload("up".getBytes()).send())
      .isInstanceOf(Mqtt5PubAckException.class);
    assertThat(receive(seen, 100)).isEmpty();
  }

  @Test
  void aWillIsPublishedOnlyWhereTheClientMayWrite() throws Exception {
    Mqtt5BlockingClient alice = v5As("alice", uniqueId("alice"));
    Mqtt5BlockingClient.Mqtt5Publishes seen = alice.publishes(MqttGlobalPublishFilter.ALL);
    alice.subscribeWith().topicFilter("home/#").qos(MqttQos.AT_LEAST_ONCE).send();

    RawClient denied = raw(4);
    assertThat(denied.connectWithWill("bob-will", 60, "home/bob-gone", "bye", 1, false, 0, 0).body()[1]).isEqualTo((byte) 0);
    denied.close(); // socket loss: the will would go out, but anonymous clients may not write home/
    awaitOffline("bob-will");
    RawClient allowed = raw(4);
    allowed.send(0x10, new byte[] {0, 4, 'M', 'Q', 'T', 'T', 4, (byte) (0xC2 | 0x04 | 0x08), 0, 60},
      RawClient.str("alice-will"), RawClient.str("home/alice-gone"), RawClient.str("bye"), RawClient.str("alice"), RawClient.str("a-pw"));
    assertThat(allowed.read().body()).containsExactly(0, 0);
    allowed.close();
    Mqtt5Publish will = receive(seen, 5000).orElseThrow();
    assertThat(will.getTopic().toString()).isEqualTo("home/alice-gone");
    assertThat(receive(seen, 300)).isEmpty();
  }

  @Test
  void aResumedSessionKeepsOnlyWhatTheNewUserMayRead() throws Exception {
    String id = uniqueId("shared-id");
    Mqtt5BlockingClient alice = v5(id, "alice", "a-pw");
    alice.connectWith().cleanStart(true).sessionExpiryInterval(300).send();
    alice.subscribeWith().topicFilter("home/#").qos(MqttQos.AT_LEAST_ONCE).send();
    alice.disconnect();
    awaitOffline(id);
    Mqtt5BlockingClient writer = v5As("alice", uniqueId("writer"));
    writer.publishWith().topic("home/private").qos(MqttQos.AT_LEAST_ONCE).payload("for alice".getBytes()).send();
    // an anonymous client takes the session over: the queued home/ message is not for it
    Mqtt5BlockingClient anon = v5(id);
    Mqtt5BlockingClient.Mqtt5Publishes seen = anon.publishes(MqttGlobalPublishFilter.ALL);
    assertThat(anon.connectWith().cleanStart(false).sessionExpiryInterval(300).send().isSessionPresent()).isTrue();
    assertThat(receive(seen, 500)).isEmpty();
  }
}
