package io.conduit.broker;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.conduit.broker.persist.MemoryBrokerStore;
import io.conduit.broker.persist.StoredState;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The broker writes retained messages and persistent sessions through to its store and is rebuilt from it. */
class BrokerStoreTest extends BrokerTestBase {
  private final MemoryBrokerStore store = new MemoryBrokerStore();

  @Override
  protected io.conduit.broker.persist.BrokerStore store() {
    return store;
  }

  @Override
  protected BrokerOptions options() {
    return super.options().setPort(freePort());
  }

  /** Stops the broker and starts a new one on the same port with the same store. */
  private void restart() throws Exception {
    join(server.stop());
    server = new BrokerServer(vertx, options().setPort(port), Clock.systemUTC(), null, store);
    join(server.start());
  }

  @Test
  void retainedMessagesWithPropertiesSurviveARestart() throws Exception {
    Mqtt5BlockingClient pub = connectedV5(uniqueId("pub"));
    pub.publishWith().topic("keep/me").payload("v1".getBytes(StandardCharsets.UTF_8)).retain(true)
      .contentType("text/plain").userProperties().add("k", "v").applyUserProperties().qos(MqttQos.AT_LEAST_ONCE).send();
    pub.publishWith().topic("drop/me").payload("x".getBytes(StandardCharsets.UTF_8)).retain(true).qos(MqttQos.AT_LEAST_ONCE).send();
    pub.publishWith().topic("drop/me").payload(new byte[0]).retain(true).qos(MqttQos.AT_LEAST_ONCE).send();
    pub.disconnect();
    StoredState stored = join(store.load());
    assertThat(stored.retained()).extracting(m -> m.topic()).containsExactly("keep/me");
    restart();
    Mqtt5BlockingClient sub = connectedV5(uniqueId("sub"));
    try (Mqtt5BlockingClient.Mqtt5Publishes in = sub.publishes(MqttGlobalPublishFilter.ALL)) {
      sub.subscribeWith().topicFilter("#").qos(MqttQos.AT_LEAST_ONCE).send();
      Mqtt5Publish p = in.receive(5, TimeUnit.SECONDS).orElseThrow();
      assertThat(p.getTopic().toString()).isEqualTo("keep/me");
      assertThat(p.isRetain()).isTrue();
      assertThat(p.getContentType().orElseThrow().toString()).isEqualTo("text/plain");
      assertThat(p.getUserProperties().asList()).hasSize(1);
      assertThat(in.receive(300, TimeUnit.MILLISECONDS)).isEmpty();
    }
  }

  @Test
  void persistentSessionAndItsSubscriptionsSurviveARestartButCleanOnesDoNot() throws Exception {
    Mqtt3BlockingClient keeper = v3("keeper");
    keeper.connectWith().cleanSession(false).send();
    keeper.subscribeWith().topicFilter("alerts/#").qos(MqttQos.AT_LEAST_ONCE).send();
    keeper.disconnect();
    awaitOffline("keeper");
    Mqtt3BlockingClient passer = connectedV3("passer");
    passer.subscribeWith().topicFilter("x").send();
    passer.disconnect();
    awaitOffline("passer");
    assertThat(join(store.load()).sessions()).extracting(s -> s.clientId()).containsExactly("keeper");
    restart();
    Mqtt3BlockingClient pub = connectedV3(uniqueId("pub"));
    pub.publishWith().topic("alerts/fire").payload("!".getBytes(StandardCharsets.UTF_8)).qos(MqttQos.AT_LEAST_ONCE).send();
    Mqtt3BlockingClient again = v3("keeper");
    try (Mqtt3BlockingClient.Mqtt3Publishes in = again.publishes(MqttGlobalPublishFilter.ALL)) {
      assertThat(again.connectWith().cleanSession(false).send().isSessionPresent()).isTrue();
      assertThat(in.receive(5, TimeUnit.SECONDS).orElseThrow().getTopic().toString()).isEqualTo("alerts/fire");
    }
  }
}
