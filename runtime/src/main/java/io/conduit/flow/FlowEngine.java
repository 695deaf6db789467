package io.conduit.flow;

import io.conduit.launch.ConduitOptions;
import io.conduit.spi.LocalBroker;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * SKELETON (issue #3 replaces it): loads, deploys and runs flows on its own Vert.x context.
 */
public final class FlowEngine {
  public FlowEngine(Vertx vertx, ConduitOptions options, LocalBroker broker) {
  }

  public Future<Void> start() {
    return Future.succeededFuture();
  }

  public Future<Void> stop() {
    return Future.succeededFuture();
  }
}
