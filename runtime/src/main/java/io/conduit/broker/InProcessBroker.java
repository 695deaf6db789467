package io.conduit.broker;

import io.conduit.spi.LocalBroker;
import io.conduit.spi.LocalClient;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link LocalBroker}: hands out in-process clients of the running broker. Exists before the broker
 * starts (the flow engine is built with it); calls fail while the broker is not running.
 */
final class InProcessBroker implements LocalBroker {
  private final Vertx vertx;
  private final BrokerServer server;
  private final Map<InProcessClient, Boolean> clients = new ConcurrentHashMap<>();

  InProcessBroker(Vertx vertx, BrokerServer server) {
    this.vertx = vertx;
    this.server = server;
  }

  Broker broker() {
    return server.broker();
  }

  @Override
  public LocalClient connect(String clientId) {
    if (clientId == null || clientId.isEmpty()) throw new IllegalArgumentException("local client id must not be empty");
    ContextInternal caller = (ContextInternal) vertx.getOrCreateContext();
    InProcessClient c = new InProcessClient(this, clientId, caller);
    clients.put(c, Boolean.TRUE);
    return c;
  }

  void closed(InProcessClient c) {
    clients.remove(c);
  }

  /** The open in-process clients (for the inspector). */
  Iterable<InProcessClient> clients() {
    return clients.keySet();
  }

  @Override
  public boolean isSelf(String host, int port) {
    if (port != server.actualPort() || port <= 0) return false;
    String bind = server.options().getBind();
    if (host.equalsIgnoreCase("localhost") || host.equals(bind)) return true;
    boolean literal = host.indexOf(':') >= 0 || host.matches("[0-9.]+");
    if (!literal) return false; // no DNS look-ups here: callers may be on an event loop
    try {
      InetAddress a = InetAddress.getByName(host);
      if (bind.equals("0.0.0.0") || bind.equals("::")) return a.isLoopbackAddress() || a.isAnyLocalAddress();
      return a.equals(InetAddress.getByName(bind));
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
