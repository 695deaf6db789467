package io.conduit.nodes.common;

import io.conduit.nodes.util.BasicNodeType;
import io.conduit.spi.NodeServices;

/**
 * Node-RED's {@code catch} node: gets the errors of the nodes in its flow (all of them, those
 * listed in {@code scope}, or those of its group for {@code scope: "group"}; with {@code uncaught:
 * true} only errors no other catch node took) as {@code msg.error = {message, source: {id, type,
 * name, count}}}, and sends them on.
 */
public final class CatchNode extends PassThroughNode {
  CatchNode(NodeServices node) {
    super(node);
  }

  /** The {@code catch} node type. */
  public static final class Type extends BasicNodeType {
    public Type() {
      super("catch", "common", (config, services) -> new CatchNode(services));
    }
  }
}
