package io.conduit.flow;

import io.conduit.spi.Done;
import io.conduit.spi.FlowNode;
import io.conduit.spi.Message;
import io.conduit.spi.NodeConfig;
import io.conduit.spi.NodeServices;
import io.conduit.spi.NodeStatus;
import io.conduit.spi.NodeType;
import io.conduit.testkit.FlowTestHarness;
import io.conduit.testkit.TestNodeType;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Node types for engine tests, named after what they do. Catch, status and complete are plain
 * pass-through types named as in Node-RED: the engine decides what reaches them.
 */
final class EngineTestTypes {
  /** Life-cycle events ({@code start:id}, {@code close:id:removed}, {@code create:id}). */
  final List<String> events = new CopyOnWriteArrayList<>();
  /** Messages (the objects themselves) received by {@code record} nodes, with the node id. */
  final List<Object[]> received = new CopyOnWriteArrayList<>();

  NodeType[] all() {
    List<NodeType> types = new ArrayList<>();
    for (String t : new String[] {"pass", "catch", "status", "complete"}) {
      types.add(TestNodeType.onInput(t, (msg, done, node) -> {
        node.send(msg);
        done.done();
      }));
    }
    types.add(TestNodeType.onInput("record", (msg, done, node) -> {
      received.add(new Object[] {node.id(), msg});
      node.send(msg);
      done.done();
    }));
    types.add(TestNodeType.of("fail", (config, node) -> new FlowNode() {
      @Override
      public void input(Message msg, Done done) {
        done.done(new IllegalStateException(config.string("message", "failed")));
      }
    }));
    types.add(TestNodeType.onInput("throw", (msg, done, node) -> {
      throw new IllegalArgumentException("thrown");
    }));
    types.add(TestNodeType.onInput("st", (msg, done, node) -> {
      node.status(NodeStatus.of("green", "dot", String.valueOf(msg.payload())));
      done.done();
    }));
    types.add(TestNodeType.onInput("split", (msg, done, node) -> {
      Message second = new Message().payload("second");
      node.send(List.of(msg, List.of(second, new Message().payload("third"))));
      done.done();
    }));
    types.add(TestNodeType.of("life", (config, node) -> lifecycle(config, node, false)));
    types.add(TestNodeType.config("cfg", (config, node) -> {
      config.integer("port", 1, 1, 65535);
      return lifecycle(config, node, false);
    }));
    types.add(TestNodeType.of("uses-cfg", (config, node) -> {
      FlowNode server = node.configNode(config.requireString("server"), FlowNode.class);
      if (server == null) throw config.invalid("server", "names no config node");
      events.add("found:" + config.id() + ":" + config.string("server", ""));
      return lifecycle(config, node, false);
    }));
    types.add(TestNodeType.of("bad-prepare", (config, node) -> new FlowNode() {
      @Override
      public Future<Void> prepare() {
        return Future.failedFuture("script does not compile");
      }
    }));
    types.add(TestNodeType.of("hang-close", (config, node) -> lifecycle(config, node, true)));
    types.add(TestNodeType.onInput("env", (msg, done, node) -> {
      msg.payload(node.envValue(String.valueOf(msg.payload())));
      node.send(msg);
      done.done();
    }));
    types.add(TestNodeType.onInput("ctx", (msg, done, node) -> {
      Object current = node.flowContext().get("count");
      int count = current == null ? 1 : ((Number) current).intValue() + 1;
      node.flowContext().set("count", count);
      node.nodeContext().set("seen", count);
      node.globalContext().set("last", msg.payload());
      msg.payload(count);
      node.send(msg);
      done.done();
    }));
    return types.toArray(new NodeType[0]);
  }

  private FlowNode lifecycle(NodeConfig config, NodeServices node, boolean hang) {
    events.add("create:" + config.id());
    return new FlowNode() {
      @Override
      public Future<Void> start() {
        events.add("start:" + config.id());
        return Future.succeededFuture();
      }

      @Override
      public void input(Message msg, Done done) {
        node.send(msg);
        done.done();
      }

      @Override
      public Future<Void> close(boolean removed) {
        events.add("close:" + config.id() + ":" + removed);
        return hang ? Promise.<Void>promise().future() : Future.succeededFuture();
      }
    };
  }

  FlowTestHarness.Builder harness() {
    return FlowTestHarness.builder().types(all());
  }
}
