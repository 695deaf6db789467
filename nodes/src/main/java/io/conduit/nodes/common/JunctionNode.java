package io.conduit.nodes.common;

import io.conduit.nodes.util.BasicNodeType;
import io.conduit.spi.NodeServices;

/**
 * Node-RED's {@code junction}: a wiring point that sends every message on unchanged.
 */
public final class JunctionNode extends PassThroughNode {
  JunctionNode(NodeServices node) {
    super(node);
  }

  /** The {@code junction} node type. */
  public static final class Type extends BasicNodeType {
    public Type() {
      super("junction", "common", (config, services) -> new JunctionNode(services));
    }
  }
}
