package io.conduit.broker;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import io.conduit.broker.auth.AuthOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Client-certificate login on the TLS listener: require_certificate + use_identity_as_username, the
 * certificate's CN as the ACL user name; mosquitto_sub/mosquitto_pub with --cert/--key.
 */
class ClientCertificateTest extends BrokerTestBase {
  @TempDir
  static Path dir;
  static TestCertificates ca;
  static Path acl;

  @BeforeAll
  static void makeCaAndAcl() throws Exception {
    ca = new TestCertificates(dir, "clients");
    acl = Files.writeString(dir.resolve("acl"), """
      user dashboard
      topic read sensors/#
      pattern write sensors/%u/#
      """);
  }

  @Override
  protected BrokerOptions options() {
    return super.options()
      .setListeners(ca.withServerCertificate(new ListenerOptions().setTlsPort(0))
        .setCafile(ca.caFile().toString()).setRequireCertificate(true).setUseIdentityAsUsername(true))
      .setAuth(new AuthOptions().setAclFile(acl.toString()));
  }

  /** {@code tool} (mosquitto_sub/mosquitto_pub) with the CA file and the TLS listener's host and port, then {@code rest}. */
  private String[] tls(String tool, String... rest) {
    List<String> all = new ArrayList<>(List.of(tool, "--cafile", ca.caFile().toString(), "-h", "localhost",
      "-p", Integer.toString(server.tlsPort())));
    all.addAll(List.of(rest));
    return all.toArray(String[]::new);
  }

  @Test
  void theCertificatesCommonNameIsTheUserNameForTheAcl() throws Exception {
    Path[] dashboard = ca.client("dashboard");
    Path[] sensor = ca.client("sensor-1");
    Path out = dir.resolve("dashboard.out");
    Process sub = process(out, tls("mosquitto_sub", "--cert", dashboard[0].toString(), "--key", dashboard[1].toString(),
      "-t", "sensors/#", "-C", "1", "-W", "40", "-v", "-i", "dash"));
    await().atMost(30, TimeUnit.SECONDS).until(() -> hasSubscription(server, "sensors/#"));
    // sensor-1 may not write another sensor's topic (dropped: 3.1.1 client), its own topic is fine
    Process denied = process(null, tls("mosquitto_pub", "--cert", sensor[0].toString(), "--key", sensor[1].toString(),
      "-t", "sensors/sensor-2/temp", "-m", "spoofed", "-q", "1"));
    assertThat(denied.waitFor(30, TimeUnit.SECONDS)).isTrue();
    Process pub = process(null, tls("mosquitto_pub", "--cert", sensor[0].toString(), "--key", sensor[1].toString(),
      "-t", "sensors/sensor-1/temp", "-m", "21.5", "-q", "1"));
    assertThat(pub.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(pub.exitValue()).isZero();
    assertThat(sub.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readString(out, StandardCharsets.UTF_8).trim()).isEqualTo("sensors/sensor-1/temp 21.5");
  }

  @Test
  void withoutACertificateTheTlsHandshakeFails() throws Exception {
    Process pub = process(null, tls("mosquitto_pub", "-t", "sensors/x", "-m", "no cert"));
    assertThat(pub.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(pub.exitValue()).isNotZero();
  }

  @Test
  void aCertificateFromAnotherCaIsRefused() throws Exception {
    Path[] stranger = new TestCertificates(dir, "stranger").client("dashboard");
    Process pub = process(null, tls("mosquitto_pub", "--cert", stranger[0].toString(), "--key", stranger[1].toString(),
      "-t", "sensors/x", "-m", "forged"));
    assertThat(pub.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(pub.exitValue()).isNotZero();
  }

  @Test
  void identityWithoutRequiredCertificateRefusesClientsWithoutOneAsBadUserNameOrPassword() throws Exception {
    BrokerServer optional = new BrokerServer(vertx, new BrokerOptions().setPort(0).setSysInterval(0)
      .setListeners(ca.withServerCertificate(new ListenerOptions().setTlsPort(0))
        .setCafile(ca.caFile().toString()).setUseIdentityAsUsername(true)));
    join(optional.start());
    try {
      Mqtt5BlockingClient noCert = MqttClient.builder().useMqttVersion5().identifier(uniqueId("nocert"))
        .serverHost("localhost").serverPort(optional.tlsPort())
        .sslConfig(MqttClientSslConfig.builder().trustManagerFactory(TlsListenerTest.trust(ca.caFile())).build())
        .simpleAuth().username("dashboard").password("ignored".getBytes()).applySimpleAuth()
        .buildBlocking();
      assertThatThrownBy(noCert::connect).isInstanceOfSatisfying(Mqtt5ConnAckException.class, e ->
        assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD));
    } finally {
      join(optional.stop());
    }
  }
}
