package io.conduit.nodes.util;

import io.conduit.spi.FlowNode;
import io.conduit.spi.NodeConfig;
import io.conduit.spi.NodeServices;
import io.conduit.spi.NodeType;

import java.util.function.BiFunction;

/**
 * A {@link NodeType} made of its Node-RED type name, palette category and constructor. Each node
 * class registers itself with a nested {@code Type extends BasicNodeType}, so the editor file is
 * found by the node class's name ({@link NodeType#editorResource}).
 */
public abstract class BasicNodeType implements NodeType {
  private final String type;
  private final String category;
  private final boolean configNode;
  private final BiFunction<NodeConfig, NodeServices, FlowNode> factory;

  protected BasicNodeType(String type, String category, BiFunction<NodeConfig, NodeServices, FlowNode> factory) {
    this(type, category, false, factory);
  }

  protected BasicNodeType(String type, String category, boolean configNode,
                          BiFunction<NodeConfig, NodeServices, FlowNode> factory) {
    this.type = type;
    this.category = category;
    this.configNode = configNode;
    this.factory = factory;
  }

  @Override
  public final String type() {
    return type;
  }

  @Override
  public final String category() {
    return category;
  }

  @Override
  public final boolean isConfigNode() {
    return configNode;
  }

  @Override
  public final FlowNode create(NodeConfig config, NodeServices services) {
    return factory.apply(config, services);
  }
}
