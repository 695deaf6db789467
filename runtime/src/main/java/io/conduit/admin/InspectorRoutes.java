package io.conduit.admin;

import io.conduit.broker.BrokerInspector;
import io.conduit.broker.BrokerServer;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

/**
 * The editor's broker sidebar, read-only: JSON views of the built-in broker built from
 * {@link BrokerInspector} snapshots (taken on the broker's context, never blocking the HTTP one).
 * <ul>
 *   <li>{@code GET /broker/overview}: version, uptime, clients, retained and message counts.</li>
 *   <li>{@code GET /broker/clients}: every session and in-process client: id, address, protocol,
 *       keep-alive, connected, clean or persistent session, subscriptions.</li>
 *   <li>{@code GET /broker/retained}: retained topics with size and QoS.</li>
 *   <li>{@code GET /broker/topics}: topics seen while the view is watched, with the last value
 *       (UTF-8 text, else hex), message count and rate.</li>
 * </ul>
 * A stopped broker answers 503 {@code {"code": "broker_unavailable", "message": ...}}.
 */
public final class InspectorRoutes {
  private final BrokerServer broker;

  public InspectorRoutes(BrokerServer broker) {
    this.broker = broker;
  }

  public void mount(Router router) {
    router.get("/broker/overview").handler(ctx -> answer(ctx, inspector().overview().map(InspectorRoutes::overview)));
    router.get("/broker/clients").handler(ctx -> answer(ctx, inspector().clients().map(list(InspectorRoutes::client))));
    router.get("/broker/retained").handler(ctx -> answer(ctx, inspector().retained().map(list(r ->
      new JsonObject().put("topic", r.topic()).put("size", r.payloadSize()).put("qos", r.qos())))));
    router.get("/broker/topics").handler(ctx -> answer(ctx, inspector().topics().map(list(InspectorRoutes::topic))));
  }

  private BrokerInspector inspector() {
    return broker.inspector();
  }

  static JsonObject overview(BrokerInspector.Overview o) {
    return new JsonObject().put("version", o.version()).put("uptime", o.uptimeSeconds())
      .put("clientsConnected", o.clientsConnected()).put("sessions", o.sessions()).put("subscriptions", o.subscriptions())
      .put("retained", o.retainedMessages()).put("messagesReceived", o.messagesReceived())
      .put("messagesSent", o.messagesSent()).put("messagesDropped", o.messagesDropped());
  }

  static JsonObject client(BrokerInspector.ClientInfo c) {
    JsonArray subs = new JsonArray();
    c.subscriptions().forEach(s -> subs.add(new JsonObject().put("filter", s.filter()).put("qos", s.qos())
      .put("noLocal", s.noLocal()).put("retainAsPublished", s.retainAsPublished()).put("retainHandling", s.retainHandling())));
    return new JsonObject()
      .put("clientId", c.clientId())
      .put("address", c.remoteAddress())
      .put("protocol", c.protocolVersion())
      .put("keepAlive", c.keepAlive())
      .put("connected", c.connected())
      .put("persistent", c.persistent())
      .put("sessionExpiry", c.sessionExpiryInterval())
      .put("subscriptions", subs)
      .put("inflight", c.inflight())
      .put("queued", c.queued())
      .put("dropped", c.droppedMessages());
  }

  static JsonObject topic(BrokerInspector.TopicInfo t) {
    return new JsonObject()
      .put("topic", t.topic())
      .put("count", t.messages())
      .put("rate", t.ratePerSecond())
      .put("lastAt", t.lastAt())
      .put("lastValue", text(t.lastPayload()))
      .put("lastSize", t.lastPayloadSize())
      .put("lastQos", t.lastQos())
      .put("lastRetain", t.lastRetain());
  }

  /** The payload as UTF-8 text when it is valid UTF-8, else as hex (as the debug sidebar shows buffers). */
  static String text(byte[] payload) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload)).toString();
    } catch (CharacterCodingException e) {
      return "0x" + HexFormat.of().formatHex(payload);
    }
  }

  private static <T> Function<List<T>, JsonArray> list(Function<T, JsonObject> one) {
    return items -> {
      JsonArray out = new JsonArray();
      items.forEach(i -> out.add(one.apply(i)));
      return out;
    };
  }

  private static void answer(RoutingContext ctx, Future<?> result) {
    result.onSuccess(body -> ctx.response().putHeader("Content-Type", "application/json").end(body.toString()))
      .onFailure(err -> ctx.response().setStatusCode(503).putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("code", "broker_unavailable").put("message", String.valueOf(err.getMessage())).encode()));
  }
}
