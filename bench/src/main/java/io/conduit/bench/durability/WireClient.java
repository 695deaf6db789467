package io.conduit.bench.durability;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal blocking MQTT 3.1.1 client for the durability benchmark: no client library between the
 * load and the broker, so both brokers see the same bytes. CONNECT, SUBSCRIBE, PUBLISH QoS 1 and
 * PUBACK only; one thread reads, writes are synchronized.
 */
final class WireClient implements AutoCloseable {
  record Packet(int type, int flags, byte[] body) {
  }

  private final Socket socket;
  private final DataInputStream in;
  private final BufferedOutputStream out;

  WireClient(int port, String clientId, boolean cleanSession) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setTcpNoDelay(true);
    in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 65536));
    out = new BufferedOutputStream(socket.getOutputStream(), 65536);
    byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[10 + 2 + id.length];
    System.arraycopy(new byte[] {0, 4, 'M', 'Q', 'T', 'T', 4, (byte) (cleanSession ? 2 : 0), 0, 0}, 0, body, 0, 10);
    body[10] = (byte) (id.length >> 8);
    body[11] = (byte) id.length;
    System.arraycopy(id, 0, body, 12, id.length);
    send(0x10, body);
    flush();
    Packet connack = read();
    if (connack.type != 2 || connack.body[1] != 0) throw new IOException("CONNECT refused: " + (connack.body.length > 1 ? connack.body[1] : -1));
  }

  void subscribe(String filter, int qos) throws IOException {
    byte[] f = filter.getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[2 + 2 + f.length + 1];
    body[1] = 1;
    body[2] = (byte) (f.length >> 8);
    body[3] = (byte) f.length;
    System.arraycopy(f, 0, body, 4, f.length);
    body[body.length - 1] = (byte) qos;
    send(0x82, body);
    flush();
    while (read().type != 9) {
      // skip queued messages until SUBACK
    }
  }

  synchronized void publish(byte[] topic, int packetId, byte[] payload) throws IOException {
    int remaining = 2 + topic.length + 2 + payload.length;
    out.write(0x32);
    writeLength(remaining);
    out.write(topic.length >> 8);
    out.write(topic.length);
    out.write(topic);
    out.write(packetId >> 8);
    out.write(packetId);
    out.write(payload);
  }

  synchronized void puback(int packetId) throws IOException {
    out.write(0x40);
    out.write(2);
    out.write(packetId >> 8);
    out.write(packetId);
  }

  synchronized void flush() throws IOException {
    out.flush();
  }

  private synchronized void send(int first, byte[] body) throws IOException {
    out.write(first);
    writeLength(body.length);
    out.write(body);
  }

  private void writeLength(int len) throws IOException {
    do {
      int d = len & 0x7F;
      len >>>= 7;
      out.write(len > 0 ? d | 0x80 : d);
    } while (len > 0);
  }

  /** The next packet (blocking). */
  Packet read() throws IOException {
    int b = in.readUnsignedByte();
    int len = 0;
    int mul = 1;
    int d;
    do {
      d = in.readUnsignedByte();
      len += (d & 0x7F) * mul;
      mul *= 128;
    } while ((d & 0x80) != 0);
    byte[] body = new byte[len];
    in.readFully(body);
    return new Packet(b >> 4, b & 0x0F, body);
  }

  /** True when a read would not block (data buffered or on the socket). */
  boolean hasData() throws IOException {
    return in.available() > 0;
  }

  void setReadTimeout(int millis) throws IOException {
    socket.setSoTimeout(millis);
  }

  @Override
  public void close() throws IOException {
    try {
      synchronized (this) {
        out.write(0xE0);
        out.write(0);
        out.flush();
      }
    } catch (IOException ignored) {
      // already gone
    }
    socket.close();
  }
}
