package io.conduit.spi;

/**
 * The broker built into this process, reached without a socket: the flow engine's mqtt nodes use
 * it when their {@code mqtt-broker} config points at the built-in broker. Local clients go through
 * the same subscription index and delivery rules as network clients (QoS downgrade, retained
 * messages, NoLocal, $-topics), and payload buffers are passed along as they are.
 */
public interface LocalBroker {

  /**
   * Opens an in-process client session. Deliveries to its subscriptions run on the Vert.x context
   * that called {@code connect} (the flow engine's), in publish order.
   *
   * @param clientId the session's client id; it shares the client id namespace with network
   *                 clients (a network client with the same id does not take it over, and vice versa:
   *                 the broker prefixes nothing, so choose ids that do not clash)
   */
  LocalClient connect(String clientId);

  /**
   * True when {@code host:port} names this broker's own plain MQTT listener (e.g. {@code localhost}
   * or {@code 127.0.0.1} and the configured port), so that a config that names it can use the
   * in-process path.
   */
  boolean isSelf(String host, int port);

  /**
   * The flows are behind ({@code true}: a node's input queue is long) or have caught up. While they
   * are behind, or while the deliveries handed to the flows and not yet taken pass a bound, the
   * broker does not read the network publishers whose messages reach in-process subscribers: TCP
   * pushes back on them, as for a network subscriber that reads more slowly than its publishers
   * send. Messages are neither dropped nor queued without bound. May be called from any thread.
   */
  default void flowsBehind(boolean behind) {
  }
}
