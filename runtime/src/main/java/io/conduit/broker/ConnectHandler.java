package io.conduit.broker;

import io.conduit.broker.auth.Authenticator;
import io.conduit.spi.Topic;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.mqtt.MqttAuth;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttWill;
import io.vertx.mqtt.impl.MqttEndpointImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ThreadLocalRandom;

/**
 * CONNECT and the end of a connection (3.1.1 3.1/3.14, 5.0 3.1/3.2/3.14). Rules, with Mosquitto as
 * the reference where the spec leaves a choice:
 * <ul>
 *   <li>protocol levels 3 (3.1), 4 (3.1.1) and 5 are accepted; others get CONNACK 0x01 / 0x84 (codec);</li>
 *   <li>empty client id + clean session: the broker assigns one (v5: Assigned Client Identifier);
 *       empty id + persistent session: CONNACK 0x02 / 0x85 (vertx-mqtt, autoClientId off);</li>
 *   <li>keep-alive above {@code max_keepalive}: v5 gets Server Keep Alive = max_keepalive; 3.1.1 is
 *       refused with 0x02, as Mosquitto does (keep-alive 0 is allowed);</li>
 *   <li>v5 Receive Maximum 0 or Maximum Packet Size 0 in CONNECT: CONNACK 0x82 (protocol error);
 *       an Authentication Method (enhanced authentication is not supported): CONNACK 0x8C;
 *       an invalid will topic: CONNACK 0x90 (v5) / close (3.1.1);</li>
 *   <li>limits: above {@code max_connection_rate} new connections in the current second, CONNACK
 *       0x9F (connection rate exceeded); with {@code max_connections} clients connected, CONNACK 0x97
 *       (quota exceeded), unless the client takes over its own connection; 3.1.1 gets 0x03 (server
 *       unavailable) for both, the closest code it has;</li>
 *   <li>a client id already connected: the old connection is closed (v5 DISCONNECT 0x8E) and its
 *       will published; the session is taken over;</li>
 *   <li>clean start discards an old session; otherwise it is resumed (session present = 1),
 *       unacknowledged messages are resent with DUP, then the queue is drained;</li>
 *   <li>DISCONNECT 0x00 discards the will, 0x04 (v5) publishes it; a v5 DISCONNECT may raise a
 *       non-zero Session Expiry Interval but not set one when CONNECT had 0 (protocol error 0x82);</li>
 *   <li>login ({@link Authenticator}): bad user name or password → CONNACK 0x86 / 3.1.1 0x04; not
 *       authorized (anonymous refused) → 0x87 / 0x05. While the password is checked (on a worker)
 *       nothing more is read from the socket; with {@value #MAX_PENDING_LOGINS} checks pending, further
 *       CONNECTs get 0x89 server busy / 3.1.1 0x03 (a login flood cannot queue without bound). The client's ACL rights ({@code %c} filled in with the
 *       final client id) go to the connection and its session; a resumed session drops the queued and
 *       unacknowledged messages the new connection may not read (Mosquitto's connection_check_acl);</li>
 *   <li>a will is published only if the client may write to its topic when the connection ends
 *       (as Mosquitto checks it when sending the will).</li>
 * </ul>
 * vertx-mqtt gives the endpoint but not its channel: the connection's {@link NetSocketInternal} is
 * read from {@code MqttEndpointImpl.conn} through a VarHandle (see docs/ARCHITECTURE.md).
 */
final class ConnectHandler {
  private static final Logger log = LoggerFactory.getLogger(ConnectHandler.class);
  private static final VarHandle ENDPOINT_CONN;

  static {
    try {
      ENDPOINT_CONN = MethodHandles.privateLookupIn(MqttEndpointImpl.class, MethodHandles.lookup())
        .findVarHandle(MqttEndpointImpl.class, "conn", NetSocketInternal.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError("vertx-mqtt's MqttEndpointImpl.conn is not accessible: " + e);
    }
  }

  /** Above 1 MB of unsent bytes a client's QoS 0 messages are dropped (see ClientConnection.sendPublish). */
  private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(256 * 1024, 1024 * 1024);

  /** Password checks waiting or running at once; beyond this CONNECTs are refused as "server busy". */
  static final int MAX_PENDING_LOGINS = 256;

  private final Broker broker;
  private int pendingLogins;

  ConnectHandler(Broker broker) {
    this.broker = broker;
  }

  /** vertx-mqtt's endpoint handler: a CONNECT was decoded. */
  void connect(MqttEndpoint endpoint) {
    NetSocketInternal socket = (NetSocketInternal) ENDPOINT_CONN.get((MqttEndpointImpl) endpoint);
    ChannelPipeline pipeline = socket.channelHandlerContext().pipeline();
    // keep-alive is ours (broker.tick sweep), vertx-mqtt's per-connection idle handler goes
    if (pipeline.get("keepAliveHandler") != null) pipeline.remove("keepAliveHandler");
    if (pipeline.get("idle") != null) pipeline.remove("idle");
    ClientConnection c = new ClientConnection(broker);
    pipeline.addBefore("handler", "conduit", c);
    pipeline.channel().config().setWriteBufferWaterMark(WATER_MARK);
    if (!pipeline.channel().eventLoop().inEventLoop()) {
      log.error("MQTT connection not on the broker's event loop; closing it");
      pipeline.channel().close();
      return;
    }
    c.protocolVersion = endpoint.protocolVersion();
    c.v5 = c.protocolVersion == 5;
    if (broker.auth.isOpen()) {
      acceptOrFail(endpoint, c);
    } else {
      login(endpoint, c, socket);
    }
  }

  /** Checks the credentials (asynchronously when a password is hashed), then accepts or refuses. */
  private void login(MqttEndpoint ep, ClientConnection c, NetSocketInternal socket) {
    Channel channel = c.ctx.channel();
    if (pendingLogins >= MAX_PENDING_LOGINS) {
      refuse(ep, c, 0x89, MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE, "server busy: "
        + pendingLogins + " logins are being checked");
      return;
    }
    // an unauthenticated client gets nothing buffered: no socket reads until it is let in
    channel.config().setAutoRead(false);
    pendingLogins++;
    MqttAuth credentials = ep.auth();
    String identity = socket.isSsl() ? Authenticator.commonName(socket.sslSession()) : null;
    broker.auth.login(broker.loginWorkers, credentials == null ? null : credentials.getUsername(),
      credentials == null ? null : credentials.getPassword(), identity, socket.isSsl()).onComplete(ar -> {
        pendingLogins--;
        if (!channel.isActive()) return;
        channel.config().setAutoRead(true);
        if (ar.failed()) {
          log.warn("CONNECT from {}: login check failed: {}", c.remoteAddress(), ar.cause().toString());
          refuse(ep, c, 0x88, MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE, "login check failed");
          return;
        }
        Authenticator.Login login = ar.result();
        if (login.refusal() == Authenticator.Refusal.BAD_USER_NAME_OR_PASSWORD) {
          refuse(ep, c, 0x86, MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD,
            "bad user name or password" + (credentials == null ? "" : " (user '" + credentials.getUsername() + "')"));
        } else if (login.refusal() == Authenticator.Refusal.NOT_AUTHORIZED) {
          refuse(ep, c, 0x87, MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED, "not authorized (anonymous clients are refused)");
        } else {
          c.username = login.username();
          acceptOrFail(ep, c);
        }
      });
  }

  private void acceptOrFail(MqttEndpoint endpoint, ClientConnection c) {
    try {
      accept(endpoint, c);
    } catch (RuntimeException e) {
      log.warn("CONNECT from {} failed", c.remoteAddress(), e);
      endpoint.reject(c.v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_IMPLEMENTATION_SPECIFIC
        : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE);
    }
  }

  private void accept(MqttEndpoint ep, ClientConnection c) {
    BrokerOptions options = broker.options;
    MqttProperties props = ep.connectProperties() == null ? MqttProperties.NO_PROPERTIES : ep.connectProperties();
    MqttProperties ack = new MqttProperties();

    String clientId = ep.clientIdentifier();
    if (clientId == null || clientId.isEmpty()) {
      clientId = "auto-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + Long.toHexString(System.nanoTime());
      if (c.v5) ack.add(new MqttProperties.StringProperty(MqttProperties.ASSIGNED_CLIENT_IDENTIFIER, clientId));
    } else if (Topic.hasBadCharacter(clientId)) {
      refuse(ep, c, 0x85, MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED, "client id is not well-formed UTF-8");
      return;
    }
    c.clientId = clientId;
    if (!withinLimits(ep, c, clientId)) return;
    c.access = broker.auth.access(c.username, clientId);

    int keepAlive = ep.keepAliveTimeSeconds();
    if (options.getMaxKeepAlive() > 0 && keepAlive > options.getMaxKeepAlive()) {
      if (!c.v5) {
        refuse(ep, c, 0, MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED,
          "keep-alive " + keepAlive + " s is above max_keepalive " + options.getMaxKeepAlive());
        return;
      }
      keepAlive = options.getMaxKeepAlive();
      ack.add(new MqttProperties.IntegerProperty(MqttProperties.SERVER_KEEP_ALIVE, keepAlive));
    }
    c.keepAlive = keepAlive;

    long expiry = c.v5 ? intProperty(props, MqttProperties.SESSION_EXPIRY_INTERVAL, 0) & 0xFFFF_FFFFL
      : ep.isCleanSession() ? 0 : Session.NEVER_EXPIRES;
    int window = options.getMaxInflightMessages();
    if (c.v5) {
      Integer receiveMaximum = intPropertyOrNull(props, MqttProperties.RECEIVE_MAXIMUM);
      Integer maxPacket = intPropertyOrNull(props, MqttProperties.MAXIMUM_PACKET_SIZE);
      if ((receiveMaximum != null && receiveMaximum == 0) || (maxPacket != null && maxPacket == 0)) {
        refuse(ep, c, 0x82, null, "Receive Maximum or Maximum Packet Size is 0");
        return;
      }
      if (props.getProperty(MqttProperties.AUTHENTICATION_METHOD) != null) {
        refuse(ep, c, 0x8C, null, "enhanced authentication (AUTH) is not supported");
        return;
      }
      window = receiveMaximum == null ? 65_535 : receiveMaximum;
      if (maxPacket != null) c.maxPacketSizeOut = maxPacket;
    }
    c.sendWindow(window);

    MqttWill will = ep.will();
    if (will != null && will.isWillFlag()) {
      String why = Topic.invalidReason(will.getWillTopic());
      if (why != null) {
        refuse(ep, c, 0x90, null, "will " + why);
        return;
      }
      MqttProperties wp = will.getWillProperties() == null ? MqttProperties.NO_PROPERTIES : will.getWillProperties();
      Integer willExpiry = intPropertyOrNull(wp, MqttProperties.PUBLICATION_EXPIRY_INTERVAL);
      byte[] payload = will.getWillMessageBytes() == null ? new byte[0] : will.getWillMessageBytes();
      c.will = new BrokerMessage(will.getWillTopic(), Unpooled.wrappedBuffer(payload), will.getWillQos(), will.isWillRetain(),
        wp, BrokerMessage.NEVER, clientId);
      c.willExpirySeconds = willExpiry == null ? -1 : willExpiry & 0xFFFF_FFFFL;
      c.willDelaySeconds = intProperty(wp, MqttProperties.WILL_DELAY_INTERVAL, 0) & 0xFFFF_FFFFL;
    }

    // take over: close a connection with the same client id (its will goes out as for a lost connection)
    Session existing = broker.sessions.get(clientId);
    if (existing != null && existing.connection != null) {
      ClientConnection old = existing.connection;
      log.info("{}: taken over by a new connection from {}", old.name(), c.remoteAddress());
      detach(old, existing);
      old.disconnect(0x8E);
      existing = broker.sessions.get(clientId);
    }
    broker.wills.cancel(clientId);
    broker.expiry.cancel(clientId);
    boolean cleanStart = ep.isCleanSession();
    if (existing != null && cleanStart) {
      broker.endSession(existing);
      existing = null;
    }
    boolean sessionPresent = existing != null;
    Session session = existing != null ? existing : new Session(broker, clientId, expiry);
    session.expiryInterval = expiry;
    session.access = c.access;
    if (sessionPresent && c.access != null) session.dropUnreadable();
    broker.sessions.put(session);

    if (c.v5) {
      if (options.getMaxInflightMessages() < 65_535) {
        ack.add(new MqttProperties.IntegerProperty(MqttProperties.RECEIVE_MAXIMUM, options.getMaxInflightMessages()));
      }
      ack.add(new MqttProperties.IntegerProperty(MqttProperties.TOPIC_ALIAS_MAXIMUM, options.getMaxTopicAlias()));
      if (options.getMaxPacketSize() < BrokerOptions.PROTOCOL_MAX_PACKET_SIZE) {
        ack.add(new MqttProperties.IntegerProperty(MqttProperties.MAXIMUM_PACKET_SIZE, options.getMaxPacketSize()));
      }
    }
    MqttConnAckMessage connack = MqttMessageBuilders.connAck()
      .returnCode(MqttConnectReturnCode.CONNECTION_ACCEPTED)
      .sessionPresent(sessionPresent)
      .properties(ack)
      .build();
    c.connectedAt = broker.clock.millis();
    c.session = session;
    session.connection = c;
    session.lastProgressNanos = System.nanoTime();
    broker.sessions.attached();
    broker.stats.connectionsTotal++;
    c.write(connack);
    broker.persist(session);
    c.connected();
    log.debug("{} connected from {} (MQTT {}, keep-alive {} s, session {})", c.name(), c.remoteAddress(),
      c.v5 ? "5" : c.protocolVersion == 4 ? "3.1.1" : "3.1", c.keepAlive, sessionPresent ? "resumed" : "new");
    if (sessionPresent) {
      session.resendInflight();
      session.drain();
    }
    dropVertxConnection(c);
  }

  /** Applies max_connection_rate and max_connections; false after refusing the CONNECT. */
  private boolean withinLimits(MqttEndpoint ep, ClientConnection c, String clientId) {
    BrokerOptions options = broker.options;
    BrokerStats stats = broker.stats;
    if (options.getMaxConnectionRate() > 0) {
      if (stats.rateTick != broker.tick) {
        stats.rateTick = broker.tick;
        stats.rateCount = 0;
      }
      if (++stats.rateCount > options.getMaxConnectionRate()) {
        stats.refusedConnectionRate++;
        refuse(ep, c, 0x9F, MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE,
          "more than max_connection_rate " + options.getMaxConnectionRate() + " connections this second");
        return false;
      }
    }
    int max = options.getMaxConnections();
    if (max >= 0 && broker.sessions.connectedCount() >= max) {
      Session same = broker.sessions.get(clientId);
      if (same == null || same.connection == null) {
        stats.refusedMaxConnections++;
        refuse(ep, c, 0x97, MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE, "max_connections " + max + " reached");
        return false;
      }
    }
    return true;
  }

  /**
   * Once CONNECT is accepted nothing reaches vertx-mqtt's endpoint or Vert.x's NetSocket any more
   * (ClientConnection takes every packet and event), so Vert.x's handler leaves the pipeline and its
   * per-connection objects (NetSocket with its inbound message queues, the endpoint) become garbage:
   * about 5 KB per connection, more than half of an idle connection's heap. Server shutdown still
   * reaches the connection as Vert.x's ShutdownEvent (see ClientConnection.userEventTriggered).
   */
  private static void dropVertxConnection(ClientConnection c) {
    ChannelPipeline p = c.ctx.pipeline();
    if (p.get("handler") != null) p.remove("handler");
  }

  private void refuse(MqttEndpoint ep, ClientConnection c, int v5Code, MqttConnectReturnCode v3Code, String why) {
    log.info("CONNECT from {} refused: {}", c.remoteAddress(), why);
    if (c.v5 && v5Code != 0) {
      ep.reject(MqttConnectReturnCode.valueOf((byte) v5Code));
    } else if (!c.v5 && v3Code != null) {
      ep.reject(v3Code);
    } else {
      c.ctx.close();
    }
  }

  /** DISCONNECT from the client (3.1.1 3.14, 5.0 3.14). */
  void disconnectReceived(ClientConnection c, MqttMessage m) {
    int reason = 0;
    if (m.variableHeader() instanceof MqttReasonCodeAndPropertiesVariableHeader h) {
      reason = h.reasonCode() & 0xFF;
      Integer newExpiry = intPropertyOrNull(h.properties(), MqttProperties.SESSION_EXPIRY_INTERVAL);
      if (newExpiry != null && c.session != null) {
        if (c.session.expiryInterval == 0 && newExpiry != 0) {
          c.disconnect(0x82);
          return;
        }
        c.session.expiryInterval = newExpiry & 0xFFFF_FFFFL;
      }
    }
    c.normalDisconnect = reason != 0x04;
    c.state = ClientConnection.State.CLOSING;
    c.ctx.flush();
    c.ctx.close();
  }

  /** The channel closed (any cause): will, then session detach or end. */
  void connectionClosed(ClientConnection c) {
    Session s = c.session;
    if (s == null) {
      // taken over: the will was handled at take-over time
      return;
    }
    detach(c, s);
  }

  /** Separates {@code c} from its session: publishes or schedules the will, ends or keeps the session. */
  private void detach(ClientConnection c, Session s) {
    c.session = null;
    if (s.connection == c) {
      s.connection = null;
      broker.pacing.release(s);
      s.disconnectedAt = broker.clock.millis();
      broker.sessions.detached();
    }
    BrokerMessage will = c.will;
    c.will = null;
    if (will != null && !c.normalDisconnect) {
      if (c.access == null || c.access.mayWrite(will.topic)) {
        broker.wills.connectionLost(s, will, c.willDelaySeconds, c.willExpirySeconds);
      } else {
        log.debug("{}: will to {} not published: the ACL does not let the client write there", c.name(), will.topic);
        will.release();
      }
    }
    if (s.expiryInterval == 0) {
      broker.endSession(s);
    } else {
      broker.persist(s);
      broker.expiry.schedule(s);
    }
  }

  private static int intProperty(MqttProperties props, int id, int def) {
    Integer v = intPropertyOrNull(props, id);
    return v == null ? def : v;
  }

  private static Integer intPropertyOrNull(MqttProperties props, int id) {
    if (props == null) return null;
    MqttProperties.MqttProperty<?> p = props.getProperty(id);
    return p == null ? null : (Integer) p.value();
  }
}
