package io.conduit.broker;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;

/**
 * One client's network connection after CONNECT: a Netty handler placed right after vertx-mqtt's
 * decoder, so packets reach the broker as Netty's decoded messages (no conversion, no copy) and
 * replies are written to this channel context directly (see {@link FlushScheduler}). Owns the
 * connection's protocol state: version, keep-alive, limits negotiated in CONNECT, topic aliases,
 * the will, and how the connection ends. Rules:
 * <ul>
 *   <li>a packet that cannot be decoded closes the connection: v5 DISCONNECT 0x81 (malformed),
 *       0x95 (packet too large) or 0x90 (wildcard in a topic name); 3.1.1 just closes (4.8);</li>
 *   <li>packets sent before the broker accepted CONNECT wait until it has (clients may send
 *       without waiting for CONNACK, 3.1.4);</li>
 *   <li>a second CONNECT or an AUTH without an authentication method is a protocol error (0x82);</li>
 *   <li>keep-alive: no packet within 1.5 × keep-alive closes the connection (v5 0x8D), will published;</li>
 *   <li>broker shutdown closes the connection with v5 DISCONNECT 0x8B (server shutting down);</li>
 *   <li>the will is published whenever the connection ends without a DISCONNECT 0x00 (5.0: 0x04
 *       asks for it), see {@link WillPublisher}.</li>
 * </ul>
 */
final class ClientConnection extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(ClientConnection.class);

  enum State { CONNECTING, CONNECTED, CLOSING, CLOSED }

  final Broker broker;
  ChannelHandlerContext ctx;
  State state = State.CONNECTING;
  String clientId;
  /** The logged-in user name (a certificate CN with use_identity_as_username), null: anonymous. */
  String username;
  /** The client's ACL rights, null: no ACL (everything allowed). */
  io.conduit.broker.auth.TopicAccess access;
  int protocolVersion;
  boolean v5;
  /** Effective keep-alive in seconds (0: none). */
  int keepAlive;
  long lastPacketTick;
  long connectedAt;
  Session session;
  /** The will, until it is published or discarded. */
  BrokerMessage will;
  long willDelaySeconds;
  /** The will's Message Expiry Interval in seconds, -1 for none. */
  long willExpirySeconds = -1;
  /** Largest packet the client accepts (its v5 Maximum Packet Size). */
  int maxPacketSizeOut = BrokerOptions.PROTOCOL_MAX_PACKET_SIZE;
  /** How many QoS 1/2 messages may be unacknowledged towards the client (its Receive Maximum). */
  private int sendWindow;
  private String[] topicAliases;
  /** The topic of the client's previous PUBLISH, validated, with its levels and UTF-8 bytes (see PublishHandler). */
  String lastTopic;
  String[] lastTopicLevels;
  byte[] lastTopicUtf8;
  /** Set by the flush scheduler. */
  boolean dirty;
  /** True once a DISCONNECT 0x00 (or 3.1.1 DISCONNECT) arrived: no will. */
  boolean normalDisconnect;
  /** PUBACK/PUBREC/PUBCOMP held back until the store has written their messages (see PublishHandler). */
  int acksWaiting;
  /** Reasons not to read the socket: acks waiting for the store, sessions catching up. */
  private boolean heldForAcks;
  private int heldBySessions;
  /** Packets decoded after a session held this client, handled once it is released (see PublisherPacing). */
  private ArrayDeque<MqttMessage> held;
  private boolean replayScheduled;
  private ArrayList<Object> early;

  ClientConnection(Broker broker) {
    this.broker = broker;
    this.lastPacketTick = broker.tick;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  int sendWindow() {
    return sendWindow;
  }

  void sendWindow(int window) {
    this.sendWindow = window;
  }

  /** False while the socket's outbound buffer is above its high-water mark (a slow reader). */
  boolean isWritable() {
    return ctx.channel().isWritable();
  }

  /** Bytes beyond the low-water mark up to which the flows' QoS 0 output is still written to a full socket. */
  static final long FLOWS_OVERSHOOT_BYTES = 8L << 20;

  /** The outbound buffer is so far above its high-water mark that even the flows' QoS 0 output is dropped. */
  boolean farAboveHighWater() {
    return ctx.channel().bytesBeforeWritable() > FLOWS_OVERSHOOT_BYTES;
  }

  /**
   * Stops (false) or resumes (true) reading the client's packets because too many of its acks wait
   * for the store (see PublishHandler); reading resumes when no reason to hold it is left.
   */
  void readingForAcks(boolean on) {
    if (heldForAcks == !on) return;
    heldForAcks = !on;
    updateReading();
  }

  /** A session this client publishes to is catching up: stop reading (see {@link PublisherPacing}). */
  void holdReading() {
    if (heldBySessions++ == 0) updateReading();
  }

  /** One session that held this client caught up (or stalled, or went away). */
  void releaseReading() {
    if (--heldBySessions != 0) return;
    if (held == null) {
      updateReading();
    } else if (!replayScheduled) {
      // not from inside the caller (another client's PUBACK): as a task of its own
      replayScheduled = true;
      ctx.executor().execute(this::replayHeld);
    }
  }

  private void updateReading() {
    if (state == State.CONNECTED) ctx.channel().config().setAutoRead(!heldForAcks && heldBySessions == 0 && held == null);
  }

  SocketAddress remoteAddress() {
    return ctx.channel().remoteAddress();
  }

  String name() {
    return clientId == null ? String.valueOf(remoteAddress()) : "client '" + clientId + "'";
  }

  // ---------------------------------------------------------------- inbound

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    lastPacketTick = broker.tick;
    if (!(msg instanceof MqttMessage m)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (state == State.CONNECTING) {
      if (early == null) early = new ArrayList<>(2);
      early.add(msg);
      return;
    }
    if (state != State.CONNECTED) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (heldBySessions > 0 || held != null) {
      // the rest of a read that was decoded after a session held this publisher
      if (held == null) held = new ArrayDeque<>();
      held.addLast(m);
      return;
    }
    handleOrClose(m);
  }

  private void handleOrClose(MqttMessage m) {
    try {
      handle(m);
    } catch (RuntimeException e) {
      log.warn("{}: failed to handle {}", name(), m.fixedHeader() == null ? "packet" : m.fixedHeader().messageType(), e);
      ReferenceCountUtil.release(m);
      disconnect(0x83); // implementation specific error
    }
  }

  /** Handles the packets kept while this client was held, until it is held again; then reads on. */
  private void replayHeld() {
    replayScheduled = false;
    while (held != null && heldBySessions == 0 && state == State.CONNECTED) {
      MqttMessage m = held.pollFirst();
      if (held.isEmpty()) held = null;
      handleOrClose(m);
    }
    if (state != State.CONNECTED) releaseHeld();
    updateReading();
  }

  private void releaseHeld() {
    if (held != null) {
      held.forEach(ReferenceCountUtil::release);
      held = null;
    }
  }

  private void handle(MqttMessage m) {
    DecoderResult result = m.decoderResult();
    if (result.isFailure()) {
      ReferenceCountUtil.release(m);
      rejectUndecodable(result.cause());
      return;
    }
    MqttFixedHeader header = m.fixedHeader();
    switch (header.messageType()) {
      case PUBLISH -> broker.publishes.publish(this, (MqttPublishMessage) m);
      case PUBACK -> broker.publishes.puback(this, packetId(m));
      case PUBREC -> broker.publishes.pubrec(this, packetId(m), reasonCode(m));
      case PUBREL -> broker.publishes.pubrel(this, packetId(m));
      case PUBCOMP -> broker.publishes.pubcomp(this, packetId(m));
      case SUBSCRIBE -> broker.subscribes.subscribe(this, (MqttSubscribeMessage) m);
      case UNSUBSCRIBE -> broker.subscribes.unsubscribe(this, (MqttUnsubscribeMessage) m);
      case PINGREQ -> writeRaw(0xD0, -1, -1);
      case DISCONNECT -> broker.connects.disconnectReceived(this, m);
      default -> {
        log.info("{}: unexpected {} packet, closing", name(), header.messageType());
        ReferenceCountUtil.release(m);
        disconnect(0x82);
      }
    }
  }

  private void rejectUndecodable(Throwable cause) {
    String text = String.valueOf(cause.getMessage());
    int reason = 0x81;
    if (cause instanceof TooLongFrameException) {
      reason = 0x95;
      broker.stats.packetTooLarge++;
    }
    else if (text.startsWith("invalid publish topic name")) reason = 0x90;
    log.info("{}: {} ({}), closing", name(), reason == 0x95 ? "packet too large" : "malformed packet", text);
    disconnect(reason);
  }

  /** Called by the connect handler once CONNECT is accepted: replays packets that came early. */
  void connected() {
    state = State.CONNECTED;
    ArrayList<Object> pending = early;
    early = null;
    if (pending != null) {
      for (Object msg : pending) {
        if (state == State.CONNECTED) handle((MqttMessage) msg);
        else ReferenceCountUtil.release(msg);
      }
    }
  }

  private static int packetId(MqttMessage m) {
    return ((MqttMessageIdVariableHeader) m.variableHeader()).messageId();
  }

  private static int reasonCode(MqttMessage m) {
    return m.variableHeader() instanceof MqttPubReplyMessageVariableHeader h ? h.reasonCode() : 0;
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    State was = state;
    state = State.CLOSED;
    if (early != null) {
      early.forEach(ReferenceCountUtil::release);
      early = null;
    }
    releaseHeld();
    if (was != State.CONNECTING) broker.connects.connectionClosed(this);
    ctx.fireChannelInactive();
  }

  /** The socket went above its high-water mark or drained below its low-water mark: queued QoS 1/2 messages go out again, held publishers go on. */
  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (state == State.CONNECTED && session != null) {
      // either way the client is reading: the clock by which it is judged stalled starts again
      session.lastProgressNanos = System.nanoTime();
      if (ctx.channel().isWritable()) session.drainAfterProgress();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("{}: connection error, closing", name(), cause);
    if (state == State.CONNECTED) {
      disconnect(0x83);
    } else {
      ctx.close();
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof io.vertx.core.net.impl.ShutdownEvent) {
      // the listener is closing (broker stop): v5 clients are told why
      disconnect(0x8B);
    }
    ReferenceCountUtil.release(evt);
  }

  // ---------------------------------------------------------------- topic aliases (5.0 3.3.2.3.4)

  String alias(int alias) {
    return topicAliases == null || alias >= topicAliases.length ? null : topicAliases[alias];
  }

  void alias(int alias, String topic) {
    if (topicAliases == null) topicAliases = new String[broker.options.getMaxTopicAlias() + 1];
    topicAliases[alias] = topic;
  }

  // ---------------------------------------------------------------- outbound

  /**
   * Writes one PUBLISH (flushed later). Returns false when the packet exceeds the client's Maximum
   * Packet Size and was not sent; QoS 0 messages to a client whose socket buffer is full are dropped.
   */
  boolean sendPublish(BrokerMessage m, int qos, boolean retain, boolean dup, int packetId, int[] subIds, int subIdCount) {
    if (state != State.CONNECTED) return true;
    if (qos == 0 && !ctx.channel().isWritable() && (session == null || !broker.pacing.congested(session, this))) {
      broker.stats.dropped++;
      broker.stats.congestedDrops++;
      return true;
    }
    long now = m.expiresAt == BrokerMessage.NEVER ? 0 : broker.clock.millis();
    PublishEncoder.Packet p = PublishEncoder.encode(ctx.alloc(), m, v5, qos, retain, dup, packetId, subIds, subIdCount,
      now, maxPacketSizeOut);
    if (p == null) {
      broker.stats.dropped++;
      broker.stats.tooLargeDrops++;
      log.debug("{}: {} exceeds its maximum packet size {}, not sent", name(), m, maxPacketSizeOut);
      return false;
    }
    ctx.write(p.head(), ctx.voidPromise());
    if (p.payload() != null) ctx.write(p.payload(), ctx.voidPromise());
    broker.stats.messagesSent++;
    broker.flusher.markDirty(this);
    return true;
  }

  void sendPuback(int packetId, int reason) {
    writeRaw(0x40, packetId, reason);
  }

  void sendPubrec(int packetId, int reason) {
    writeRaw(0x50, packetId, reason);
  }

  void sendPubrel(int packetId) {
    writeRaw(0x62, packetId, 0);
  }

  void sendPubcomp(int packetId, int reason) {
    writeRaw(0x70, packetId, reason);
  }

  /** A 2-byte packet (packetId -1), or an ack with a packet id and, in v5, a non-zero reason code. */
  private void writeRaw(int firstByte, int packetId, int reason) {
    if (state != State.CONNECTED) return;
    boolean withReason = v5 && reason > 0;
    ByteBuf buf = ctx.alloc().directBuffer(packetId < 0 ? 2 : withReason ? 5 : 4);
    buf.writeByte(firstByte);
    if (packetId < 0) {
      buf.writeByte(0);
    } else {
      buf.writeByte(withReason ? 3 : 2);
      buf.writeShort(packetId);
      if (withReason) buf.writeByte(reason);
    }
    ctx.write(buf, ctx.voidPromise());
    broker.flusher.markDirty(this);
  }

  /** Writes a packet through Netty's MQTT encoder (CONNACK, SUBACK, UNSUBACK, DISCONNECT). */
  void write(MqttMessage message) {
    ctx.write(message, ctx.voidPromise());
    broker.flusher.markDirty(this);
  }

  void flushNow() {
    if (state == State.CONNECTED || state == State.CLOSING) ctx.flush();
  }

  /**
   * Ends the connection from the broker's side: v5 gets a DISCONNECT with {@code reason} first
   * (3.1.1 has none). The will is published unless the client had disconnected normally.
   */
  void disconnect(int reason) {
    if (state == State.CLOSING || state == State.CLOSED) return;
    boolean wasConnected = state == State.CONNECTED;
    state = State.CLOSING;
    if (v5 && wasConnected) {
      MqttMessage d = new MqttMessage(new MqttFixedHeader(MqttMessageType.DISCONNECT, false, MqttQoS.AT_MOST_ONCE, false, 0),
        new MqttReasonCodeAndPropertiesVariableHeader((byte) reason, MqttProperties.NO_PROPERTIES));
      ctx.writeAndFlush(d).addListener(ChannelFutureListener.CLOSE);
    } else {
      ctx.flush();
      ctx.close();
    }
  }
}
