package io.conduit.spi;

/**
 * One node type, registered through {@code META-INF/services/io.conduit.spi.NodeType}. The type
 * name and the config field names are Node-RED's own ({@code switch}, {@code property},
 * {@code rules}, ...), so a Node-RED export runs unchanged.
 *
 * <p>The editor half of the type is an HTML file in Node-RED's editor format (template,
 * {@code RED.nodes.registerType} with defaults, help) named after the implementing class and found
 * next to it on the class path: {@code io/conduit/nodes/function/SwitchNode.html} for
 * {@code io.conduit.nodes.function.SwitchNode}.
 */
public interface NodeType {

  /** Node-RED's type name, e.g. {@code "switch"}, {@code "mqtt in"}, {@code "mqtt-broker"}. */
  String type();

  /** Palette category as in Node-RED: common, function, network, sequence, config, ... */
  String category();

  /** True for config nodes (e.g. {@code mqtt-broker}): no wires, started before the other nodes. */
  default boolean isConfigNode() {
    return false;
  }

  /**
   * Checks the config and builds the node, not yet started. Pure: no I/O, no timers.
   *
   * @throws NodeConfigException naming the node, its type and the field when the config is invalid
   */
  FlowNode create(NodeConfig config, NodeServices services);

  /**
   * Called once when the runtime is ready (broker and Admin API listening), on a background thread
   * shared by all types: a type may prepare costly machinery here (e.g. a script engine) so that
   * its first deploy is faster, without delaying the start. Default: nothing.
   */
  default void warmUp() {
  }

  /**
   * Class path location of the editor file. By default it is named after the node class: a type
   * implemented as a nested class {@code SwitchNode.Type} (or a class {@code SwitchNodeType}) gives
   * {@code io/conduit/nodes/function/SwitchNode.html}.
   */
  default String editorResource() {
    String name = getClass().getName();
    int nested = name.indexOf('$');
    if (nested > 0) {
      name = name.substring(0, nested);
    } else if (name.endsWith("Type")) {
      name = name.substring(0, name.length() - "Type".length());
    }
    return name.replace('.', '/') + ".html";
  }
}
