package io.conduit.broker;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAck;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class ConnectTest extends BrokerTestBase {

  @Override
  protected BrokerOptions options() {
    return super.options().setMaxKeepAlive(120);
  }

  @Test
  void emptyClientIdWithCleanStartGetsAnAssignedIdentifier() {
    Mqtt5BlockingClient c = v5("");
    Mqtt5ConnAck ack = c.connect();
    assertThat(ack.getAssignedClientIdentifier()).isPresent();
    assertThat(ack.getAssignedClientIdentifier().get().toString()).isNotEmpty();
    Mqtt3BlockingClient c3 = v3("");
    assertThat(c3.connect().getReturnCode()).isEqualTo(Mqtt3ConnAckReturnCode.SUCCESS);
  }

  @Test
  void emptyClientIdWithPersistentSessionIsRefused() {
    Mqtt3BlockingClient c3 = v3("");
    assertThatThrownBy(() -> c3.connectWith().cleanSession(false).send())
      .isInstanceOfSatisfying(Mqtt3ConnAckException.class, e ->
        assertThat(e.getMqttMessage().getReturnCode()).isEqualTo(Mqtt3ConnAckReturnCode.IDENTIFIER_REJECTED));
    Mqtt5BlockingClient c5 = v5("");
    assertThatThrownBy(() -> c5.connectWith().cleanStart(false).sessionExpiryInterval(60).send())
      .isInstanceOfSatisfying(Mqtt5ConnAckException.class, e ->
        assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.CLIENT_IDENTIFIER_NOT_VALID));
  }

  @Test
  void secondConnectionWithSameIdTakesOverAndClosesTheFirst() throws Exception {
    Mqtt5BlockingClient first = connectedV5("twin");
    Mqtt5BlockingClient second = connectedV5("twin");
    await().atMost(5, TimeUnit.SECONDS).until(() -> !first.getState().isConnected());
    assertThat(second.getState().isConnected()).isTrue();
    assertThat(onBroker(() -> server.broker().sessions.connectedCount())).isEqualTo(1);
  }

  @Test
  void persistentSessionKeepsSubscriptionsAndQueuesQos1WhileAway() throws Exception {
    Mqtt3BlockingClient sub = v3("keeper");
    Mqtt3ConnAck first = sub.connectWith().cleanSession(false).send();
    assertThat(first.isSessionPresent()).isFalse();
    sub.subscribeWith().topicFilter("q/#").qos(MqttQos.AT_LEAST_ONCE).send();
    sub.disconnect();
    awaitOffline("keeper");
    Mqtt3BlockingClient pub = connectedV3(uniqueId("pub"));
    for (int i = 0; i < 5; i++) {
      pub.publishWith().topic("q/" + i).payload(("m" + i).getBytes(StandardCharsets.UTF_8)).qos(MqttQos.AT_LEAST_ONCE).send();
    }
    pub.publishWith().topic("q/zero").payload("lost".getBytes(StandardCharsets.UTF_8)).qos(MqttQos.AT_MOST_ONCE).send();
    await().atMost(5, TimeUnit.SECONDS).until(() -> onBroker(() -> server.broker().sessions.get("keeper").queuedCount()) == 5);

    Mqtt3BlockingClient again = v3("keeper");
    try (Mqtt3BlockingClient.Mqtt3Publishes in = again.publishes(MqttGlobalPublishFilter.ALL)) {
      Mqtt3ConnAck ack = again.connectWith().cleanSession(false).send();
      assertThat(ack.isSessionPresent()).isTrue();
      for (int i = 0; i < 5; i++) {
        assertThat(new String(in.receive(5, TimeUnit.SECONDS).orElseThrow().getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("m" + i);
      }
      assertThat(in.receive(300, TimeUnit.MILLISECONDS)).isEmpty();
    }
  }

  @Test
  void cleanSessionDiscardsThePreviousSession() throws Exception {
    Mqtt3BlockingClient sub = v3("forgetful");
    sub.connectWith().cleanSession(false).send();
    sub.subscribeWith().topicFilter("f/#").qos(MqttQos.AT_LEAST_ONCE).send();
    sub.disconnect();
    Mqtt3BlockingClient again = v3("forgetful");
    assertThat(again.connectWith().cleanSession(true).send().isSessionPresent()).isFalse();
    again.disconnect();
    await().atMost(5, TimeUnit.SECONDS).until(() -> onBroker(() -> server.broker().sessions.get("forgetful")) == null);
    assertThat(onBroker(() -> server.broker().router.indexSize())).isZero();
  }

  @Test
  void queueIsBoundedByMaxQueuedMessagesAndDropsAreCounted() throws Exception {
    onBroker(() -> {
      server.broker().options.setMaxQueuedMessages(3);
      return null;
    });
    Mqtt5BlockingClient sub = v5("bounded");
    sub.connectWith().cleanStart(false).sessionExpiryInterval(300).send();
    sub.subscribeWith().topicFilter("b/t").qos(MqttQos.AT_LEAST_ONCE).send();
    sub.disconnect();
    awaitOffline("bounded");
    // a 3.1.1 publisher gets its PUBACKs as usual (it has no reason codes); v5: see LimitsTest
    Mqtt3BlockingClient pub = connectedV3(uniqueId("pub"));
    for (int i = 0; i < 10; i++) pub.publishWith().topic("b/t").payload(new byte[] {(byte) i}).qos(MqttQos.AT_LEAST_ONCE).send();
    assertThat(onBroker(() -> server.broker().sessions.get("bounded").queuedCount())).isEqualTo(3);
    assertThat(onBroker(() -> server.broker().sessions.get("bounded").droppedMessages)).isEqualTo(7);
  }

  @Test
  void v311KeepAliveAboveMaxKeepaliveIsRefusedAndV5GetsServerKeepAlive() {
    Mqtt3BlockingClient c3 = v3(uniqueId("ka3"));
    assertThatThrownBy(() -> c3.connectWith().keepAlive(600).send())
      .isInstanceOfSatisfying(Mqtt3ConnAckException.class, e ->
        assertThat(e.getMqttMessage().getReturnCode()).isEqualTo(Mqtt3ConnAckReturnCode.IDENTIFIER_REJECTED));
    Mqtt5BlockingClient c5 = v5(uniqueId("ka5"));
    Mqtt5ConnAck ack = c5.connectWith().keepAlive(600).send();
    assertThat(ack.getServerKeepAlive()).hasValue(120);
  }

  @Test
  void clientThatPingsWithinItsKeepAliveStaysConnected() throws Exception {
    Mqtt5BlockingClient c = v5(uniqueId("pinger"));
    c.connectWith().keepAlive(1).send();
    long start = onBroker(() -> server.broker().tick);
    // four keep-alive sweeps: a silent client with keep-alive 1 s would have been closed after two
    await().atMost(8, TimeUnit.SECONDS).until(() -> onBroker(() -> server.broker().tick) >= start + 4);
    assertThat(c.getState().isConnected()).isTrue();
    assertThat(onBroker(() -> server.broker().sessions.connectedCount())).isEqualTo(1);
  }

  @Test
  void v5ConnectAskingForEnhancedAuthenticationIsRefusedWith0x8C() throws Exception {
    RawClient c = raw(5);
    byte[] header = {0, 4, 'M', 'Q', 'T', 'T', 5, 0x02, 0, 60};
    byte[] method = RawClient.str("SCRAM-SHA-1");
    byte[] props = new byte[1 + 1 + method.length];
    props[0] = (byte) (1 + method.length);
    props[1] = 0x15;
    System.arraycopy(method, 0, props, 2, method.length);
    c.send(0x10, header, props, RawClient.str("auth"));
    RawClient.Packet ack = c.read();
    assertThat(ack.type()).isEqualTo(2);
    assertThat(ack.body()[1] & 0xFF).isEqualTo(0x8C);
    assertThat(c.closedByBroker()).isTrue();
  }

  @Test
  void brokerStopTellsV5ClientsServerShuttingDown0x8B() throws Exception {
    RawClient c = raw(5);
    c.connect("stay", true, 60);
    join(server.stop());
    RawClient.Packet d = c.read();
    assertThat(d.type()).isEqualTo(14);
    assertThat(d.body()[0] & 0xFF).isEqualTo(0x8B);
    assertThat(c.closedByBroker()).isTrue();
  }
}
