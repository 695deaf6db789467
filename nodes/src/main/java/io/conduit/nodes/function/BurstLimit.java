package io.conduit.nodes.function;

import io.conduit.spi.Done;
import io.conduit.spi.Message;
import io.conduit.spi.NodeServices;
import io.conduit.spi.NodeStatus;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The delay node's {@code burst} mode: up to {@code burst} messages pass at once; each one sent
 * holds its slot for {@code slotMs}. A message finding no free slot is dropped (or sent on output 2
 * when the node has two outputs) and the status turns red. {@code msg.reset} frees every slot.
 */
final class BurstLimit implements DelayNode.Mode {
  private static final NodeStatus OPEN = NodeStatus.of("green", "ring", "");
  private static final NodeStatus FULL = NodeStatus.of("red", "dot", "");

  private final NodeServices services;
  private final long burst;
  private final long slotMs;
  private final boolean twoOutputs;
  private final Set<Long> timers = new HashSet<>();
  private long inflight;

  BurstLimit(NodeServices services, long burst, long slotMs, boolean twoOutputs) {
    this.services = services;
    this.burst = burst;
    this.slotMs = slotMs;
    this.twoOutputs = twoOutputs;
  }

  @Override
  public void start() {
    services.status(OPEN);
  }

  @Override
  public void input(Message msg, Done done) {
    if (msg.has("reset")) {
      cancelTimers();
      inflight = 0;
      services.status(OPEN);
      done.done();
      return;
    }
    if (inflight < burst) {
      inflight++;
      services.send(msg);
      long[] id = new long[1];
      id[0] = services.setTimer(Math.max(1, slotMs), () -> {
        timers.remove(id[0]);
        if (inflight == burst) {
          services.status(OPEN);
        }
        inflight--;
      });
      timers.add(id[0]);
    } else {
      if (twoOutputs) {
        services.send(Arrays.asList(null, msg));
      }
      services.status(FULL);
    }
    done.done();
  }

  private void cancelTimers() {
    timers.forEach(services::cancelTimer);
    timers.clear();
  }

  @Override
  public void close() {
    cancelTimers();
    services.status(NodeStatus.CLEAR);
  }
}
