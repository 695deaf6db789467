package io.conduit.nodes.network;

import io.conduit.spi.MqttPublish;
import io.conduit.spi.PublishProperties;
import io.conduit.spi.SubscribeOptions;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetClient;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * One MQTT client connection to an external broker, MQTT 3.1, 3.1.1 or 5, on a Vert.x
 * {@link NetClient} with Netty's MQTT codec (the codec vertx-mqtt itself uses; vertx-mqtt 5.0.7's
 * own MqttClient speaks only 3.1.1). All callbacks run on the context that called
 * {@link #connect}. No reconnection here: {@link RemoteConnection} does that.
 * <ul>
 *   <li>{@link #publish}: QoS 0 completes once written, QoS 1 on PUBACK, QoS 2 on PUBCOMP; a v5
 *       reason code of 0x80 or more fails it with {@link RefusedException}. Every pending publish
 *       fails (with another exception) when the connection closes.</li>
 *   <li>Inbound QoS 1 is acknowledged at once; inbound QoS 2 is delivered on PUBLISH and its packet
 *       id remembered until PUBREL, so a DUP resend is not delivered twice.</li>
 *   <li>Keep-alive: PINGREQ when nothing was sent for half the interval; the connection is closed
 *       when no PINGRESP came within the interval (the server's keep-alive wins in v5).</li>
 * </ul>
 */
final class MqttClientConnection {
  /** MQTT's largest packet: the decoder refuses bigger ones (Netty's default is only 8092 bytes). */
  static final int MAX_PACKET_BYTES = 268_435_455;
  static final long CONNACK_TIMEOUT_MS = 10_000;

  /** What CONNECT carries. {@code protocolVersion} is 3, 4 (3.1.1) or 5. */
  record ConnectOptions(String clientId, boolean cleanStart, int keepAliveSeconds, String username, String password,
                        int protocolVersion, MqttPublish will, long willDelaySeconds, long sessionExpirySeconds,
                        Map<String, String> userProperties) {
  }

  private record Pending(Promise<Void> promise, int qos) {
  }

  /** The broker answered a publish with a failure reason code (MQTT 5): resending will not help. */
  static final class RefusedException extends RuntimeException {
    RefusedException(String message) {
      super(message);
    }
  }

  private final Vertx vertx;
  private final NetClient netClient;
  private final ConnectOptions options;
  private final Handler<MqttPublish> onMessage;
  private final Map<Integer, Pending> outbound = new HashMap<>();
  private final Map<Integer, Promise<Object>> acks = new HashMap<>();
  private final Set<Integer> inboundQos2 = new HashSet<>();
  private final Promise<String> closed = Promise.promise();
  private NetSocketInternal socket;
  private Promise<MqttConnAckMessage> connack;
  private int nextPacketId = 1;
  private long keepAliveMs;
  private long keepAliveTimer = -1;
  private long lastWrite;
  private long pingSentAt;
  private String closeReason = "connection closed";

  private MqttClientConnection(Vertx vertx, NetClient netClient, ConnectOptions options, Handler<MqttPublish> onMessage) {
    this.vertx = vertx;
    this.netClient = netClient;
    this.options = options;
    this.onMessage = onMessage;
  }

  /** Connects and completes once the broker accepted the connection (CONNACK success). */
  static Future<MqttClientConnection> connect(Vertx vertx, NetClient netClient, String host, int port,
                                              ConnectOptions options, Handler<MqttPublish> onMessage) {
    MqttClientConnection c = new MqttClientConnection(vertx, netClient, options, onMessage);
    return netClient.connect(port, host).compose(so -> c.handshake((NetSocketInternal) so));
  }

  private Future<MqttClientConnection> handshake(NetSocketInternal so) {
    this.socket = so;
    ChannelPipeline pipeline = so.channelHandlerContext().pipeline();
    pipeline.addBefore("handler", "mqttEncoder", MqttEncoder.INSTANCE);
    pipeline.addBefore("handler", "mqttDecoder", new MqttDecoder(MAX_PACKET_BYTES));
    so.messageHandler(m -> handle((MqttMessage) m));
    so.closeHandler(v -> onClosed());
    so.exceptionHandler(e -> closeReason = e.getMessage() == null ? e.toString() : e.getMessage());
    connack = Promise.promise();
    long timer = vertx.setTimer(CONNACK_TIMEOUT_MS, t -> {
      if (connack.tryFail("no CONNACK within " + CONNACK_TIMEOUT_MS + " ms")) {
        so.close();
      }
    });
    write(connectMessage());
    return connack.future().eventually(() -> {
      vertx.cancelTimer(timer);
      return Future.succeededFuture();
    }).compose(ack -> {
      MqttConnectReturnCode rc = ack.variableHeader().connectReturnCode();
      if (rc != MqttConnectReturnCode.CONNECTION_ACCEPTED) {
        so.close();
        return Future.failedFuture("connection refused: " + rc);
      }
      int serverKeepAlive = -1;
      if (ack.variableHeader().properties().getProperty(MqttProperties.SERVER_KEEP_ALIVE) instanceof MqttProperties.IntegerProperty p) {
        serverKeepAlive = p.value();
      }
      startKeepAlive(serverKeepAlive >= 0 ? serverKeepAlive : options.keepAliveSeconds());
      return Future.succeededFuture(this);
    });
  }

  private MqttMessage connectMessage() {
    MqttVersion version = switch (options.protocolVersion()) {
      case 3 -> MqttVersion.MQTT_3_1;
      case 5 -> MqttVersion.MQTT_5;
      default -> MqttVersion.MQTT_3_1_1;
    };
    MqttMessageBuilders.ConnectBuilder b = MqttMessageBuilders.connect()
      .protocolVersion(version)
      .clientId(options.clientId())
      .cleanSession(options.cleanStart())
      .keepAlive(options.keepAliveSeconds());
    if (options.username() != null && !options.username().isEmpty()) {
      b.hasUser(true).username(options.username());
    }
    if (options.password() != null && !options.password().isEmpty()) {
      b.hasPassword(true).password(options.password().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    MqttPublish will = options.will();
    if (will != null) {
      b.willFlag(true).willTopic(will.topic()).willMessage(will.payload().getBytes())
        .willQoS(MqttQoS.valueOf(will.qos())).willRetain(will.retain());
      if (version == MqttVersion.MQTT_5) {
        MqttProperties wp = copy(will.properties().toMqtt());
        if (options.willDelaySeconds() > 0) {
          wp.add(new MqttProperties.IntegerProperty(MqttProperties.WILL_DELAY_INTERVAL, (int) options.willDelaySeconds()));
        }
        b.willProperties(wp);
      }
    }
    if (version == MqttVersion.MQTT_5) {
      MqttProperties props = new MqttProperties();
      if (options.sessionExpirySeconds() > 0) {
        props.add(new MqttProperties.IntegerProperty(MqttProperties.SESSION_EXPIRY_INTERVAL, (int) options.sessionExpirySeconds()));
      }
      props.add(new MqttProperties.IntegerProperty(MqttProperties.REQUEST_RESPONSE_INFORMATION, 1));
      props.add(new MqttProperties.IntegerProperty(MqttProperties.REQUEST_PROBLEM_INFORMATION, 1));
      options.userProperties().forEach((k, v) -> props.add(new MqttProperties.UserProperty(k, v)));
      b.properties(props);
    }
    return b.build();
  }

  private static MqttProperties copy(MqttProperties p) {
    MqttProperties out = new MqttProperties();
    for (MqttProperties.MqttProperty<?> e : p.listAll()) {
      out.add(e);
    }
    return out;
  }

  boolean isV5() {
    return options.protocolVersion() == 5;
  }

  /** Completes when the connection is gone, with the reason. */
  Future<String> closed() {
    return closed.future();
  }

  /** The number of publishes waiting for their acknowledgement. */
  int inflight() {
    return outbound.size();
  }

  Future<Void> publish(MqttPublish m) {
    if (closed.future().isComplete()) {
      return Future.failedFuture(closeReason);
    }
    int id = m.qos() == 0 ? 0 : packetId();
    MqttPublishMessage msg = MqttMessageBuilders.publish()
      .topicName(m.topic())
      .qos(MqttQoS.valueOf(m.qos()))
      .retained(m.retain())
      .messageId(id)
      .payload(((BufferInternal) m.payload()).getByteBuf())
      .properties(isV5() ? m.properties().toMqtt() : MqttProperties.NO_PROPERTIES)
      .build();
    if (m.qos() == 0) {
      return write(msg);
    }
    Promise<Void> p = Promise.promise();
    outbound.put(id, new Pending(p, m.qos()));
    write(msg);
    return p.future();
  }

  /** Subscribes one filter; completes with the granted QoS, fails when the broker refuses it. */
  Future<Integer> subscribe(String filter, SubscribeOptions o) {
    int id = packetId();
    MqttSubscriptionOption opt = new MqttSubscriptionOption(MqttQoS.valueOf(o.qos()), o.noLocal(), o.retainAsPublished(),
      MqttSubscriptionOption.RetainedHandlingPolicy.valueOf(o.retainHandling()));
    MqttMessageBuilders.SubscribeBuilder b = MqttMessageBuilders.subscribe().messageId(id).addSubscription(filter, opt);
    if (isV5() && o.subscriptionId() > 0) {
      MqttProperties props = new MqttProperties();
      props.add(new MqttProperties.IntegerProperty(MqttProperties.SUBSCRIPTION_IDENTIFIER, o.subscriptionId()));
      b.properties(props);
    }
    return request(id, b.build()).compose(ack -> {
      int code = ((MqttSubAckMessage) ack).payload().reasonCodes().get(0);
      return code < 0x80 ? Future.succeededFuture(code) : Future.failedFuture("subscription to '" + filter
        + "' refused with reason code 0x" + Integer.toHexString(code));
    });
  }

  Future<Void> unsubscribe(String filter) {
    int id = packetId();
    return request(id, MqttMessageBuilders.unsubscribe().messageId(id).addTopicFilter(filter).build()).mapEmpty();
  }

  /** Sends DISCONNECT (normal disconnection: no will) and closes the socket. */
  Future<Void> disconnect() {
    if (!closed.future().isComplete()) {
      closeReason = "disconnected";
      MqttMessage d = isV5()
        ? MqttMessageBuilders.disconnect().reasonCode((byte) 0).build()
        : new MqttMessage(new MqttFixedHeader(MqttMessageType.DISCONNECT, false, MqttQoS.AT_MOST_ONCE, false, 0));
      write(d).onComplete(v -> socket.close());
    }
    return closed.future().mapEmpty();
  }

  /** Closes the socket without DISCONNECT, as a crash would (the broker sends the will). */
  void abort(String reason) {
    closeReason = reason;
    if (socket != null) {
      socket.close();
    }
  }

  private Future<Object> request(int id, MqttMessage msg) {
    if (closed.future().isComplete()) {
      return Future.failedFuture(closeReason);
    }
    Promise<Object> p = Promise.promise();
    acks.put(id, p);
    write(msg);
    return p.future();
  }

  private int packetId() {
    for (int i = 0; i < 65535; i++) {
      int id = nextPacketId;
      nextPacketId = nextPacketId == 65535 ? 1 : nextPacketId + 1;
      if (!outbound.containsKey(id) && !acks.containsKey(id)) {
        return id;
      }
    }
    throw new IllegalStateException("all 65535 packet ids are in use");
  }

  private Future<Void> write(MqttMessage msg) {
    lastWrite = System.nanoTime();
    return socket.writeMessage(msg);
  }

  private void handle(MqttMessage msg) {
    switch (msg.fixedHeader().messageType()) {
      case CONNACK -> connack.tryComplete((MqttConnAckMessage) msg);
      case PUBLISH -> inboundPublish((MqttPublishMessage) msg);
      case PUBACK -> complete(msg, 1);
      case PUBREC -> {
        int id = packetIdOf(msg);
        if (reasonCode(msg) >= 0x80) {
          fail(id, "PUBREC reason code 0x" + Integer.toHexString(reasonCode(msg)));
        } else {
          write(reply(MqttMessageType.PUBREL, MqttQoS.AT_LEAST_ONCE, id));
        }
      }
      case PUBCOMP -> complete(msg, 2);
      case PUBREL -> {
        int id = packetIdOf(msg);
        inboundQos2.remove(id);
        write(reply(MqttMessageType.PUBCOMP, MqttQoS.AT_MOST_ONCE, id));
      }
      case SUBACK, UNSUBACK -> {
        Promise<Object> p = acks.remove(packetIdOf(msg));
        if (p != null) {
          p.complete(msg);
        }
      }
      case PINGRESP -> pingSentAt = 0;
      case DISCONNECT -> {
        if (msg.variableHeader() instanceof MqttReasonCodeAndPropertiesVariableHeader h) {
          closeReason = "broker sent DISCONNECT with reason code 0x" + Integer.toHexString(h.reasonCode() & 0xff);
        } else {
          closeReason = "broker sent DISCONNECT";
        }
        socket.close();
      }
      default -> {
      }
    }
  }

  private void inboundPublish(MqttPublishMessage msg) {
    int qos = msg.fixedHeader().qosLevel().value();
    int id = msg.variableHeader().packetId();
    Buffer payload = Buffer.buffer(io.netty.buffer.ByteBufUtil.getBytes(msg.payload()));
    msg.release();
    boolean duplicate = false;
    if (qos == 1) {
      write(reply(MqttMessageType.PUBACK, MqttQoS.AT_MOST_ONCE, id));
    } else if (qos == 2) {
      duplicate = !inboundQos2.add(id);
      write(reply(MqttMessageType.PUBREC, MqttQoS.AT_MOST_ONCE, id));
    }
    if (!duplicate) {
      PublishProperties props = isV5() ? PublishProperties.fromMqtt(msg.variableHeader().properties()) : PublishProperties.NONE;
      onMessage.handle(new MqttPublish(msg.variableHeader().topicName(), payload, qos, msg.fixedHeader().isRetain(), props));
    }
  }

  private static MqttMessage reply(MqttMessageType type, MqttQoS qos, int id) {
    return new MqttMessage(new MqttFixedHeader(type, false, qos, false, 2), MqttMessageIdVariableHeader.from(id));
  }

  private static int packetIdOf(MqttMessage msg) {
    return ((MqttMessageIdVariableHeader) msg.variableHeader()).messageId();
  }

  private static int reasonCode(MqttMessage msg) {
    return msg.variableHeader() instanceof MqttPubReplyMessageVariableHeader h ? h.reasonCode() & 0xff : 0;
  }

  private void complete(MqttMessage msg, int qos) {
    int id = packetIdOf(msg);
    int rc = reasonCode(msg);
    if (rc >= 0x80) {
      fail(id, "publish refused with reason code 0x" + Integer.toHexString(rc));
      return;
    }
    Pending p = outbound.get(id);
    if (p != null && p.qos() == qos) {
      outbound.remove(id);
      p.promise().complete();
    }
  }

  private void fail(int id, String why) {
    Pending p = outbound.remove(id);
    if (p != null) {
      p.promise().fail(new RefusedException(why));
    }
  }

  private void startKeepAlive(int seconds) {
    if (seconds <= 0) {
      return;
    }
    keepAliveMs = seconds * 1000L;
    keepAliveTimer = vertx.setPeriodic(Math.max(100, keepAliveMs / 4), t -> {
      long now = System.nanoTime();
      if (pingSentAt != 0 && (now - pingSentAt) / 1_000_000 > keepAliveMs) {
        abort("no PINGRESP within the keep-alive interval of " + seconds + " s");
      } else if (pingSentAt == 0 && (now - lastWrite) / 1_000_000 >= keepAliveMs / 2) {
        pingSentAt = now;
        write(new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGREQ, false, MqttQoS.AT_MOST_ONCE, false, 0)));
      }
    });
  }

  private void onClosed() {
    if (keepAliveTimer != -1) {
      vertx.cancelTimer(keepAliveTimer);
    }
    if (connack != null) {
      connack.tryFail(closeReason);
    }
    outbound.values().forEach(p -> p.promise().tryFail(closeReason));
    outbound.clear();
    acks.values().forEach(p -> p.tryFail(closeReason));
    acks.clear();
    closed.tryComplete(closeReason);
  }
}
