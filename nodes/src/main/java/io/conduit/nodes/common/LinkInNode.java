package io.conduit.nodes.common;

import io.conduit.nodes.util.BasicNodeType;
import io.conduit.spi.NodeServices;

/**
 * Node-RED's {@code link in} node: messages from the {@code link out} nodes linked to it (its
 * {@code links}, or theirs) and from {@code link call} nodes arrive here and are sent on.
 */
public final class LinkInNode extends PassThroughNode {
  LinkInNode(NodeServices node) {
    super(node);
  }

  /** The {@code link in} node type. */
  public static final class Type extends BasicNodeType {
    public Type() {
      super("link in", "common", (config, services) -> new LinkInNode(services));
    }
  }
}
