package io.conduit.broker;

import java.util.HashMap;
import java.util.Map;

/**
 * Per-topic last value and message rate for the editor's live topic tree. Costs nothing until
 * someone looks: {@link BrokerInspector#topics()} switches recording on for {@link #WATCH_MILLIS}
 * after each call, so a sidebar polling it keeps it on and a closed sidebar lets it stop. Rules:
 * at most {@link #MAX_TOPICS} topics (new topics beyond are not recorded); the last payload is
 * kept up to {@link #PREVIEW_BYTES} bytes (a copy); the rate is the number of messages in the last
 * complete second.
 */
final class TopicActivity {
  static final long WATCH_MILLIS = 60_000;
  static final int MAX_TOPICS = 10_000;
  static final int PREVIEW_BYTES = 1024;

  static final class Entry {
    long messages;
    long lastAt;
    byte[] preview;
    int lastSize;
    int lastQos;
    boolean lastRetain;
    long second;
    int inSecond;
    int inPreviousSecond;

    int ratePerSecond(long now) {
      long sec = now / 1000;
      if (sec == second) return inPreviousSecond;
      return sec == second + 1 ? inSecond : 0;
    }
  }

  private final HashMap<String, Entry> topics = new HashMap<>();
  private long watchUntil;
  /** True while recording (checked on every publish: one field read when off). */
  boolean on;

  /** Keeps recording on for the next {@link #WATCH_MILLIS}. */
  void watch(long now) {
    watchUntil = now + WATCH_MILLIS;
    on = true;
  }

  void record(BrokerMessage m, long now) {
    if (now > watchUntil) {
      on = false;
      topics.clear();
      return;
    }
    Entry e = topics.get(m.topic);
    if (e == null) {
      if (topics.size() >= MAX_TOPICS) return;
      e = new Entry();
      topics.put(m.topic, e);
    }
    e.messages++;
    e.lastAt = now;
    int size = m.payload.readableBytes();
    int n = Math.min(size, PREVIEW_BYTES);
    e.preview = new byte[n];
    m.payload.getBytes(m.payload.readerIndex(), e.preview, 0, n);
    e.lastSize = size;
    e.lastQos = m.qos;
    e.lastRetain = m.retain;
    long sec = now / 1000;
    if (sec != e.second) {
      e.inPreviousSecond = sec == e.second + 1 ? e.inSecond : 0;
      e.second = sec;
      e.inSecond = 0;
    }
    e.inSecond++;
  }

  Map<String, Entry> entries() {
    return topics;
  }
}
