package io.conduit.admin;

import io.conduit.flow.CommsHub;
import io.conduit.flow.FlowJson;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One editor connection on {@code /comms}: Node-RED's comms protocol
 * ({@code editor-api/lib/editor/comms.js}). Rules:
 * <ul>
 *   <li>Every connection gets every event published after it opened (Node-RED subscribes all
 *       clients to everything); {@code {"subscribe": "topic"}} (with {@code +} and trailing
 *       {@code /#}) makes the server send the retained values matching it.</li>
 *   <li>The server sends JSON arrays of {@code {"topic": ..., "data": ...}}: events are batched for
 *       {@link #BATCH_DELAY_MS} ms, at most {@link #BATCH_SIZE} per frame.</li>
 *   <li>When nothing was sent for {@link #HEARTBEAT_MS} ms the server sends {@code hb} with the
 *       time of the last send.</li>
 *   <li>At most {@link #MAX_QUEUED} events wait per connection; beyond that the oldest are dropped
 *       (counted, logged once), so a slow browser cannot grow the heap.</li>
 *   <li>Malformed frames from the client are ignored.</li>
 *   <li>With {@code admin_auth} ({@link AdminAuth}) nothing is sent until the client has
 *       authenticated: its first message must be {@code {"auth": token}} with a token whose scope
 *       has {@code status.read} (answered {@code {"auth":"ok"}}), or, when requests without a token
 *       have that permission ({@code default}), any message; otherwise the server answers
 *       {@code {"auth":"fail"}} and closes the socket (Node-RED's comms.js).</li>
 * </ul>
 */
final class CommsSocket {
  static final long BATCH_DELAY_MS = 50;
  static final int BATCH_SIZE = 50;
  static final long HEARTBEAT_MS = 15_000;
  static final int MAX_QUEUED = 10_000;
  private static final Logger log = LoggerFactory.getLogger(CommsSocket.class);

  private final ServerWebSocket ws;
  private final CommsHub hub;
  private final Context context;
  private final ConcurrentLinkedQueue<Map<String, Object>> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicBoolean flushScheduled = new AtomicBoolean();
  private final AdminAuth auth;
  private Runnable unlisten;
  private boolean authenticated;
  private final long heartbeat;
  private volatile long lastSent = System.currentTimeMillis();
  private long dropped;

  private CommsSocket(Vertx vertx, ServerWebSocket ws, CommsHub hub, AdminAuth auth) {
    this.ws = ws;
    this.hub = hub;
    this.auth = auth;
    this.context = vertx.getOrCreateContext();
    if (auth == null) activate();
    this.heartbeat = vertx.setPeriodic(HEARTBEAT_MS, t -> {
      if (System.currentTimeMillis() - lastSent > HEARTBEAT_MS) {
        enqueue("hb", lastSent);
      }
    });
    ws.textMessageHandler(this::onText);
    ws.exceptionHandler(e -> log.debug("comms socket error: {}", e.toString()));
    ws.closeHandler(v -> {
      if (unlisten != null) unlisten.run();
      vertx.cancelTimer(heartbeat);
    });
  }

  /**
   * @param auth the editor login, or null when there is none
   */
  static void accept(Vertx vertx, ServerWebSocket ws, CommsHub hub, AdminAuth auth) {
    new CommsSocket(vertx, ws, hub, auth);
  }

  private void activate() {
    authenticated = true;
    unlisten = hub.listen(this::enqueue);
  }

  private void onText(String text) {
    JsonObject msg;
    try {
      msg = new JsonObject(text);
    } catch (DecodeException e) {
      return;
    }
    if (msg.getValue("auth") != null || !authenticated) {
      if (!authenticate(msg)) return;
    }
    Object subscribe = msg.getValue("subscribe");
    if (subscribe instanceof String topic) {
      for (Map.Entry<String, Object> e : hub.retained(topic)) {
        enqueue(e.getKey(), e.getValue());
      }
    }
  }

  /** Handles the login message (or the first message of an anonymous client); false: stop here. */
  private boolean authenticate(JsonObject msg) {
    Object token = msg.getValue("auth");
    if (token != null) {
      AdminAuth.Session session = auth == null ? null : auth.session(token.toString());
      if (auth != null && (session == null || !AdminAuth.hasPermission(session.scope(), "status.read"))) {
        fail();
        return false;
      }
      if (!authenticated) activate();
      ws.writeTextMessage("{\"auth\":\"ok\"}");
      return false;
    }
    if (AdminAuth.hasPermission(auth.anonymousPermissions(), "status.read")) {
      activate();
      return true;
    }
    fail();
    return false;
  }

  private void fail() {
    log.info("Editor comms connection refused: not logged in");
    ws.writeTextMessage("{\"auth\":\"fail\"}").onComplete(x -> ws.close());
  }

  private void enqueue(String topic, Object data) {
    if (!authenticated || topic == null || data == null) return;
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("topic", topic);
    event.put("data", data);
    queue.add(event);
    if (queued.incrementAndGet() > MAX_QUEUED) {
      queue.poll();
      queued.decrementAndGet();
      if (dropped++ == 0) {
        log.warn("Editor connection too slow: dropping the oldest debug/status events");
      }
    }
    if (flushScheduled.compareAndSet(false, true)) {
      context.runOnContext(v -> context.owner().setTimer(BATCH_DELAY_MS, t -> flush()));
    }
  }

  private void flush() {
    List<Map<String, Object>> batch = new ArrayList<>(BATCH_SIZE);
    Map<String, Object> e;
    while (batch.size() < BATCH_SIZE && (e = queue.poll()) != null) {
      queued.decrementAndGet();
      batch.add(e);
    }
    if (!batch.isEmpty() && !ws.isClosed()) {
      String text;
      try {
        text = FlowJson.compact(batch);
      } catch (RuntimeException ex) {
        log.warn("Cannot encode an editor event: {}", ex.toString());
        text = null;
      }
      if (text != null) {
        ws.writeTextMessage(text);
        lastSent = System.currentTimeMillis();
      }
    }
    if (!queue.isEmpty()) {
      context.owner().setTimer(BATCH_DELAY_MS, t -> flush());
    } else {
      flushScheduled.set(false);
      if (!queue.isEmpty() && flushScheduled.compareAndSet(false, true)) {
        context.owner().setTimer(BATCH_DELAY_MS, t -> flush());
      }
    }
  }
}
