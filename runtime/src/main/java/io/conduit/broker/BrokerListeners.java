package io.conduit.broker;

import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mqtt.MqttServerOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * vertx-mqtt server options for each of the broker's listeners (see {@link ListenerOptions}):
 * plain MQTT, MQTT over TLS, MQTT over WebSocket and over secure WebSocket (path {@code /mqtt},
 * fixed by vertx-mqtt), all with the same limits (see {@link BrokerServer}). TLS listeners offer
 * TLS 1.2 and 1.3 only; they ask for a client certificate when {@code require_certificate}
 * (mandatory) or {@code use_identity_as_username} (optional) is set. A WebSocket frame may carry a
 * whole MQTT packet of {@code max_packet_size}; per-message deflate is offered (vertx-mqtt needs one
 * extension), the obsolete per-frame deflate is not.
 */
final class BrokerListeners {
  /** The TLS versions offered. */
  static final Set<String> TLS_PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");

  enum Kind {
    MQTT("mqtt", false, false), TLS("mqtts", true, false), WS("ws", false, true), WSS("wss", true, true);

    final String scheme;
    final boolean tls;
    final boolean webSocket;

    Kind(String scheme, boolean tls, boolean webSocket) {
      this.scheme = scheme;
      this.tls = tls;
      this.webSocket = webSocket;
    }
  }

  record Listener(Kind kind, MqttServerOptions options) {
  }

  private BrokerListeners() {
  }

  /** One entry per configured listener, plain MQTT first. */
  static List<Listener> of(BrokerOptions o) {
    ListenerOptions l = o.getListeners();
    List<Listener> out = new ArrayList<>(4);
    out.add(new Listener(Kind.MQTT, options(o, Kind.MQTT, o.getPort())));
    if (l.getTlsPort() != ListenerOptions.OFF) out.add(new Listener(Kind.TLS, options(o, Kind.TLS, l.getTlsPort())));
    if (l.getWsPort() != ListenerOptions.OFF) out.add(new Listener(Kind.WS, options(o, Kind.WS, l.getWsPort())));
    if (l.getWssPort() != ListenerOptions.OFF) out.add(new Listener(Kind.WSS, options(o, Kind.WSS, l.getWssPort())));
    return out;
  }

  private static MqttServerOptions options(BrokerOptions o, Kind kind, int port) {
    MqttServerOptions m = new MqttServerOptions()
      .setHost(o.getBind())
      .setPort(port)
      .setMaxMessageSize(o.getMaxPacketSize())
      .setMaxClientIdLength(BrokerServer.MAX_CLIENT_ID_LENGTH)
      .setTimeoutOnConnect(o.getConnectTimeout())
      .setAutoClientId(false);
    m.setTcpNoDelay(true);
    m.setReuseAddress(true);
    if (kind.webSocket) {
      m.setUseWebSocket(true);
      // a frame holds at most one packet: fixed header (≤ 5 bytes) + remaining length
      m.setWebSocketMaxFrameSize(o.getMaxPacketSize() + 5);
      m.setPerFrameWebSocketCompressionSupported(false);
      m.setPerMessageWebSocketCompressionSupported(true);
    }
    if (kind.tls) {
      ListenerOptions l = o.getListeners();
      m.setSsl(true);
      m.setKeyCertOptions(new PemKeyCertOptions().setCertPath(l.getCertfile()).setKeyPath(l.getKeyfile()));
      if (l.getCafile() != null) m.setTrustOptions(new PemTrustOptions().addCertPath(l.getCafile()));
      m.setClientAuth(l.isRequireCertificate() ? ClientAuth.REQUIRED
        : l.isUseIdentityAsUsername() ? ClientAuth.REQUEST : ClientAuth.NONE);
      m.setEnabledSecureTransportProtocols(TLS_PROTOCOLS);
    }
    return m;
  }
}
