package io.conduit.flow;

import io.conduit.spi.Message;
import io.vertx.core.internal.ContextInternal;

import java.util.ArrayDeque;

/**
 * Node-RED's asynchronous message delivery ({@code setImmediate} per hop in {@code Flow.js}) on
 * the engine's Vert.x context. Rules:
 * <ul>
 *   <li>A send never calls the receiving node directly: every hop is queued and delivered later
 *       from the event loop, so deep or cyclic flows never grow the stack.</li>
 *   <li>Deliveries happen in the order they were queued (FIFO).</li>
 *   <li>The queue is drained in batches of {@link #BATCH} hops; between batches the event loop
 *       runs its other work (sockets, timers), so a busy flow cannot starve the rest.</li>
 *   <li>Queuing from a thread other than the engine's hops onto the engine context first.</li>
 * </ul>
 */
final class Delivery {
  static final int BATCH = 1024;

  private final ContextInternal context;
  private final ArrayDeque<NodeInstance> targets = new ArrayDeque<>();
  private final ArrayDeque<Message> messages = new ArrayDeque<>();
  private boolean scheduled;

  Delivery(ContextInternal context) {
    this.context = context;
  }

  void deliver(NodeInstance target, Message msg) {
    if (!context.inThread()) {
      context.runOnContext(v -> deliver(target, msg));
      return;
    }
    targets.add(target);
    messages.add(msg);
    if (!scheduled) {
      scheduled = true;
      context.runOnContext(v -> drain());
    }
  }

  private void drain() {
    for (int n = 0; n < BATCH; n++) {
      NodeInstance target = targets.poll();
      if (target == null) {
        scheduled = false;
        return;
      }
      target.receive(messages.poll());
    }
    context.runOnContext(v -> drain());
  }

  /** Hops still queued (for tests and metrics). */
  int pending() {
    return targets.size();
  }
}
