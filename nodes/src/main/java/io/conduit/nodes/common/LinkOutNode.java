package io.conduit.nodes.common;

import io.conduit.nodes.util.BasicNodeType;
import io.conduit.spi.Done;
import io.conduit.spi.FlowNode;
import io.conduit.spi.Message;
import io.conduit.spi.NodeConfig;
import io.conduit.spi.NodeServices;

import java.util.List;
import java.util.Map;

/**
 * Node-RED's {@code link out} node. {@code mode}:
 * <ul>
 *   <li>{@code link} (default): sends the message to the {@code link in} nodes it is linked to
 *       (the engine wires it to its {@code links} and to the {@code link in} nodes naming it).</li>
 *   <li>{@code return}: hands the message back to the {@code link call} node that sent it (the last
 *       entry of {@code msg._linkSource}); without one it warns "Missing return information".</li>
 * </ul>
 */
public final class LinkOutNode implements FlowNode {
  private final NodeServices node;
  private final boolean returnMode;

  LinkOutNode(NodeConfig config, NodeServices node) {
    this.node = node;
    String mode = config.string("mode", "link");
    if (!mode.equals("link") && !mode.equals("return")) {
      throw config.invalid("mode", "'" + mode + "' is not link or return");
    }
    this.returnMode = mode.equals("return");
  }

  @Override
  public void input(Message msg, Done done) {
    if (!returnMode) {
      node.send(msg);
      done.done();
      return;
    }
    if (msg.get("_linkSource") instanceof List<?> sources && !sources.isEmpty()
      && sources.get(sources.size() - 1) instanceof Map<?, ?> event) {
      sources.remove(sources.size() - 1);
      LinkCallNode caller = node.node(String.valueOf(event.get("node")), LinkCallNode.class);
      if (caller != null) {
        caller.returnLinkMessage(String.valueOf(event.get("id")), msg);
      } else {
        node.warn("Missing return information");
      }
    } else {
      node.warn("Missing return information");
    }
    done.done();
  }

  /** The {@code link out} node type. */
  public static final class Type extends BasicNodeType {
    public Type() {
      super("link out", "common", (config, services) -> new LinkOutNode(config, services));
    }
  }
}
