package io.conduit.nodes.common;

import io.conduit.spi.Done;
import io.conduit.spi.FlowNode;
import io.conduit.spi.Message;
import io.conduit.spi.NodeServices;

/**
 * A node that sends every message it receives unchanged on its output: the behaviour of
 * Node-RED's {@code catch}, {@code status}, {@code complete}, {@code junction} and {@code link in}
 * nodes. What reaches {@code catch}, {@code status} and {@code complete} nodes is decided by the
 * engine (their {@code scope} and {@code uncaught} fields), as Node-RED's {@code Flow.js} does.
 */
abstract class PassThroughNode implements FlowNode {
  protected final NodeServices node;

  PassThroughNode(NodeServices node) {
    this.node = node;
  }

  @Override
  public void input(Message msg, Done done) {
    node.send(msg);
    done.done();
  }
}
