package io.conduit.spi;

/**
 * A node's configuration is invalid. The message always names the node id, its type and the
 * offending field, e.g. {@code node a1b2 (switch): rules[2].v 'abc' is not a number}.
 * Thrown while a deployment is validated; the running flows are left untouched.
 */
public class NodeConfigException extends RuntimeException {
  private final String nodeId;
  private final String nodeType;
  private final String field;

  public NodeConfigException(String nodeId, String nodeType, String field, String problem) {
    super("node " + nodeId + " (" + nodeType + "): " + (field == null || field.isEmpty() ? "" : field + " ") + problem);
    this.nodeId = nodeId;
    this.nodeType = nodeType;
    this.field = field;
  }

  public String nodeId() { return nodeId; }
  public String nodeType() { return nodeType; }
  /** The field path inside the node's JSON, e.g. {@code rules[2].v}; may be empty for a whole-node problem. */
  public String field() { return field; }
}
