package io.conduit.broker;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import io.conduit.broker.auth.AuthOptions;
import io.conduit.broker.auth.PasswordFile;
import io.conduit.broker.auth.PasswordHash;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Broker login with a password file (mosquitto_passwd format), anonymous access and the safe default. */
class BrokerLoginTest extends BrokerTestBase {
  /** Few iterations keep the tests fast; the cost of the default is measured in PasswordHashTest. */
  static final int TEST_ITERATIONS = 1000;

  @TempDir
  Path dir;

  static Path passwordFile(Path dir, String... userPasswordPairs) throws Exception {
    PasswordFile pf = PasswordFile.empty();
    for (int i = 0; i < userPasswordPairs.length; i += 2) {
      pf.put(userPasswordPairs[i], PasswordHash.create(userPasswordPairs[i + 1], TEST_ITERATIONS));
    }
    Path file = dir.resolve("passwd");
    pf.write(file);
    return file;
  }

  @Override
  protected BrokerOptions options() {
    try {
      return super.options().setAuth(new AuthOptions().setPasswordFile(passwordFile(dir, "alice", "wonderland", "bob", "builder").toString()));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private Mqtt5BlockingClient v5Login(String user, String password) {
    return v5(uniqueId("v5"), user, password);
  }

  private Mqtt3BlockingClient v3Login(String user, String password) {
    return v3(uniqueId("v3"), user, password);
  }

  @Test
  void rightPasswordLogsIn() {
    assertThat(v5Login("alice", "wonderland").connect().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
    assertThat(v3Login("bob", "builder").connect().getReturnCode()).isEqualTo(Mqtt3ConnAckReturnCode.SUCCESS);
  }

  @Test
  void wrongPasswordIsRefusedAsBadUserNameOrPassword() {
    assertThatThrownBy(() -> v5Login("alice", "wrong").connect())
      .isInstanceOfSatisfying(Mqtt5ConnAckException.class, e ->
        assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD));
    assertThatThrownBy(() -> v3Login("alice", "builder").connect())
      .isInstanceOfSatisfying(Mqtt3ConnAckException.class, e ->
        assertThat(e.getMqttMessage().getReturnCode()).isEqualTo(Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD));
  }

  @Test
  void unknownUserIsRefusedAsBadUserNameOrPassword() {
    assertThatThrownBy(() -> v5Login("mallory", "wonderland").connect())
      .isInstanceOfSatisfying(Mqtt5ConnAckException.class, e ->
        assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD));
    assertThatThrownBy(() -> v3Login("mallory", "x").connect())
      .isInstanceOfSatisfying(Mqtt3ConnAckException.class, e ->
        assertThat(e.getMqttMessage().getReturnCode()).isEqualTo(Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD));
  }

  @Test
  void anonymousClientIsRefusedAsNotAuthorizedOnceAPasswordFileIsSet() {
    assertThatThrownBy(() -> v5(uniqueId("anon")).connect())
      .isInstanceOfSatisfying(Mqtt5ConnAckException.class, e ->
        assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED));
    assertThatThrownBy(() -> v3(uniqueId("anon")).connect())
      .isInstanceOfSatisfying(Mqtt3ConnAckException.class, e ->
        assertThat(e.getMqttMessage().getReturnCode()).isEqualTo(Mqtt3ConnAckReturnCode.NOT_AUTHORIZED));
  }

  @Test
  void packetsSentBeforeTheLoginCompletesAreHandledAfterIt() throws Exception {
    // a raw 3.1.1 client sends CONNECT and PINGREQ back to back: the PINGRESP comes after the CONNACK
    RawClient raw = raw(4);
    byte[] header = {0, 4, 'M', 'Q', 'T', 'T', 4, (byte) 0xC2, 0, 60}; // user name + password + clean session
    raw.send(0x10, header, RawClient.str("early"), RawClient.str("alice"), RawClient.str("wonderland"));
    raw.send(0xC0); // PINGREQ, before the CONNACK
    RawClient.Packet connack = raw.read();
    assertThat(connack.type()).isEqualTo(2);
    assertThat(connack.body()).containsExactly(0, 0);
    assertThat(raw.read().type()).isEqualTo(13); // PINGRESP
  }

  @Test
  void anonymousClientsMayBeAllowedBesideThePasswordFile() throws Exception {
    BrokerServer open = new BrokerServer(vertx, options().setAuth(new AuthOptions()
      .setPasswordFile(passwordFile(dir, "alice", "wonderland").toString()).setAllowAnonymous(true)));
    join(open.start());
    try {
      Mqtt5BlockingClient anon = MqttClient.builder().useMqttVersion5().identifier(uniqueId("anon"))
        .serverHost("127.0.0.1").serverPort(open.actualPort()).buildBlocking();
      assertThat(anon.connect().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
      anon.disconnect();
    } finally {
      join(open.stop());
    }
  }

  @Test
  void aBrokerOnANonLoopbackAddressWithoutPasswordFileRefusesToStart() throws Exception {
    Vertx v = Vertx.vertx();
    try {
      BrokerServer exposed = new BrokerServer(v, new BrokerOptions().setPort(0).setSysInterval(0).setBind("0.0.0.0"));
      assertThatThrownBy(() -> join(exposed.start()))
        .hasMessageContaining("0.0.0.0")
        .hasMessageContaining("password_file")
        .hasMessageContaining("allow_anonymous true");
      assertThat(exposed.actualPort()).isEqualTo(-1);

      BrokerServer onPurpose = new BrokerServer(v, new BrokerOptions().setPort(0).setSysInterval(0).setBind("0.0.0.0")
        .setAuth(new AuthOptions().setAllowAnonymous(true)));
      join(onPurpose.start());
      assertThat(onPurpose.actualPort()).isPositive();
      join(onPurpose.stop());

      BrokerServer withPasswords = new BrokerServer(v, new BrokerOptions().setPort(0).setSysInterval(0).setBind("0.0.0.0")
        .setAuth(new AuthOptions().setPasswordFile(passwordFile(dir, "alice", "wonderland").toString())));
      join(withPasswords.start());
      assertThat(withPasswords.actualPort()).isPositive();
      join(withPasswords.stop());
    } finally {
      v.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aPasswordFileWithAnInvalidLineStopsTheStartNamingTheLine() throws Exception {
    Path bad = dir.resolve("bad-passwd");
    java.nio.file.Files.writeString(bad, "# users\nalice:plaintext\n");
    BrokerServer broken = new BrokerServer(vertx, new BrokerOptions().setPort(0).setSysInterval(0)
      .setAuth(new AuthOptions().setPasswordFile(bad.toString())));
    assertThatThrownBy(() -> join(broken.start()))
      .hasMessageContaining("line 2")
      .hasMessageContaining("alice")
      .hasMessageNotContaining("plaintext");
  }
}
