package io.conduit.nodes.function;

import io.conduit.nodes.util.BasicNodeType;
import io.conduit.spi.Done;
import io.conduit.spi.FlowNode;
import io.conduit.spi.Message;
import io.conduit.spi.NodeConfig;
import io.conduit.spi.NodeServices;

/**
 * Node-RED's {@code change} node ({@code 15-change.js}): applies {@link ChangeRules} to each
 * message in order and sends it on. The rules never drop a message; a rule that cannot apply is
 * skipped (with a warning where Node-RED warns).
 */
public final class ChangeNode implements FlowNode {
  private final NodeServices services;
  private final ChangeRules rules;

  private ChangeNode(NodeConfig config, NodeServices services) {
    this.services = services;
    this.rules = ChangeRules.parse(config);
  }

  @Override
  public void input(Message msg, Done done) {
    rules.apply(msg, services);
    services.send(msg);
    done.done();
  }

  /** Registers {@code change}. */
  public static final class Type extends BasicNodeType {
    public Type() {
      super("change", "function", ChangeNode::new);
    }
  }
}
