package io.conduit.broker;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Last Will and Testament; will delay and session expiry with a manual clock. */
class WillTest extends BrokerTestBase {
  private final ManualTime time = new ManualTime();

  @Override
  protected Clock clock() {
    return time;
  }

  @Override
  protected Scheduler scheduler() {
    return time;
  }

  /** Moves the broker's clock forward, running the timers that fall due, on the broker context. */
  private void advance(long millis) throws Exception {
    onBroker(() -> {
      time.advance(millis);
      return null;
    });
  }

  private Mqtt5BlockingClient.Mqtt5Publishes watch(String filter) {
    Mqtt5BlockingClient w = connectedV5(uniqueId("watcher"));
    Mqtt5BlockingClient.Mqtt5Publishes in = w.publishes(MqttGlobalPublishFilter.ALL);
    onCleanup(in::close);
    w.subscribeWith().topicFilter(filter).qos(MqttQos.EXACTLY_ONCE).send();
    return in;
  }

  private static String text(Mqtt5Publish p) {
    return new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8);
  }

  @Test
  void willIsPublishedWhenTheSocketIsLost() throws Exception {
    var in = watch("will/#");
    RawClient c = raw(4);
    c.connectWithWill("dying", 60, "will/dying", "gone", 1, false, 0, 0);
    c.close();
    Mqtt5Publish p = in.receive(5, TimeUnit.SECONDS).orElseThrow();
    assertThat(text(p)).isEqualTo("gone");
    assertThat(p.getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
  }

  @Test
  void willIsNotPublishedOnNormalDisconnect() throws Exception {
    var in = watch("will/#");
    RawClient c = raw(5);
    c.connectWithWill("polite", 60, "will/polite", "gone", 0, false, 0, 0);
    c.send(0xE0, new byte[] {0x00});
    assertThat(c.closedByBroker()).isTrue();
    assertThat(in.receive(500, TimeUnit.MILLISECONDS)).isEmpty();
  }

  @Test
  void v5DisconnectWithWillMessageReasonPublishesTheWill() throws Exception {
    var in = watch("will/#");
    RawClient c = raw(5);
    c.connectWithWill("asks", 60, "will/asks", "please", 0, false, 0, 0);
    c.send(0xE0, new byte[] {0x04});
    assertThat(text(in.receive(5, TimeUnit.SECONDS).orElseThrow())).isEqualTo("please");
  }

  @Test
  void willIsPublishedOnKeepAliveExpiry() throws Exception {
    var in = watch("will/#");
    RawClient c = raw(4);
    c.connectWithWill("silent", 1, "will/silent", "timeout", 0, false, 0, 0);
    // no PINGREQ: the broker closes after 1.5 × 1 s (swept once a second)
    assertThat(text(in.receive(6, TimeUnit.SECONDS).orElseThrow())).isEqualTo("timeout");
    assertThat(c.closedByBroker()).isTrue();
  }

  @Test
  void willIsPublishedOnProtocolError() throws Exception {
    var in = watch("will/#");
    RawClient c = raw(5);
    c.connectWithWill("rude", 60, "will/rude", "error", 0, false, 0, 0);
    c.send(0x30, RawClient.str("a/+"), new byte[] {0});
    assertThat(text(in.receive(5, TimeUnit.SECONDS).orElseThrow())).isEqualTo("error");
  }

  @Test
  void retainedWillIsStoredAsRetained() throws Exception {
    RawClient c = raw(4);
    c.connectWithWill("keeper", 60, "will/kept", "last words", 1, true, 0, 0);
    c.close();
    await().atMost(5, TimeUnit.SECONDS).until(() -> onBroker(() -> server.broker().retained.get("will/kept")) != null);
  }

  @Test
  void delayedWillWaitsForItsDelayAndSessionExpiry() throws Exception {
    var in = watch("will/#");
    RawClient c = raw(5);
    c.connectWithWill("late", 60, "will/late", "delayed", 0, false, 30, 3600);
    c.close();
    await().atMost(5, TimeUnit.SECONDS).until(() -> onBroker(() -> server.broker().wills.pendingCount()) == 1);
    advance(29_000);
    assertThat(in.receive(300, TimeUnit.MILLISECONDS)).isEmpty();
    advance(1_000);
    assertThat(text(in.receive(5, TimeUnit.SECONDS).orElseThrow())).isEqualTo("delayed");
  }

  @Test
  void delayedWillIsCancelledWhenTheClientComesBackInTime() throws Exception {
    var in = watch("will/#");
    RawClient c = raw(5);
    c.connectWithWill("back", 60, "will/back", "delayed", 0, false, 30, 3600);
    c.close();
    await().atMost(5, TimeUnit.SECONDS).until(() -> onBroker(() -> server.broker().wills.pendingCount()) == 1);
    RawClient again = raw(5);
    again.connectV5("back", false, 60, 3600);
    advance(60_000);
    assertThat(in.receive(500, TimeUnit.MILLISECONDS)).isEmpty();
  }

  @Test
  void willDelayLongerThanSessionExpiryGoesOutWhenTheSessionEnds() throws Exception {
    var in = watch("will/#");
    RawClient c = raw(5);
    c.connectWithWill("short", 60, "will/short", "session over", 0, false, 600, 10);
    c.close();
    await().atMost(5, TimeUnit.SECONDS).until(() -> onBroker(() -> server.broker().expiry.pendingCount()) == 1);
    advance(10_000);
    assertThat(text(in.receive(5, TimeUnit.SECONDS).orElseThrow())).isEqualTo("session over");
    assertThat(onBroker(() -> server.broker().sessions.get("short"))).isNull();
  }

  @Test
  void sessionExpiresAfterItsIntervalAndNotBefore() throws Exception {
    RawClient c = raw(5);
    c.connectV5("expiring", true, 60, 120);
    c.subscribe(1, "exp/#", 1);
    c.readType(9);
    c.close();
    await().atMost(5, TimeUnit.SECONDS).until(() -> onBroker(() -> server.broker().expiry.pendingCount()) == 1);
    advance(119_000);
    assertThat(onBroker(() -> server.broker().sessions.get("expiring"))).isNotNull();
    advance(1_000);
    assertThat(onBroker(() -> server.broker().sessions.get("expiring"))).isNull();
    assertThat(onBroker(() -> server.broker().router.indexSize())).isZero();
  }
}
