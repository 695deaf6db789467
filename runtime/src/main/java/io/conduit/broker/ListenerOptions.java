package io.conduit.broker;

import io.conduit.launch.SettingReader;
import io.vertx.core.json.JsonObject;

import java.util.Set;

/**
 * The broker's listeners besides plain MQTT on {@code port}, all on {@code bind}: MQTT over TLS
 * ({@code tls_port}), MQTT over WebSocket on path {@code /mqtt} ({@code ws_port}) and over secure
 * WebSocket ({@code wss_port}). TLS material uses Mosquitto's names: {@code certfile} and
 * {@code keyfile} (PEM server certificate chain and its private key), {@code cafile} (PEM CA
 * certificates that client certificates must chain to), {@code require_certificate} (clients must
 * present a valid certificate) and {@code use_identity_as_username} (the client certificate's CN is
 * the user name; no password is asked). Rules:
 * <ul>
 *   <li>{@code certfile} and {@code keyfile} go together; with them {@code tls_port} defaults to
 *       {@value #DEFAULT_TLS_PORT}; TLS or WSS ports without them are an error;</li>
 *   <li>{@code require_certificate} and {@code use_identity_as_username} need {@code cafile};</li>
 *   <li>WebSocket listeners are off unless a port is given ({@code 0} picks a free port);</li>
 *   <li>TLS is 1.2 or 1.3 only.</li>
 * </ul>
 */
public final class ListenerOptions {
  /** Mosquitto's and IANA's MQTT-over-TLS port. */
  public static final int DEFAULT_TLS_PORT = 8883;
  /** A listener that is not started. */
  public static final int OFF = -1;
  public static final Set<String> KEYS = Set.of("tls_port", "ws_port", "wss_port", "cafile", "certfile", "keyfile",
    "require_certificate", "use_identity_as_username");

  private int tlsPort = OFF;
  private int wsPort = OFF;
  private int wssPort = OFF;
  private String cafile;
  private String certfile;
  private String keyfile;
  private boolean requireCertificate;
  private boolean useIdentityAsUsername;

  public ListenerOptions() {
  }

  public ListenerOptions(ListenerOptions other) {
    this.tlsPort = other.tlsPort;
    this.wsPort = other.wsPort;
    this.wssPort = other.wssPort;
    this.cafile = other.cafile;
    this.certfile = other.certfile;
    this.keyfile = other.keyfile;
    this.requireCertificate = other.requireCertificate;
    this.useIdentityAsUsername = other.useIdentityAsUsername;
  }

  /** @throws IllegalArgumentException naming the setting when a value or a combination is invalid */
  public static ListenerOptions fromSettings(JsonObject settings) {
    SettingReader r = new SettingReader(settings);
    ListenerOptions o = new ListenerOptions()
      .setCertfile(r.string("certfile", null))
      .setKeyfile(r.string("keyfile", null))
      .setCafile(r.string("cafile", null))
      .setRequireCertificate(r.bool("require_certificate", false))
      .setUseIdentityAsUsername(r.bool("use_identity_as_username", false))
      .setWsPort(r.integer("ws_port", OFF, 0, 65535))
      .setWssPort(r.integer("wss_port", OFF, 0, 65535));
    o.setTlsPort(r.integer("tls_port", o.hasCertificate() ? DEFAULT_TLS_PORT : OFF, 0, 65535));
    o.validate();
    return o;
  }

  /** Checks the combination of settings (the setters check single values). */
  public ListenerOptions validate() {
    if ((certfile == null) != (keyfile == null)) {
      throw new IllegalArgumentException("certfile and keyfile must be given together (PEM certificate chain and its private key)");
    }
    if (!hasCertificate()) {
      if (tlsPort != OFF) throw new IllegalArgumentException("tls_port needs certfile and keyfile");
      if (wssPort != OFF) throw new IllegalArgumentException("wss_port needs certfile and keyfile");
      if (cafile != null) throw new IllegalArgumentException("cafile needs certfile and keyfile (it is for a TLS listener)");
    }
    if (requireCertificate && cafile == null) {
      throw new IllegalArgumentException("require_certificate needs cafile (the CA that client certificates must chain to)");
    }
    if (useIdentityAsUsername && cafile == null) {
      throw new IllegalArgumentException("use_identity_as_username needs cafile (the CA that client certificates must chain to)");
    }
    return this;
  }

  public boolean hasCertificate() {
    return certfile != null && keyfile != null;
  }

  /** TLS port, 0 for any free port, {@link #OFF} for no TLS listener. */
  public int getTlsPort() { return tlsPort; }

  public ListenerOptions setTlsPort(int tlsPort) {
    this.tlsPort = checkPort(tlsPort, "tls_port");
    return this;
  }

  public int getWsPort() { return wsPort; }

  public ListenerOptions setWsPort(int wsPort) {
    this.wsPort = checkPort(wsPort, "ws_port");
    return this;
  }

  public int getWssPort() { return wssPort; }

  public ListenerOptions setWssPort(int wssPort) {
    this.wssPort = checkPort(wssPort, "wss_port");
    return this;
  }

  public String getCafile() { return cafile; }

  public ListenerOptions setCafile(String cafile) {
    this.cafile = path(cafile, "cafile");
    return this;
  }

  public String getCertfile() { return certfile; }

  public ListenerOptions setCertfile(String certfile) {
    this.certfile = path(certfile, "certfile");
    return this;
  }

  public String getKeyfile() { return keyfile; }

  public ListenerOptions setKeyfile(String keyfile) {
    this.keyfile = path(keyfile, "keyfile");
    return this;
  }

  public boolean isRequireCertificate() { return requireCertificate; }

  public ListenerOptions setRequireCertificate(boolean requireCertificate) {
    this.requireCertificate = requireCertificate;
    return this;
  }

  public boolean isUseIdentityAsUsername() { return useIdentityAsUsername; }

  public ListenerOptions setUseIdentityAsUsername(boolean useIdentityAsUsername) {
    this.useIdentityAsUsername = useIdentityAsUsername;
    return this;
  }

  private static int checkPort(int port, String key) {
    if (port != OFF && (port < 0 || port > 65535)) throw new IllegalArgumentException(key + " must be 0..65535, was " + port);
    return port;
  }

  private static String path(String value, String key) {
    if (value == null) return null;
    if (value.isBlank()) throw new IllegalArgumentException(key + " must not be empty");
    return value;
  }
}
