package io.conduit.broker;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.conduit.broker.auth.AuthOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** MQTT over TLS from PEM files, with a CA made in the test; mosquitto_sub --cafile and the HiveMQ client. */
class TlsListenerTest extends BrokerTestBase {
  @TempDir
  static Path dir;
  static TestCertificates ca;

  @BeforeAll
  static void makeCa() throws Exception {
    ca = new TestCertificates(dir, "tls");
  }

  @Override
  protected BrokerOptions options() {
    return super.options().setListeners(ca.withServerCertificate(new ListenerOptions().setTlsPort(0)));
  }

  static TrustManagerFactory trust(Path caFile) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    try (InputStream in = Files.newInputStream(caFile)) {
      ks.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    return tmf;
  }

  @Test
  void mosquittoSubWithTheCaFileReceivesOverTls() throws Exception {
    int tls = server.tlsPort();
    assertThat(tls).isPositive().isNotEqualTo(port);
    Path out = dir.resolve("sub.out");
    Process sub = process(out, "mosquitto_sub", "--cafile", ca.caFile().toString(), "-h", "localhost", "-p", Integer.toString(tls),
      "-t", "secure/test", "-C", "1", "-W", "40", "-i", "tls-sub");
    await().atMost(30, TimeUnit.SECONDS).until(() -> hasSubscription(server, "secure/test"));
    Process pub = process(null, "mosquitto_pub", "--cafile", ca.caFile().toString(), "-h", "localhost", "-p", Integer.toString(tls),
      "-t", "secure/test", "-m", "over TLS", "-q", "1");
    assertThat(pub.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(pub.exitValue()).isZero();
    assertThat(sub.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readString(out, StandardCharsets.UTF_8).trim()).isEqualTo("over TLS");
  }

  @Test
  void aClientThatDoesNotTrustTheCaCannotConnect() throws Exception {
    Path out = dir.resolve("untrusted.out");
    TestCertificates other = new TestCertificates(dir, "other");
    Process sub = process(out, "mosquitto_sub", "--cafile", other.caFile().toString(), "-h", "localhost",
      "-p", Integer.toString(server.tlsPort()), "-t", "x", "-C", "1", "-W", "30");
    assertThat(sub.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(sub.exitValue()).isNotZero();
    assertThat(Files.readString(out)).contains("TLS error");
  }

  @Test
  void tls12AndTls13AreOfferedAndNothingOlder() throws Exception {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, trust(ca.caFile()).getTrustManagers(), null);
    for (String version : List.of("TLSv1.2", "TLSv1.3")) {
      try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("localhost", server.tlsPort())) {
        s.setEnabledProtocols(new String[] {version});
        s.startHandshake();
        assertThat(s.getSession().getProtocol()).isEqualTo(version);
      }
    }
    assertThat(BrokerListeners.TLS_PROTOCOLS).containsExactlyInAnyOrder("TLSv1.2", "TLSv1.3");
    // an old protocol is refused by the server even when the client offers it (openssl s_client, TLS 1.1 at level 0)
    Process old = process(dir.resolve("tls11.out"), "openssl", "s_client", "-connect", "127.0.0.1:" + server.tlsPort(),
      "-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0");
    old.getOutputStream().close();
    assertThat(old.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(old.exitValue()).isNotZero();
  }

  @Test
  void hivemqClientPublishesOverTlsToAPlainSubscriber() throws Exception {
    Mqtt5BlockingClient plain = connectedV5(uniqueId("plain"));
    Mqtt5BlockingClient.Mqtt5Publishes in = plain.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL);
    plain.subscribeWith().topicFilter("mixed/#").send();
    Mqtt5BlockingClient secure = MqttClient.builder().useMqttVersion5().identifier(uniqueId("tls"))
      .serverHost("localhost").serverPort(server.tlsPort())
      .sslConfig(MqttClientSslConfig.builder().trustManagerFactory(trust(ca.caFile())).build())
      .buildBlocking();
    onCleanup(() -> {
      if (secure.getState().isConnected()) secure.disconnect();
    });
    secure.connect();
    secure.publishWith().topic("mixed/a").payload("from tls".getBytes()).send();
    assertThat(new String(in.receive(10, TimeUnit.SECONDS).orElseThrow().getPayloadAsBytes())).isEqualTo("from tls");
  }

  @Test
  void tlsSettingsAreCheckedTogether() {
    assertThatThrownBy(() -> new ListenerOptions().setCertfile("c.pem").validate()).hasMessageContaining("certfile and keyfile");
    assertThatThrownBy(() -> new ListenerOptions().setTlsPort(8883).validate()).hasMessageContaining("tls_port needs certfile");
    assertThatThrownBy(() -> new ListenerOptions().setCertfile("c").setKeyfile("k").setRequireCertificate(true).validate())
      .hasMessageContaining("require_certificate needs cafile");
    assertThat(ListenerOptions.fromSettings(new io.vertx.core.json.JsonObject().put("certfile", "c").put("keyfile", "k")).getTlsPort())
      .isEqualTo(ListenerOptions.DEFAULT_TLS_PORT);
    assertThat(ListenerOptions.fromSettings(new io.vertx.core.json.JsonObject()).getTlsPort()).isEqualTo(ListenerOptions.OFF);
  }
}
