package io.conduit.spi;

import io.vertx.core.Future;

/**
 * A running node, created by {@link NodeType#create}. Life cycle, all on the engine context:
 * <ol>
 *   <li>{@link #prepare()} during deploy validation, before the running flows are touched: async
 *       work that can still reject the deployment (e.g. compiling a script). Must not start any
 *       activity (timers, subscriptions, sockets).</li>
 *   <li>{@link #start()} once the deployment is accepted: timers, subscriptions, connections.</li>
 *   <li>{@link #input} for each message wired to the node.</li>
 *   <li>{@link #close(boolean)} on redeploy or shutdown; the engine waits for the returned future
 *       (with a timeout, like Node-RED's 15 s nodeCloseTimeout). When another node makes the
 *       deployment fail validation, nodes already created and prepared are closed with
 *       {@code close(false)} without ever being started.</li>
 * </ol>
 */
public interface FlowNode {

  default Future<Void> prepare() {
    return Future.succeededFuture();
  }

  default Future<Void> start() {
    return Future.succeededFuture();
  }

  /**
   * Handles one message. The node owns {@code msg}; it may change and send it on. It must call
   * {@code done} exactly once. Nodes without inputs never receive this call.
   */
  default void input(Message msg, Done done) {
    done.done();
  }

  /**
   * @param removed true when the node is being removed from the flows (not only restarted)
   */
  default Future<Void> close(boolean removed) {
    return Future.succeededFuture();
  }
}
