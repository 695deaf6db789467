package io.conduit.nodes.common;

import io.conduit.nodes.util.BasicNodeType;
import io.conduit.spi.FlowNode;

/**
 * Node-RED's {@code comment} node: text on the canvas ({@code name}, {@code info}); it has no
 * input and does nothing when running.
 */
public final class CommentNode implements FlowNode {

  /** The {@code comment} node type. */
  public static final class Type extends BasicNodeType {
    public Type() {
      super("comment", "common", (config, services) -> new CommentNode());
    }
  }
}
