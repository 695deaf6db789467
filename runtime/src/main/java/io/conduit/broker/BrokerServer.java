package io.conduit.broker;

import io.conduit.spi.LocalBroker;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * SKELETON (issue #2 replaces it): starts the vertx-mqtt listeners and owns the broker state.
 */
public final class BrokerServer {
  private final Vertx vertx;
  private final BrokerOptions options;

  public BrokerServer(Vertx vertx, BrokerOptions options) {
    this.vertx = vertx;
    this.options = options.copy();
  }

  public Future<Void> start() {
    return Future.failedFuture("broker not implemented yet");
  }

  public Future<Void> stop() {
    return Future.succeededFuture();
  }

  public LocalBroker localBroker() {
    return null;
  }

  public int actualPort() {
    return -1;
  }
}
