package io.conduit.nodes.common;

import io.conduit.nodes.util.BasicNodeType;
import io.conduit.spi.Done;
import io.conduit.spi.FlowNode;
import io.conduit.spi.Message;
import io.conduit.spi.NodeConfig;
import io.conduit.spi.NodeServices;
import io.conduit.spi.RunningNode;
import io.vertx.core.json.JsonArray;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Node-RED's {@code link call} node: calls a {@code link in} node like a subroutine and sends on
 * what a {@code link out} in {@code return} mode hands back. Fields: {@code links} (the target
 * id), {@code linkType} ({@code static}, or {@code dynamic}: the target is {@code msg.target}, an
 * id or a {@code link in} name), {@code timeout} (seconds, default 30). Rules:
 * <ul>
 *   <li>The call pushes {@code {id, node}} onto {@code msg._linkSource} and delivers the message to
 *       the target; the returned message is sent on ({@code _linkSource} removed when empty).</li>
 *   <li>A dynamic name is looked up in the caller's flow first, then among all flows (not subflow
 *       instances); two or more matches fail with "Multiple link-in nodes named ...", none with
 *       "target link-in node ... not found".</li>
 *   <li>Without an answer within the timeout, the call fails with {@code timeout} (to catch
 *       nodes, with the message as it was when called).</li>
 * </ul>
 */
public final class LinkCallNode implements FlowNode {
  private record Pending(Message original, Done done, long timer) {
  }

  private final NodeServices node;
  private final String staticTarget;
  private final boolean dynamic;
  private final long timeoutMs;
  private final Map<String, Pending> pending = new HashMap<>();

  LinkCallNode(NodeConfig config, NodeServices node) {
    this.node = node;
    Object links = config.json().getValue("links");
    this.staticTarget = links instanceof JsonArray a ? (a.isEmpty() ? null : String.valueOf(a.getValue(0)))
      : links == null ? null : links.toString();
    String linkType = config.string("linkType", "static");
    if (!linkType.equals("static") && !linkType.equals("dynamic")) {
      throw config.invalid("linkType", "'" + linkType + "' is not static or dynamic");
    }
    this.dynamic = linkType.equals("dynamic");
    double seconds = config.number("timeout", 30);
    if (Double.isNaN(seconds) || seconds <= 0) seconds = 30;
    this.timeoutMs = Math.round(seconds * 1000);
  }

  @Override
  public void input(Message msg, Done done) {
    String target = dynamic ? (msg.get("target") == null ? null : msg.get("target").toString()) : staticTarget;
    RunningNode in;
    try {
      in = resolve(target);
    } catch (IllegalStateException e) {
      done.done(e);
      return;
    }
    @SuppressWarnings("unchecked")
    List<Object> sources = msg.get("_linkSource") instanceof List<?> l ? (List<Object>) l : new ArrayList<>();
    msg.set("_linkSource", sources);
    String eventId = Message.newId() + Message.newId();
    Message original = msg.copy();
    long timer = node.setTimer(timeoutMs, () -> {
      Pending p = pending.remove(eventId);
      if (p != null) {
        node.error("timeout", p.original());
      }
    });
    pending.put(eventId, new Pending(original, done, timer));
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("id", eventId);
    event.put("node", node.id());
    sources.add(event);
    node.deliverTo(in.id(), msg);
  }

  private RunningNode resolve(String target) {
    List<RunningNode> all = node.runningNodes("link in");
    if (target != null) {
      for (RunningNode n : all) {
        if (n.id().equals(target)) return n;
      }
    }
    if (target != null && dynamic) {
      List<RunningNode> here = all.stream().filter(n -> target.equals(nameOf(n)) && n.flowId().equals(node.flowId())).toList();
      if (here.size() == 1) return here.get(0);
      List<RunningNode> anywhere = all.stream().filter(n -> target.equals(nameOf(n)) && !n.inSubflow()).toList();
      if (anywhere.size() == 1) return anywhere.get(0);
      if (anywhere.size() > 1) throw new IllegalStateException("Multiple link-in nodes named '" + target + "' found");
    }
    throw new IllegalStateException("target link-in node '" + (target == null ? "" : target) + "' not found");
  }

  private static String nameOf(RunningNode n) {
    return n.name().isEmpty() ? n.id() : n.name();
  }

  /** Called by a {@code link out} in return mode with the answer to call {@code eventId}. */
  void returnLinkMessage(String eventId, Message msg) {
    if (msg.get("_linkSource") instanceof List<?> l && l.isEmpty()) {
      msg.remove("_linkSource");
    }
    Pending p = pending.remove(eventId);
    node.send(msg);
    if (p != null) {
      node.cancelTimer(p.timer());
      p.done().done();
    }
  }

  /** The {@code link call} node type. */
  public static final class Type extends BasicNodeType {
    public Type() {
      super("link call", "common", (config, services) -> new LinkCallNode(config, services));
    }
  }
}
