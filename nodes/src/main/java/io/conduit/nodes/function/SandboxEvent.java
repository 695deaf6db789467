package io.conduit.nodes.function;

import io.conduit.spi.Message;
import io.conduit.spi.NodeStatus;

import java.util.List;

/**
 * What one run of a function node's script asked for, in the order it asked: decoded from the
 * sandbox's output tape on the node's own thread, applied on the flow engine's context by
 * {@link FunctionRunner}.
 */
sealed interface SandboxEvent {

  /** Node-RED's array form: per output null or a list of messages (see {@code NodeServices.send(List)}). */
  record Send(List<Object> perOutput) implements SandboxEvent {
  }

  /** {@code done()} ({@code error} null) or {@code done(err)} for the input with this sequence number. */
  record Done(int seq, String error) implements SandboxEvent {
  }

  record Log(Level level, String text) implements SandboxEvent {
  }

  /** {@code node.error(err, msg)}: reaches catch nodes; {@code msg} null means log only. */
  record Error(String text, Message msg) implements SandboxEvent {
  }

  record Status(NodeStatus status) implements SandboxEvent {
  }

  /** Every {@code node.on('close')} listener has finished. */
  record Closed() implements SandboxEvent {
  }

  enum Level { INFO, WARN, ERROR, DEBUG, TRACE }
}
