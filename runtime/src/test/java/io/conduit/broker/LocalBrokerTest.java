package io.conduit.broker;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.conduit.spi.LocalClient;
import io.conduit.spi.MqttPublish;
import io.conduit.spi.PublishProperties;
import io.conduit.spi.SubscribeOptions;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class LocalBrokerTest extends BrokerTestBase {

  private record Received(MqttPublish message, Context context) {
  }

  /** Connects a local client from a fresh context of its own, as the flow engine would. */
  private LocalClient connectOnOwnContext(String id, Context[] contextOut) throws Exception {
    Context ctx = vertx.getOrCreateContext();
    Promise<LocalClient> p = Promise.promise();
    ctx.runOnContext(v -> p.complete(server.localBroker().connect(id)));
    contextOut[0] = ctx;
    return join(p.future());
  }

  @Test
  void localPublishReachesNetworkSubscriberWithItsProperties() throws Exception {
    Mqtt5BlockingClient sub = connectedV5(uniqueId("sub"));
    try (Mqtt5BlockingClient.Mqtt5Publishes in = sub.publishes(MqttGlobalPublishFilter.ALL)) {
      sub.subscribeWith().topicFilter("flow/out").qos(MqttQos.AT_LEAST_ONCE).send();
      LocalClient local = server.localBroker().connect("flow-engine");
      PublishProperties props = new PublishProperties(1, null, "text/plain", "flow/reply", Buffer.buffer("corr"),
        List.of(Map.entry("k", "v")), List.of());
      join(local.publish(new MqttPublish("flow/out", Buffer.buffer("hello"), 1, false, props)));
      Mqtt5Publish p = in.receive(5, TimeUnit.SECONDS).orElseThrow();
      assertThat(p.getPayloadAsBytes()).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
      assertThat(p.getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
      assertThat(p.getContentType().orElseThrow().toString()).isEqualTo("text/plain");
      assertThat(p.getResponseTopic().orElseThrow().toString()).isEqualTo("flow/reply");
      assertThat(StandardCharsets.UTF_8.decode(p.getCorrelationData().orElseThrow()).toString()).isEqualTo("corr");
      assertThat(p.getUserProperties().asList()).hasSize(1);
      assertThat(p.getUserProperties().asList().get(0).getName().toString()).isEqualTo("k");
    }
  }

  @Test
  void networkPublishReachesLocalSubscriberWithItsPropertiesRemainingExpiryAndSubscriptionId() throws Exception {
    List<MqttPublish> got = new CopyOnWriteArrayList<>();
    LocalClient local = server.localBroker().connect("flow-props");
    join(local.subscribe("dev/props", new SubscribeOptions(1, false, false, 0, 7), got::add));
    Mqtt5BlockingClient pub = connectedV5(uniqueId("pub"));
    pub.publishWith().topic("dev/props").payload("x".getBytes(StandardCharsets.UTF_8)).qos(MqttQos.AT_LEAST_ONCE)
      .contentType("text/plain").responseTopic("dev/reply").correlationData("corr".getBytes(StandardCharsets.UTF_8))
      .payloadFormatIndicator(com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator.UTF_8)
      .messageExpiryInterval(600).userProperties().add("a", "1").add("a", "2").applyUserProperties().send();
    await().atMost(10, TimeUnit.SECONDS).until(() -> got.size() == 1);
    PublishProperties p = got.get(0).properties();
    assertThat(p.contentType()).isEqualTo("text/plain");
    assertThat(p.responseTopic()).isEqualTo("dev/reply");
    assertThat(p.correlationData().toString()).isEqualTo("corr");
    assertThat(p.payloadFormatIndicator()).isEqualTo(1);
    assertThat(p.messageExpiryInterval()).isBetween(1L, 600L);
    assertThat(p.subscriptionIdentifiers()).containsExactly(7);
    assertThat(p.userProperties()).containsExactly(Map.entry("a", "1"), Map.entry("a", "2"));
  }

  @Test
  void networkPublishesReachLocalHandlerOnTheConnectingContextInOrder() throws Exception {
    Context[] ctx = new Context[1];
    LocalClient local = connectOnOwnContext("flow-in", ctx);
    List<Received> got = new CopyOnWriteArrayList<>();
    int granted = join(local.subscribe("dev/+/state", SubscribeOptions.qos(1), m -> got.add(new Received(m, Context.isOnEventLoopThread() ? io.vertx.core.Vertx.currentContext() : null))));
    assertThat(granted).isEqualTo(1);
    Mqtt5BlockingClient pub = connectedV5(uniqueId("pub"));
    for (int i = 0; i < 100; i++) {
      pub.publishWith().topic("dev/" + (i % 3) + "/state").payload(Integer.toString(i).getBytes(StandardCharsets.UTF_8))
        .qos(MqttQos.EXACTLY_ONCE).send();
    }
    await().atMost(10, TimeUnit.SECONDS).until(() -> got.size() == 100);
    for (int i = 0; i < 100; i++) {
      Received r = got.get(i);
      assertThat(r.message.payload().toString()).isEqualTo(Integer.toString(i));
      assertThat(r.message.qos()).isEqualTo(1);
      assertThat(r.context).isSameAs(ctx[0]);
    }
  }

  @Test
  void localSubscriberGetsRetainedMessageAndOwnMessagesUnlessNoLocal() throws Exception {
    LocalClient a = server.localBroker().connect("a");
    join(a.publish(MqttPublish.of("cfg/mode", Buffer.buffer("eco"), 1, true)));
    List<MqttPublish> plain = new CopyOnWriteArrayList<>();
    List<MqttPublish> noLocal = new CopyOnWriteArrayList<>();
    join(a.subscribe("cfg/#", SubscribeOptions.qos(2), plain::add));
    join(a.subscribe("cfg/+", new SubscribeOptions(2, true, false, 2, 0), noLocal::add));
    await().atMost(5, TimeUnit.SECONDS).until(() -> plain.size() == 1);
    assertThat(plain.get(0).retain()).isTrue();
    assertThat(plain.get(0).qos()).isEqualTo(1);
    join(a.publish(MqttPublish.of("cfg/mode", Buffer.buffer("boost"), 0, false)));
    LocalClient b = server.localBroker().connect("b");
    join(b.publish(MqttPublish.of("cfg/mode", Buffer.buffer("off"), 0, false)));
    await().atMost(5, TimeUnit.SECONDS).until(() -> plain.size() == 3 && noLocal.size() == 1);
    assertThat(noLocal.get(0).payload().toString()).isEqualTo("off");
  }

  @Test
  void invalidTopicsAndFiltersFailTheFuture() {
    LocalClient a = server.localBroker().connect("bad");
    assertThatThrownBy(() -> join(a.publish(MqttPublish.of("a/+", Buffer.buffer("x"), 0, false)))).hasMessageContaining("wildcard");
    assertThatThrownBy(() -> join(a.subscribe("a/#/b", SubscribeOptions.qos(0), m -> { }))).hasMessageContaining("#");
  }

  @Test
  void isSelfRecognisesTheBrokersOwnListener() {
    assertThat(server.localBroker().isSelf("localhost", port)).isTrue();
    assertThat(server.localBroker().isSelf("127.0.0.1", port)).isTrue();
    assertThat(server.localBroker().isSelf("127.0.0.1", port + 1)).isFalse();
    assertThat(server.localBroker().isSelf("example.com", port)).isFalse();
  }

  @Test
  void closedClientGetsNoMoreMessages() throws Exception {
    LocalClient a = server.localBroker().connect("closing");
    List<MqttPublish> got = new CopyOnWriteArrayList<>();
    join(a.subscribe("c/t", SubscribeOptions.qos(0), got::add));
    join(a.close());
    LocalClient b = server.localBroker().connect("other");
    join(b.publish(MqttPublish.of("c/t", Buffer.buffer("x"), 0, false)));
    assertThat(onBroker(() -> server.broker().router.indexSize())).isZero();
    assertThat(got).isEmpty();
    assertThatThrownBy(() -> join(a.publish(MqttPublish.of("c/t", Buffer.buffer("x"), 0, false)))).hasMessageContaining("closed");
  }

  /**
   * The flows' QoS 0 output to a reader whose socket is full is written beyond the high-water mark
   * while the flows are held (they may be fed by network publishers), but only up to
   * {@link ClientConnection#FLOWS_OVERSHOOT_BYTES}: an in-process publisher fed by nothing that can be
   * held (here the test, as an inject would) must not grow the buffer without bound.
   */
  @Test
  void flowOutputToAFullSocketIsWrittenBeyondTheMarkOnlyUpToABound() throws Exception {
    RawClient reader = raw(4);
    reader.connect("full-reader", true, 60);
    reader.subscribe(1, "flow/bulk", 0);
    reader.readType(9); // SUBACK; then it reads nothing more
    LocalClient local = server.localBroker().connect("flow-bulk");
    int size = 10_000;
    int count = 4_000; // 40 MB: far above the socket buffers, the mark and the bound together
    for (int i = 0; i < count - 1; i++) {
      local.publish(new MqttPublish("flow/bulk", Buffer.buffer(new byte[size]), 0, false, PublishProperties.NONE));
    }
    join(local.publish(new MqttPublish("flow/bulk", Buffer.buffer(new byte[size]), 0, false, PublishProperties.NONE)));
    long[] seen = onBroker(() -> {
      Broker b = server.broker();
      Session s = b.sessions.get("full-reader");
      return new long[] {s.connection.ctx.channel().unsafe().outboundBuffer().totalPendingWriteBytes(), b.stats.congestedDrops};
    });
    assertThat(seen[0]).as("bytes waiting in the reader's socket buffer")
      .isLessThanOrEqualTo(256 * 1024 + ClientConnection.FLOWS_OVERSHOOT_BYTES + 2L * size);
    assertThat(seen[1]).as("QoS 0 messages of the flows dropped beyond the bound").isPositive();
  }
}
