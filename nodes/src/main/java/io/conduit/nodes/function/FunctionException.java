package io.conduit.nodes.function;

/**
 * An error reported by a function node's script (thrown, passed to {@code node.done(err)}, or a
 * time limit), carrying Node-RED's text for it as the message. No stack trace: the Java stack says
 * nothing about the script.
 */
final class FunctionException extends RuntimeException {
  FunctionException(String message) {
    super(message, null, false, false);
  }
}
