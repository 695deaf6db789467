package io.conduit.nodes.function;

import io.conduit.spi.NodeServices;

/**
 * Shows a queue's depth as the node status at most every 500 ms, as the delay node's
 * {@code reportDepth} does: the first report schedules one status update that shows the depth at
 * that time, later reports before it fires are folded into it.
 */
final class DepthReporter {
  static final long PERIOD_MS = 500;

  private final NodeServices services;
  private long timer = -1;
  private int depth;

  DepthReporter(NodeServices services) {
    this.services = services;
  }

  void report(int currentDepth) {
    depth = currentDepth;
    if (timer == -1) {
      timer = services.setTimer(PERIOD_MS, () -> {
        timer = -1;
        services.status(DelayNode.depth(depth));
      });
    }
  }

  void cancel() {
    if (timer != -1) {
      services.cancelTimer(timer);
      timer = -1;
    }
  }
}
