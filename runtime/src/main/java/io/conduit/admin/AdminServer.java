package io.conduit.admin;

import io.conduit.broker.BrokerServer;
import io.conduit.flow.FlowEngine;
import io.conduit.launch.ConduitOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * SKELETON (issue #3 replaces it): the Admin API and the editor's static files over vertx-web.
 */
public final class AdminServer {
  public AdminServer(Vertx vertx, ConduitOptions options, FlowEngine flows, BrokerServer broker) {
  }

  public Future<Void> start() {
    return Future.succeededFuture();
  }

  public Future<Void> stop() {
    return Future.succeededFuture();
  }

  public int actualPort() {
    return -1;
  }
}
