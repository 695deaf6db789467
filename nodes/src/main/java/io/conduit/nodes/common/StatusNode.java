package io.conduit.nodes.common;

import io.conduit.nodes.util.BasicNodeType;
import io.conduit.spi.NodeServices;

/**
 * Node-RED's {@code status} node: gets the status changes of the nodes in its flow (all, those in
 * {@code scope}, or its group's) as {@code msg.status = {fill, shape, text, source}}, and sends
 * them on.
 */
public final class StatusNode extends PassThroughNode {
  StatusNode(NodeServices node) {
    super(node);
  }

  /** The {@code status} node type. */
  public static final class Type extends BasicNodeType {
    public Type() {
      super("status", "common", (config, services) -> new StatusNode(services));
    }
  }
}
