package io.conduit.flow;

/**
 * A flow configuration is malformed as a whole (not an array, an entry that is not an object, a
 * duplicate or missing id). The message names the entry ({@code flows[3]}) and, when known, the
 * node id and type. Node-level problems use {@link io.conduit.spi.NodeConfigException} instead.
 */
public class InvalidFlowException extends RuntimeException {
  public InvalidFlowException(String message) {
    super(message);
  }
}
