package io.conduit.broker;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Read-only views of the running broker for the editor's broker sidebar (the Admin API builds
 * its {@code /broker/...} routes on it). Every method computes its snapshot on the broker context
 * and completes on the caller's context with plain immutable records; nothing returned refers to
 * live broker state. All fail with "the broker is not running" when it is stopped.
 */
public final class BrokerInspector {

  /** One subscription of a client. */
  public record SubscriptionInfo(String filter, int qos, boolean noLocal, boolean retainAsPublished,
                                 int retainHandling, int subscriptionId) {
  }

  /**
   * One session (network client) or in-process client.
   *
   * @param remoteAddress         "host:port", null while offline or for in-process clients
   * @param protocolVersion       "3.1", "3.1.1", "5", or "local" (in-process)
   * @param keepAlive             effective keep-alive in seconds (0: none)
   * @param connected             false for a persistent session whose client is away
   * @param persistent            the session outlives the connection (3.1.1 clean session 0, v5 expiry > 0)
   * @param sessionExpiryInterval seconds; 4294967295 = never
   */
  public record ClientInfo(String clientId, String remoteAddress, String protocolVersion, int keepAlive,
                           boolean connected, boolean persistent, long sessionExpiryInterval,
                           List<SubscriptionInfo> subscriptions, int inflight, int queued, long droppedMessages) {
  }

  /** One retained message. */
  public record RetainedInfo(String topic, int payloadSize, int qos) {
  }

  /**
   * A topic that carried messages while the topic view was being watched.
   *
   * @param lastPayload   the last payload, cut at 1 KB ({@code lastPayloadSize} is the real size)
   * @param ratePerSecond messages in the last complete second
   */
  public record TopicInfo(String topic, long messages, int ratePerSecond, long lastAt, byte[] lastPayload,
                          int lastPayloadSize, int lastQos, boolean lastRetain) {
  }

  /** Broker-wide numbers (the same as {@code $SYS/broker/...}). */
  public record Overview(String version, long uptimeSeconds, int clientsConnected, int sessions, int subscriptions,
                         int retainedMessages, long messagesReceived, long messagesSent, long messagesDropped) {
  }

  private final Vertx vertx;
  private final BrokerServer server;

  BrokerInspector(Vertx vertx, BrokerServer server) {
    this.vertx = vertx;
    this.server = server;
  }

  public Future<Overview> overview() {
    return onBroker(b -> new Overview(BrokerServer.version(), (b.clock.millis() - b.stats.startedAt) / 1000,
      b.sessions.connectedCount(), b.sessions.size(), b.router.indexSize(), b.retained.size(),
      b.stats.messagesReceived, b.stats.messagesSent, b.stats.dropped));
  }

  /** Every session, connected or not, then the in-process clients; sorted by client id. */
  public Future<List<ClientInfo>> clients() {
    return onBroker(b -> {
      List<ClientInfo> out = new ArrayList<>();
      for (Session s : b.sessions.all()) {
        ClientConnection c = s.connection;
        String version = c == null ? null : c.v5 ? "5" : c.protocolVersion == 4 ? "3.1.1" : "3.1";
        out.add(new ClientInfo(s.clientId, c == null ? null : address(c), version, c == null ? 0 : c.keepAlive,
          c != null, s.expiryInterval > 0, s.expiryInterval, subscriptions(s), s.inflightCount(), s.queuedCount(),
          s.droppedMessages));
      }
      for (InProcessClient l : server.inProcess().clients()) {
        out.add(new ClientInfo(l.clientId, null, "local", 0, true, false, 0, subscriptions(l), 0, 0, 0));
      }
      out.sort(Comparator.comparing(ClientInfo::clientId));
      return out;
    });
  }

  /** Every retained message's topic and size, sorted by topic. */
  public Future<List<RetainedInfo>> retained() {
    return onBroker(b -> {
      List<RetainedInfo> out = new ArrayList<>();
      b.retained.forEach((topic, m) -> out.add(new RetainedInfo(topic, m.payloadSize(), m.qos)));
      out.sort(Comparator.comparing(RetainedInfo::topic));
      return out;
    });
  }

  /**
   * Topics seen since the topic view started being watched, sorted by topic. Each call keeps the
   * recording on for the next minute ({@link TopicActivity}); the first call starts it, so it
   * returns the topics published since.
   */
  public Future<List<TopicInfo>> topics() {
    return onBroker(b -> {
      long now = b.clock.millis();
      b.activity.watch(now);
      List<TopicInfo> out = new ArrayList<>();
      b.activity.entries().forEach((topic, e) -> out.add(new TopicInfo(topic, e.messages, e.ratePerSecond(now), e.lastAt,
        e.preview.clone(), e.lastSize, e.lastQos, e.lastRetain)));
      out.sort(Comparator.comparing(TopicInfo::topic));
      return out;
    });
  }

  private static String address(ClientConnection c) {
    return c.remoteAddress() instanceof java.net.InetSocketAddress a
      ? a.getAddress().getHostAddress() + ":" + a.getPort() : String.valueOf(c.remoteAddress());
  }

  private static List<SubscriptionInfo> subscriptions(Subscriber s) {
    List<SubscriptionInfo> out = new ArrayList<>();
    for (Subscription sub : s.subscriptions()) {
      out.add(new SubscriptionInfo(sub.filter.text(), sub.qos, sub.noLocal, sub.retainAsPublished, sub.retainHandling,
        sub.subscriptionId));
    }
    return List.copyOf(out);
  }

  private <T> Future<T> onBroker(Function<Broker, T> snapshot) {
    ContextInternal caller = (ContextInternal) vertx.getOrCreateContext();
    Promise<T> promise = caller.promise();
    Broker b = server.broker();
    if (b == null) {
      promise.fail(new IllegalStateException("the broker is not running"));
      return promise.future();
    }
    b.context.runOnContext(v -> {
      try {
        promise.complete(snapshot.apply(b));
      } catch (RuntimeException e) {
        promise.fail(e);
      }
    });
    return promise.future();
  }
}
