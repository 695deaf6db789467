package io.conduit.bench.load;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A bare MQTT 3.1.1 connection on a plain socket, for what a client library hides: a socket that is
 * killed without DISCONNECT (will timing), a client that stays silent past its keep-alive, and a
 * cheap "is the broker up" probe. Only CONNECT out and CONNACK in (3.1.1 3.1, 3.2).
 */
public final class RawMqtt implements AutoCloseable {
  private final Socket socket;
  /** When the CONNECT was written (nanoTime): the client's last packet if it stays silent. */
  private long connectSentNanos;

  private RawMqtt(Socket socket) {
    this.socket = socket;
  }

  /**
   * Connects and waits for CONNACK; fails (IOException) when the broker refuses or does not answer
   * within {@code timeoutMillis}. {@code willTopic} may be null.
   */
  public static RawMqtt connect(String host, int port, String clientId, int keepAliveSeconds, String willTopic,
                                byte[] willPayload, int timeoutMillis) throws IOException {
    Socket s = new Socket();
    try {
      s.setTcpNoDelay(true);
      s.connect(new InetSocketAddress(host, port), timeoutMillis);
      s.setSoTimeout(timeoutMillis);
      RawMqtt c = new RawMqtt(s);
      c.connectSentNanos = System.nanoTime();
      s.getOutputStream().write(connectPacket(clientId, keepAliveSeconds, willTopic, willPayload));
      s.getOutputStream().flush();
      c.readConnack();
      return c;
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  private void readConnack() throws IOException {
    DataInputStream in = new DataInputStream(socket.getInputStream());
    int type = in.read();
    if (type < 0) throw new IOException("connection closed before CONNACK");
    if (type != 0x20) throw new IOException("expected CONNACK, got packet type 0x" + Integer.toHexString(type));
    int len = in.read();
    byte[] body = new byte[len];
    in.readFully(body);
    if (len < 2 || body[1] != 0) throw new IOException("CONNACK refused the connection, return code " + (len < 2 ? -1 : body[1]));
  }

  public long connectSentNanos() {
    return connectSentNanos;
  }

  public InputStream input() throws IOException {
    return socket.getInputStream();
  }

  /** Closes the socket without DISCONNECT, as when the client process dies. */
  @Override
  public void close() throws IOException {
    socket.close();
  }

  static byte[] connectPacket(String clientId, int keepAlive, String willTopic, byte[] willPayload) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    writeString(body, "MQTT");
    body.write(4); // protocol level 3.1.1
    int flags = 0x02; // clean session
    if (willTopic != null) flags |= 0x04; // will flag, will QoS 0, not retained
    body.write(flags);
    body.write(keepAlive >> 8);
    body.write(keepAlive);
    writeString(body, clientId);
    if (willTopic != null) {
      writeString(body, willTopic);
      body.write(willPayload.length >> 8);
      body.write(willPayload.length);
      body.write(willPayload, 0, willPayload.length);
    }
    ByteArrayOutputStream packet = new ByteArrayOutputStream();
    packet.write(0x10);
    int remaining = body.size();
    do {
      int digit = remaining & 0x7F;
      remaining >>>= 7;
      packet.write(remaining > 0 ? digit | 0x80 : digit);
    } while (remaining > 0);
    packet.write(body.toByteArray(), 0, body.size());
    return packet.toByteArray();
  }

  private static void writeString(ByteArrayOutputStream out, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.write(b.length >> 8);
    out.write(b.length);
    out.write(b, 0, b.length);
  }
}
