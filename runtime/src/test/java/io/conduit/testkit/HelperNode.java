package io.conduit.testkit;

import io.conduit.spi.Done;
import io.conduit.spi.FlowNode;
import io.conduit.spi.Message;
import io.conduit.spi.NodeConfig;
import io.conduit.spi.NodeServices;
import io.conduit.spi.NodeType;

import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Node-RED's test {@code helper} node: type {@code "helper"}, no configuration, captures a deep
 * copy of every message it receives (read them through {@link FlowTestHarness#sink}). With wires it
 * also passes each message on, so it can sit in the middle of a flow. Messages are kept per node
 * id by the type, so a sink survives redeployments of its node.
 */
public final class HelperNode implements FlowNode {
  public static final String TYPE = "helper";

  private final BlockingQueue<Message> received;
  private final NodeServices services;

  private HelperNode(NodeServices services, BlockingQueue<Message> received) {
    this.services = services;
    this.received = received;
  }

  @Override
  public void input(Message msg, Done done) {
    received.add(msg.copy());
    services.send(msg);
    done.done();
  }

  /** The {@code helper} node type. */
  public static final class Type implements NodeType {
    private final Map<String, BlockingQueue<Message>> queues = new ConcurrentHashMap<>();

    /** The messages received by helper node {@code id} (created on first use). */
    public BlockingQueue<Message> queue(String id) {
      return queues.computeIfAbsent(id, k -> new LinkedBlockingQueue<>());
    }

    @Override
    public String type() {
      return TYPE;
    }

    @Override
    public String category() {
      return "test";
    }

    @Override
    public String editorResource() {
      return null;
    }

    @Override
    public FlowNode create(NodeConfig config, NodeServices services) {
      return new HelperNode(services, queue(config.id()));
    }
  }
}
