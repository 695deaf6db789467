package io.conduit.broker;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A byte-level MQTT client for tests that real client libraries cannot express (withheld acks,
 * duplicate packet ids, raw topic aliases, protocol violations).
 */
final class RawClient implements AutoCloseable {
  record Packet(int type, int flags, byte[] body) {
    int packetId() {
      return ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
    }

    boolean dup() {
      return (flags & 0x08) != 0;
    }

    int qos() {
      return (flags >> 1) & 3;
    }

    /** For PUBLISH: the topic. */
    String topic() {
      int len = ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
      return new String(body, 2, len, StandardCharsets.UTF_8);
    }

    /** For a 3.1.1 PUBLISH: the payload after the topic (and packet id when QoS > 0). */
    String payloadText() {
      int len = ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
      int start = 2 + len + (qos() > 0 ? 2 : 0);
      return new String(body, start, body.length - start, StandardCharsets.UTF_8);
    }

    /** For PUBLISH with QoS > 0: the packet id after the topic. */
    int publishPacketId() {
      int len = ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
      return ((body[2 + len] & 0xFF) << 8) | (body[3 + len] & 0xFF);
    }
  }

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  final int version;

  RawClient(int port, int version) throws IOException {
    this.socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(5000);
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
    this.version = version;
  }

  static byte[] str(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    byte[] r = new byte[b.length + 2];
    r[0] = (byte) (b.length >> 8);
    r[1] = (byte) b.length;
    System.arraycopy(b, 0, r, 2, b.length);
    return r;
  }

  void send(int firstByte, byte[]... parts) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (byte[] p : parts) body.writeBytes(p);
    ByteArrayOutputStream pkt = new ByteArrayOutputStream();
    pkt.write(firstByte);
    int len = body.size();
    do {
      int d = len & 0x7F;
      len >>>= 7;
      pkt.write(len > 0 ? d | 0x80 : d);
    } while (len > 0);
    pkt.writeBytes(body.toByteArray());
    out.write(pkt.toByteArray());
    out.flush();
  }

  /** CONNECT; v5 without properties. Returns the CONNACK. */
  Packet connect(String clientId, boolean clean, int keepAlive) throws IOException {
    byte[] header = {0, 4, 'M', 'Q', 'T', 'T', (byte) version, (byte) (clean ? 0x02 : 0), (byte) (keepAlive >> 8), (byte) keepAlive};
    if (version == 5) send(0x10, header, new byte[] {0}, str(clientId));
    else send(0x10, header, str(clientId));
    return read();
  }

  /** CONNECT v5 with a Session Expiry Interval. */
  Packet connectV5(String clientId, boolean clean, int keepAlive, int sessionExpiry) throws IOException {
    byte[] header = {0, 4, 'M', 'Q', 'T', 'T', 5, (byte) (clean ? 0x02 : 0), (byte) (keepAlive >> 8), (byte) keepAlive};
    byte[] props = {5, 0x11, (byte) (sessionExpiry >> 24), (byte) (sessionExpiry >> 16), (byte) (sessionExpiry >> 8), (byte) sessionExpiry};
    send(0x10, header, props, str(clientId));
    return read();
  }

  /**
   * CONNECT with a will (v5: with Will Delay Interval {@code willDelay} and Session Expiry Interval
   * {@code sessionExpiry}; both ignored for 3.1.1). Returns the CONNACK.
   */
  Packet connectWithWill(String clientId, int keepAlive, String willTopic, String willPayload, int willQos, boolean willRetain,
                         int willDelay, int sessionExpiry) throws IOException {
    int flags = 0x02 | 0x04 | (willQos << 3) | (willRetain ? 0x20 : 0);
    byte[] header = {0, 4, 'M', 'Q', 'T', 'T', (byte) version, (byte) flags, (byte) (keepAlive >> 8), (byte) keepAlive};
    byte[] payload = willPayload.getBytes(StandardCharsets.UTF_8);
    byte[] willBytes = new byte[payload.length + 2];
    willBytes[0] = (byte) (payload.length >> 8);
    willBytes[1] = (byte) payload.length;
    System.arraycopy(payload, 0, willBytes, 2, payload.length);
    if (version == 5) {
      byte[] props = {5, 0x11, (byte) (sessionExpiry >> 24), (byte) (sessionExpiry >> 16), (byte) (sessionExpiry >> 8), (byte) sessionExpiry};
      byte[] willProps = {5, 0x18, (byte) (willDelay >> 24), (byte) (willDelay >> 16), (byte) (willDelay >> 8), (byte) willDelay};
      send(0x10, header, props, str(clientId), willProps, str(willTopic), willBytes);
    } else {
      send(0x10, header, str(clientId), str(willTopic), willBytes);
    }
    return read();
  }

  void publish(String topic, int qos, int packetId, boolean dup, byte[] v5Props, byte[] payload) throws IOException {
    byte[] id = qos > 0 ? new byte[] {(byte) (packetId >> 8), (byte) packetId} : new byte[0];
    byte[] props = version == 5 ? (v5Props == null ? new byte[] {0} : v5Props) : new byte[0];
    send(0x30 | (dup ? 0x08 : 0) | (qos << 1), str(topic), id, props, payload);
  }

  void subscribe(int packetId, String filter, int options) throws IOException {
    byte[] props = version == 5 ? new byte[] {0} : new byte[0];
    send(0x82, new byte[] {(byte) (packetId >> 8), (byte) packetId}, props, str(filter), new byte[] {(byte) options});
  }

  void ack(int type, int packetId) throws IOException {
    send(type, new byte[] {(byte) (packetId >> 8), (byte) packetId});
  }

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

  /** The next packet of {@code type}, skipping others. */
  Packet readType(int type) throws IOException {
    while (true) {
      Packet p = read();
      if (p.type == type) return p;
    }
  }

  /** True when the broker closes the connection before any packet arrives within the socket timeout. */
  boolean closedByBroker() throws IOException {
    try {
      while (true) read();
    } catch (java.io.EOFException | java.net.SocketException e) {
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
