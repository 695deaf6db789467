package io.conduit.nodes.common;

import io.conduit.nodes.util.BasicNodeType;
import io.conduit.spi.NodeServices;

/**
 * Node-RED's {@code complete} node: gets a copy of each message the nodes listed in {@code scope}
 * completed ({@code done()}), with {@code msg.complete.source}, and sends it on.
 */
public final class CompleteNode extends PassThroughNode {
  CompleteNode(NodeServices node) {
    super(node);
  }

  /** The {@code complete} node type. */
  public static final class Type extends BasicNodeType {
    public Type() {
      super("complete", "common", (config, services) -> new CompleteNode(services));
    }
  }
}
