package io.conduit.nodes.network;

import io.conduit.spi.MqttPublish;
import io.conduit.spi.PublishProperties;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * The on-disk form of an {@link OfflineBuffer}: an append-only log, blocking I/O (call it from a
 * worker, never from an event loop).
 *
 * <pre>
 * file    = "CDOB" version:int32(=1) record*
 * record  = ADD(1) seq:int64 qos:int8 retain:int8 topic:str payload:bytes properties:str crc:int32
 *         | REMOVE(2) seq:int64 crc:int32
 * str     = length:int32 UTF-8 bytes        bytes = length:int32 bytes
 * crc     = CRC-32 of the record from its type byte up to the crc
 * </pre>
 * Properties are MQTT 5 publish properties as JSON ("" for none). The live messages are the ADDs
 * without a REMOVE, in seq order. Reading stops at the first truncated or corrupt record (a write
 * cut short by a crash) and the file is cut back there. A file with another magic or version is
 * moved aside ({@code .unreadable-<millis>}) and the buffer starts empty, saying so.
 */
final class OfflineBufferFile {
  static final byte[] MAGIC = "CDOB".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 1;
  private static final byte ADD = 1;
  private static final byte REMOVE = 2;

  /** What {@link #load} found. */
  record Loaded(TreeMap<Long, MqttPublish> live, List<String> problems) {
  }

  private final Path path;
  private FileChannel channel;

  OfflineBufferFile(Path path) {
    this.path = path;
  }

  Path path() {
    return path;
  }

  /** Reads the file (creating it when absent), keeps only the live messages in it, and opens it for appending. */
  Loaded load() throws IOException {
    Files.createDirectories(path.getParent());
    TreeMap<Long, MqttPublish> live = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    if (Files.exists(path)) {
      byte[] all = Files.readAllBytes(path);
      if (all.length < 8 || !java.util.Arrays.equals(java.util.Arrays.copyOf(all, 4), MAGIC)
        || ByteBuffer.wrap(all, 4, 4).getInt() != VERSION) {
        Path aside = path.resolveSibling(path.getFileName() + ".unreadable-" + System.currentTimeMillis());
        Files.move(path, aside, StandardCopyOption.REPLACE_EXISTING);
        problems.add(path + " is not a version " + VERSION + " offline buffer; moved aside to " + aside);
      } else {
        int good = readRecords(all, live);
        if (good < all.length) {
          problems.add(path + ": ignored a truncated or corrupt record at byte " + good + " (" + (all.length - good)
            + " bytes), probably a write cut short");
        }
      }
    }
    rewrite(live);
    return new Loaded(live, problems);
  }

  /** Applies the records of {@code all} to {@code live}; returns the offset after the last good record. */
  private static int readRecords(byte[] all, Map<Long, MqttPublish> live) {
    int pos = 8;
    while (pos < all.length) {
      try {
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(all, pos, all.length - pos));
        byte type = in.readByte();
        long seq = in.readLong();
        MqttPublish m = null;
        int len = 9;
        if (type == ADD) {
          int qos = in.readByte();
          boolean retain = in.readByte() != 0;
          byte[] topic = readBytes(in);
          byte[] payload = readBytes(in);
          byte[] props = readBytes(in);
          len += 2 + 12 + topic.length + payload.length + props.length;
          m = new MqttPublish(new String(topic, StandardCharsets.UTF_8), Buffer.buffer(payload), qos, retain,
            properties(new String(props, StandardCharsets.UTF_8)));
        } else if (type != REMOVE) {
          return pos;
        }
        int crc = in.readInt();
        CRC32 c = new CRC32();
        c.update(all, pos, len);
        if ((int) c.getValue() != crc) {
          return pos;
        }
        if (m != null) {
          live.put(seq, m);
        } else {
          live.remove(seq);
        }
        pos += len + 4;
      } catch (EOFException | RuntimeException e) {
        return pos;
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return pos;
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > in.available()) {
      throw new EOFException();
    }
    return in.readNBytes(n);
  }

  /** Replaces the file with one holding exactly these messages (temp file + rename), and reopens it. */
  void rewrite(Map<Long, MqttPublish> live) throws IOException {
    close();
    Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
    try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
      StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer header = ByteBuffer.allocate(8).put(MAGIC).putInt(VERSION).flip();
      while (header.hasRemaining()) out.write(header);
      List<byte[]> records = new ArrayList<>();
      live.forEach((seq, m) -> records.add(addRecord(seq, m)));
      writeAll(out, records);
      out.force(true);
    }
    Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    channel = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
  }

  /** Appends records and forces them to disk. */
  void append(List<byte[]> records) throws IOException {
    writeAll(channel, records);
    channel.force(false);
  }

  private static void writeAll(FileChannel ch, List<byte[]> records) throws IOException {
    for (byte[] r : records) {
      ByteBuffer b = ByteBuffer.wrap(r);
      while (b.hasRemaining()) ch.write(b);
    }
  }

  void close() throws IOException {
    if (channel != null) {
      channel.close();
      channel = null;
    }
  }

  static byte[] addRecord(long seq, MqttPublish m) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + m.payload().length());
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeByte(ADD);
      out.writeLong(seq);
      out.writeByte(m.qos());
      out.writeByte(m.retain() ? 1 : 0);
      writeBytes(out, m.topic().getBytes(StandardCharsets.UTF_8));
      writeBytes(out, m.payload().getBytes());
      writeBytes(out, properties(m.properties()).getBytes(StandardCharsets.UTF_8));
      return withCrc(bytes);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] removeRecord(long seq) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(13);
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeByte(REMOVE);
      out.writeLong(seq);
      return withCrc(bytes);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
    out.writeInt(b.length);
    out.write(b);
  }

  private static byte[] withCrc(ByteArrayOutputStream bytes) {
    byte[] body = bytes.toByteArray();
    CRC32 c = new CRC32();
    c.update(body);
    return ByteBuffer.allocate(body.length + 4).put(body).putInt((int) c.getValue()).array();
  }

  private static String properties(PublishProperties p) {
    if (p.isEmpty()) {
      return "";
    }
    JsonObject j = new JsonObject();
    if (p.payloadFormatIndicator() != null) j.put("payloadFormatIndicator", p.payloadFormatIndicator());
    if (p.messageExpiryInterval() != null) j.put("messageExpiryInterval", p.messageExpiryInterval());
    if (p.contentType() != null) j.put("contentType", p.contentType());
    if (p.responseTopic() != null) j.put("responseTopic", p.responseTopic());
    if (p.correlationData() != null) j.put("correlationData", Base64.getEncoder().encodeToString(p.correlationData().getBytes()));
    JsonArray user = new JsonArray();
    p.userProperties().forEach(e -> user.add(new JsonArray().add(e.getKey()).add(e.getValue())));
    j.put("userProperties", user);
    return j.encode();
  }

  private static PublishProperties properties(String json) {
    if (json.isEmpty()) {
      return PublishProperties.NONE;
    }
    JsonObject j = new JsonObject(json);
    List<Map.Entry<String, String>> user = new ArrayList<>();
    for (Object o : j.getJsonArray("userProperties", new JsonArray())) {
      JsonArray pair = (JsonArray) o;
      user.add(Map.entry(pair.getString(0), pair.getString(1)));
    }
    String correl = j.getString("correlationData");
    return new PublishProperties(j.getInteger("payloadFormatIndicator"), j.getLong("messageExpiryInterval"),
      j.getString("contentType"), j.getString("responseTopic"),
      correl == null ? null : Buffer.buffer(Base64.getDecoder().decode(correl)), user, List.of());
  }
}
