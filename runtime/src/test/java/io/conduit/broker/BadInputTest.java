package io.conduit.broker;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input closes that one connection (with a v5 reason code where there is one); others go on. */
class BadInputTest extends BrokerTestBase {

  @Override
  protected BrokerOptions options() {
    return super.options().setConnectTimeout(1).setMaxPacketSize(10_000);
  }

  private Socket raw() throws IOException {
    Socket s = new Socket("127.0.0.1", port);
    s.setSoTimeout(5000);
    onCleanup(() -> {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing a closed socket
      }
    });
    return s;
  }

  /** Reads until the broker closes the socket; returns what it sent. */
  private static byte[] readUntilClosed(Socket s) throws IOException {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    InputStream in = s.getInputStream();
    byte[] buf = new byte[1024];
    try {
      for (int n; (n = in.read(buf)) >= 0; ) got.write(buf, 0, n);
    } catch (SocketTimeoutException e) {
      throw new AssertionError("broker did not close the connection", e);
    } catch (IOException reset) {
      // connection reset counts as closed
    }
    return got.toByteArray();
  }

  static byte[] connectV5(String clientId) {
    byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(0x10);
    b.write(10 + 1 + 2 + id.length); // variable header (10) + properties length (1) + client id
    b.writeBytes(new byte[] {0, 4, 'M', 'Q', 'T', 'T', 5, 0x02, 0, 60});
    b.write(0); // no properties
    b.write(0);
    b.write(id.length);
    b.writeBytes(id);
    return b.toByteArray();
  }

  static byte[] connectV311(String clientId) {
    byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(0x10);
    b.write(10 + 2 + id.length);
    b.writeBytes(new byte[] {0, 4, 'M', 'Q', 'T', 'T', 4, 0x02, 0, 60});
    b.write(0);
    b.write(id.length);
    b.writeBytes(id);
    return b.toByteArray();
  }

  /** Skips the CONNACK (v5 one has properties) and returns the rest of what the broker sent. */
  private static byte[] afterConnack(byte[] got) {
    int len = got[1] & 0xFF;
    byte[] rest = new byte[got.length - 2 - len];
    System.arraycopy(got, 2 + len, rest, 0, rest.length);
    return rest;
  }

  @Test
  void garbageBeforeConnectClosesOnlyThatConnection() throws Exception {
    Mqtt5BlockingClient sub = connectedV5(uniqueId("sub"));
    Mqtt5BlockingClient pub = connectedV5(uniqueId("pub"));
    try (Mqtt5BlockingClient.Mqtt5Publishes in = sub.publishes(MqttGlobalPublishFilter.ALL)) {
      sub.subscribeWith().topicFilter("alive").qos(MqttQos.AT_LEAST_ONCE).send();
      Random r = new Random(7);
      for (int round = 0; round < 5; round++) {
        Socket s = raw();
        byte[] junk = new byte[512];
        r.nextBytes(junk);
        junk[0] = (byte) 0xF0; // reserved packet type
        OutputStream out = s.getOutputStream();
        out.write(junk);
        out.flush();
        readUntilClosed(s);
        pub.publishWith().topic("alive").payload(new byte[] {(byte) round}).qos(MqttQos.AT_LEAST_ONCE).send();
        assertThat(in.receive(5, TimeUnit.SECONDS).orElseThrow().getPayloadAsBytes()).containsExactly(round);
      }
    }
  }

  @Test
  void clientThatNeverSendsConnectIsClosedAfterConnectTimeout() throws Exception {
    Socket s = raw();
    long t0 = System.nanoTime();
    assertThat(readUntilClosed(s)).isEmpty();
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(4000);
  }

  /** Connects over a raw v5 socket, sends {@code packet}, expects DISCONNECT {@code reason} and the close. */
  private void assertV5Disconnect(String clientId, byte[] packet, int reason) throws Exception {
    Socket s = raw();
    OutputStream out = s.getOutputStream();
    out.write(connectV5(clientId));
    out.write(packet);
    out.flush();
    byte[] rest = afterConnack(readUntilClosed(s));
    assertThat(rest[0] & 0xFF).as("DISCONNECT").isEqualTo(0xE0);
    assertThat(rest[2] & 0xFF).as("reason code").isEqualTo(reason);
  }

  @Test
  void malformedPacketAfterConnectGetsDisconnect0x81() throws Exception {
    // SUBSCRIBE with QoS 3 in the options byte: malformed
    assertV5Disconnect("malformed", new byte[] {(byte) 0x82, 7, 0, 1, 0, 0, 1, 'a', 3}, 0x81);
  }

  @Test
  void wildcardInPublishTopicGetsDisconnect0x90() throws Exception {
    assertV5Disconnect("wild", new byte[] {0x30, 6, 0, 3, 'a', '/', '#', 0}, 0x90);
  }

  @Test
  void badUtf8TopicGetsDisconnect0x81() throws Exception {
    assertV5Disconnect("utf8", new byte[] {0x30, 6, 0, 3, 'a', (byte) 0xC3, (byte) 0x28, 0}, 0x81);
  }

  @Test
  void oversizePacketGetsDisconnect0x95() throws Exception {
    int remaining = 12_000; // two-byte remaining length, above max_packet_size 10000
    byte[] packet = new byte[3 + remaining];
    packet[0] = 0x30;
    packet[1] = (byte) (0x80 | (remaining & 0x7F));
    packet[2] = (byte) ((remaining >> 7) & 0x7F);
    packet[4] = 1;
    packet[5] = 'a';
    assertV5Disconnect("big", packet, 0x95);
  }

  @Test
  void secondConnectIsAProtocolError0x82() throws Exception {
    assertV5Disconnect("twice", connectV5("twice"), 0x82);
  }

  @Test
  void malformedPacketFrom311ClientJustClosesIt() throws Exception {
    Socket s = raw();
    OutputStream out = s.getOutputStream();
    out.write(connectV311("old"));
    out.write(new byte[] {0x30, 6, 0, 3, 'a', '/', '+', 0});
    out.flush();
    byte[] got = readUntilClosed(s);
    assertThat(got).hasSize(4); // only the CONNACK
    assertThat(got[0] & 0xFF).isEqualTo(0x20);
  }
}
