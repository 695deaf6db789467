package io.conduit.bench.load;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What the load generator puts in each message so that the receiving side can tell latency, phase
 * and origin without any shared state. Two encodings:
 * <ul>
 *   <li>binary (broker scenarios), at least {@link #BINARY_HEADER} bytes, padded with zeros to the
 *       payload size asked for: send time (8 bytes, {@link #now()} micros), mark (1 byte),
 *       publisher index (4 bytes), sequence number (4 bytes);</li>
 *   <li>JSON (flow scenarios, where the flow parses and re-serialises the payload):
 *       {@code {"v":7,"e":1,"p":0,"s":42,"t":123456}}; {@code v} is the value the flow doubles and
 *       switches on, {@code e} the mark, the others as above.</li>
 * </ul>
 * The mark tells a run's messages from stragglers of an earlier run still coming out of a backlog,
 * and its measured messages from its warm-up ones: run k marks warm-up messages {@code 2k-1} and
 * measured ones {@code 2k} ({@link #warmupMark}); 0 marks probes that belong to no run.
 * Send and receive happen in the same generator process, so {@link #now()} (micros since the class
 * was loaded, from {@link System#nanoTime()}) is one clock for both ends and stays a safe JSON integer.
 */
public final class Payload {
  /** Bytes of the binary header; payloads are at least this long. */
  public static final int BINARY_HEADER = 17;
  private static final long BASE = System.nanoTime();

  /** The fields a receiver reads back. */
  public record Stamp(long sentMicros, int mark, int publisher, int seq) {
  }

  private Payload() {
  }

  /** Microseconds on the generator's clock. */
  public static long now() {
    return (System.nanoTime() - BASE) / 1000;
  }

  /** Measured marks are even, 2..{@value #MAX_MARK}. */
  public static final int MAX_MARK = 126;

  /** The warm-up mark of the run whose measured mark is {@code mark}. */
  public static int warmupMark(int mark) {
    return mark - 1;
  }

  public static byte[] binary(int size, int mark, int publisher, int seq) {
    byte[] b = new byte[Math.max(size, BINARY_HEADER)];
    ByteBuffer.wrap(b).putLong(now()).put((byte) mark).putInt(publisher).putInt(seq);
    return b;
  }

  public static byte[] json(int value, int mark, int publisher, int seq) {
    String s = "{\"v\":" + value + ",\"e\":" + mark + ",\"p\":" + publisher + ",\"s\":" + seq
      + ",\"t\":" + now() + "}";
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** Reads a binary payload; null when it is too short to be one of ours. */
  public static Stamp readBinary(ByteBuffer b) {
    if (b.remaining() < BINARY_HEADER) return null;
    int p = b.position();
    return new Stamp(b.getLong(p), b.get(p + 8), b.getInt(p + 9), b.getInt(p + 13));
  }

  /**
   * Reads the JSON form (as re-serialised by a flow: any spacing, keys in any order, {@code v}
   * changed); null when a field is missing.
   */
  public static Stamp readJson(ByteBuffer b) {
    long t = jsonLong(b, 't');
    long e = jsonLong(b, 'e');
    long p = jsonLong(b, 'p');
    long s = jsonLong(b, 's');
    if (t < 0 || e < 0 || p < 0 || s < 0) return null;
    return new Stamp(t, (int) e, (int) p, (int) s);
  }

  /** The non-negative integer after {@code "k":}, or -1. */
  static long jsonLong(ByteBuffer b, char key) {
    int end = b.limit();
    for (int i = b.position(); i + 3 < end; i++) {
      if (b.get(i) == '"' && b.get(i + 1) == key && b.get(i + 2) == '"') {
        int j = i + 3;
        while (j < end && (b.get(j) == ' ' || b.get(j) == ':')) j++;
        long v = 0;
        int digits = 0;
        while (j < end && b.get(j) >= '0' && b.get(j) <= '9') {
          v = v * 10 + (b.get(j++) - '0');
          digits++;
        }
        return digits == 0 ? -1 : v;
      }
    }
    return -1;
  }
}
