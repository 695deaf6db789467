package io.conduit.spi;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * What a running node may use: Node-RED's {@code node.*} API. One instance per node; every method
 * is called on the flow engine's context.
 */
public interface NodeServices {

  String id();

  String type();

  String name();

  /** The id of the tab (or subflow instance) the node runs in. */
  String flowId();

  /** Node-RED's {@code node._path}: flow ids and node id joined with {@code /}. */
  String path();

  /** Sends on output 0. Assigns {@code _msgid} when missing. */
  void send(Message msg);

  /**
   * Node-RED's array form: element i goes to output i and is a {@link Message}, null (nothing), or
   * a {@code List<Message>} (several messages on that output, in order). Every receiver but the
   * first gets a deep copy.
   */
  void send(List<?> perOutput);

  void status(NodeStatus status);

  void log(String text);

  void warn(String text);

  /**
   * Node-RED's {@code node.error(err, msg)}: logs, and when {@code msg} is not null reports the
   * error to the {@code catch} nodes of the flow with {@code msg.error = {message, source}}.
   */
  void error(String text, Message msg);

  ContextScope nodeContext();

  ContextScope flowContext();

  ContextScope globalContext();

  /** Node-RED's {@code env.get(name)}: flow/subflow env properties, then NR_* built-ins, then the process env. */
  String env(String name);

  /**
   * Like {@link #env} but typed as Node-RED evaluates env properties: a {@code num} env property
   * gives a Number, {@code bool} a Boolean, {@code json} a Map or List; null when not set.
   */
  default Object envValue(String name) {
    return env(name);
  }

  /**
   * Looks up a deployed config node (e.g. an {@code mqtt-broker}) by id.
   *
   * @return the config node's instance, or null when absent or of another class
   */
  <T extends FlowNode> T configNode(String id, Class<T> type);

  /**
   * Node-RED's {@code RED.nodes.getNode(id)} for any running node (in any tab or subflow instance).
   *
   * @return the node's instance, or null when absent or of another class
   */
  default <T> T node(String id, Class<T> type) {
    throw new UnsupportedOperationException("node lookup is not available here");
  }

  /**
   * Node-RED's {@code otherNode.receive(msg)}: queues {@code msg} as the input of another running
   * node, delivered asynchronously like any wire. The caller hands {@code msg} over (copy first if
   * it is still used).
   *
   * @return false when no node with that id is running
   */
  default boolean deliverTo(String nodeId, Message msg) {
    throw new UnsupportedOperationException("delivery to another node is not available here");
  }

  /** The running nodes of a type, in all tabs and subflow instances (e.g. {@code link in} targets). */
  default java.util.List<RunningNode> runningNodes(String type) {
    throw new UnsupportedOperationException("node lookup is not available here");
  }

  /** Publishes on the editor comms socket (topics {@code debug}, {@code notification/...}). */
  void publishComms(String topic, Object data);

  /** A one-shot timer on the engine context; cancelled automatically when the node closes. */
  long setTimer(long delayMs, Runnable action);

  /** A periodic timer on the engine context; cancelled automatically when the node closes. */
  long setPeriodic(long periodMs, Runnable action);

  boolean cancelTimer(long timerId);

  /** Runs blocking work off the event loop; the result is delivered on the engine context. */
  <T> Future<T> executeBlocking(Callable<T> work);

  /** The broker built into this process (no socket, no serialisation). */
  LocalBroker localBroker();

  /**
   * Says that this node's queue of inputs not yet handled has grown beyond what it should hold
   * ({@code true}), or is back under it ({@code false}). While any node says so, the engine tells
   * the built-in broker that the flows are behind ({@link LocalBroker#flowsBehind}), which stops
   * reading the network publishers that feed the flows until they catch up. A node that closes
   * stops counting. Call on the engine context; repeated calls with the same value change nothing.
   */
  default void backlog(boolean behind) {
  }

  /** Data directory (flows, context files, offline buffers). */
  java.nio.file.Path dataDir();

  Clock clock();

  /**
   * Runtime settings (the merged config file and flags, flat keys such as
   * {@code function_timeout}); read-only.
   */
  io.vertx.core.json.JsonObject settings();

  Vertx vertx();
}
