package io.conduit.testkit;

import io.conduit.spi.Done;
import io.conduit.spi.FlowNode;
import io.conduit.spi.Message;
import io.conduit.spi.NodeConfig;
import io.conduit.spi.NodeServices;
import io.conduit.spi.NodeType;

/**
 * A node type made from a lambda, for engine tests that need behaviour no real node type has:
 * {@code TestNodeType.onInput("upper", (msg, done, node) -> { ...; node.send(msg); done.done(); })}.
 * Give it to the harness with {@code FlowTestHarness.builder().types(...)}.
 */
public final class TestNodeType implements NodeType {
  /** Builds the running node. */
  @FunctionalInterface
  public interface Factory {
    FlowNode create(NodeConfig config, NodeServices services);
  }

  /** Handles one input message. */
  @FunctionalInterface
  public interface Input {
    void input(Message msg, Done done, NodeServices node);
  }

  private final String type;
  private final boolean config;
  private final Factory factory;

  private TestNodeType(String type, boolean config, Factory factory) {
    this.type = type;
    this.config = config;
    this.factory = factory;
  }

  public static TestNodeType of(String type, Factory factory) {
    return new TestNodeType(type, false, factory);
  }

  /** A config node type (no wires; started before the other nodes). */
  public static TestNodeType config(String type, Factory factory) {
    return new TestNodeType(type, true, factory);
  }

  public static TestNodeType onInput(String type, Input input) {
    return of(type, (config, services) -> new FlowNode() {
      @Override
      public void input(Message msg, Done done) {
        input.input(msg, done, services);
      }
    });
  }

  @Override
  public String type() {
    return type;
  }

  @Override
  public String category() {
    return "test";
  }

  @Override
  public boolean isConfigNode() {
    return config;
  }

  @Override
  public FlowNode create(NodeConfig config, NodeServices services) {
    return factory.create(config, services);
  }

  @Override
  public String editorResource() {
    return null;
  }
}
