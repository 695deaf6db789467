package io.conduit.broker;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.conduit.spi.SubscribeOptions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class BrokerInspectorTest extends BrokerTestBase {

  @Test
  void clientsShowConnectionDetailsSessionsAndSubscriptions() throws Exception {
    Mqtt5BlockingClient a = v5("inspect-a");
    a.connectWith().keepAlive(30).cleanStart(true).sessionExpiryInterval(600).send();
    a.subscribeWith().topicFilter("x/#").qos(MqttQos.AT_LEAST_ONCE).noLocal(true).send();
    Mqtt3BlockingClient b = v3("inspect-b");
    b.connectWith().cleanSession(false).send();
    b.subscribeWith().topicFilter("y/+").qos(MqttQos.EXACTLY_ONCE).send();
    b.disconnect();
    awaitOffline("inspect-b");
    join(server.localBroker().connect("flow").subscribe("z", SubscribeOptions.qos(0), m -> { }));

    List<BrokerInspector.ClientInfo> clients = join(server.inspector().clients());
    assertThat(clients).extracting(BrokerInspector.ClientInfo::clientId).containsExactly("flow", "inspect-a", "inspect-b");
    BrokerInspector.ClientInfo ia = clients.get(1);
    assertThat(ia.connected()).isTrue();
    assertThat(ia.protocolVersion()).isEqualTo("5");
    assertThat(ia.keepAlive()).isEqualTo(30);
    assertThat(ia.persistent()).isTrue();
    assertThat(ia.remoteAddress()).startsWith("127.0.0.1:");
    assertThat(ia.subscriptions()).hasSize(1);
    BrokerInspector.SubscriptionInfo sa = ia.subscriptions().get(0);
    assertThat(sa.filter()).isEqualTo("x/#");
    assertThat(sa.qos()).isEqualTo(1);
    assertThat(sa.noLocal()).isTrue();
    assertThat(sa.subscriptionId()).isPositive(); // the HiveMQ client numbers its subscriptions
    BrokerInspector.ClientInfo ib = clients.get(2);
    assertThat(ib.connected()).isFalse();
    assertThat(ib.remoteAddress()).isNull();
    assertThat(ib.sessionExpiryInterval()).isEqualTo(Session.NEVER_EXPIRES);
    assertThat(ib.subscriptions()).extracting(BrokerInspector.SubscriptionInfo::filter).containsExactly("y/+");
    assertThat(clients.get(0).protocolVersion()).isEqualTo("local");
  }

  @Test
  void retainedAndOverviewReportSizesAndCounts() throws Exception {
    Mqtt3BlockingClient p = connectedV3(uniqueId("pub"));
    p.publishWith().topic("r/one").payload(new byte[10]).retain(true).qos(MqttQos.AT_LEAST_ONCE).send();
    p.publishWith().topic("r/two").payload(new byte[20]).retain(true).qos(MqttQos.AT_LEAST_ONCE).send();
    assertThat(join(server.inspector().retained())).containsExactly(
      new BrokerInspector.RetainedInfo("r/one", 10, 1), new BrokerInspector.RetainedInfo("r/two", 20, 1));
    BrokerInspector.Overview o = join(server.inspector().overview());
    assertThat(o.retainedMessages()).isEqualTo(2);
    assertThat(o.messagesReceived()).isEqualTo(2);
    assertThat(o.clientsConnected()).isEqualTo(1);
  }

  @Test
  void topicViewRecordsLastValueAndCountOnceWatched() throws Exception {
    assertThat(join(server.inspector().topics())).isEmpty();
    Mqtt3BlockingClient p = connectedV3(uniqueId("pub"));
    for (int i = 0; i < 3; i++) {
      p.publishWith().topic("live/temp").payload(("2" + i).getBytes(StandardCharsets.UTF_8)).qos(MqttQos.AT_LEAST_ONCE).send();
    }
    await().atMost(5, TimeUnit.SECONDS).until(() -> !join(server.inspector().topics()).isEmpty());
    BrokerInspector.TopicInfo t = join(server.inspector().topics()).get(0);
    assertThat(t.topic()).isEqualTo("live/temp");
    assertThat(t.messages()).isEqualTo(3);
    assertThat(new String(t.lastPayload(), StandardCharsets.UTF_8)).isEqualTo("22");
    assertThat(t.lastPayloadSize()).isEqualTo(2);
  }

  @Test
  void inspectorFailsClearlyWhenTheBrokerIsStopped() throws Exception {
    BrokerServer stopped = new BrokerServer(vertx, new BrokerOptions().setPort(0));
    assertThatThrownBy(() -> join(stopped.inspector().clients())).hasMessageContaining("not running");
  }
}
