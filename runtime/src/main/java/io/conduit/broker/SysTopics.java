package io.conduit.broker;

import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;

/**
 * {@code $SYS/broker/...} statistics, published retained every {@code sys_interval} seconds as
 * Mosquitto does (its names and formats): version, uptime, clients connected, messages received
 * and sent, retained messages count, and a few more. Only changed values are published again.
 * {@code $SYS} topics are not matched by {@code #} or {@code +} in the first level (see
 * {@link TopicTree}); subscribe to {@code $SYS/#}.
 */
final class SysTopics {
  static final String PREFIX = "$SYS/broker/";

  private final Broker broker;
  private final String version;
  private final java.util.HashMap<String, String> lastSent = new java.util.HashMap<>();

  SysTopics(Broker broker, String version) {
    this.broker = broker;
    this.version = version;
  }

  /** Publishes the current values (called every sys_interval on the broker context). */
  void publish() {
    BrokerStats st = broker.stats;
    long uptime = (broker.clock.millis() - st.startedAt) / 1000;
    put("version", "conduit version " + version);
    put("uptime", uptime + " seconds");
    put("clients/connected", broker.sessions.connectedCount());
    put("clients/disconnected", broker.sessions.size() - broker.sessions.connectedCount());
    put("clients/total", broker.sessions.size());
    put("messages/received", st.messagesReceived);
    put("messages/sent", st.messagesSent);
    put("publish/messages/dropped", st.dropped);
    put("bytes/received", st.bytesReceived);
    put("retained messages/count", broker.retained.size());
    put("subscriptions/count", broker.router.indexSize());
    // limits and overload (Conduit's own names, under Mosquitto's publish/messages/dropped)
    put("publish/messages/dropped/queue_full", st.queueFullDrops);
    put("publish/messages/dropped/congested", st.congestedDrops);
    put("publish/messages/dropped/too_large", st.tooLargeDrops);
    put("clients/refused/max_connections", st.refusedMaxConnections);
    put("clients/refused/connection_rate", st.refusedConnectionRate);
    put("clients/disconnected/packet_too_large", st.packetTooLarge);
    put("clients/disconnected/receive_maximum", st.receiveMaximumExceeded);
    put("store/acks_delayed", st.acksDelayed);
  }

  private void put(String name, long value) {
    put(name, Long.toString(value));
  }

  private void put(String name, String value) {
    if (value.equals(lastSent.get(name))) return;
    lastSent.put(name, value);
    BrokerMessage m = new BrokerMessage(PREFIX + name, Unpooled.wrappedBuffer(value.getBytes(StandardCharsets.UTF_8)),
      0, true, null, BrokerMessage.NEVER, null);
    try {
      broker.retained.put(m);
      broker.router.route(m);
    } finally {
      m.release();
    }
  }
}
