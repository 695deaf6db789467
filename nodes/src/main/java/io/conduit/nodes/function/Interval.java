package io.conduit.nodes.function;

import io.conduit.spi.NodeServices;

/** One restartable periodic timer of a node (Node-RED's {@code setInterval}/{@code clearInterval} pair). */
final class Interval {
  private final NodeServices services;
  private long id = -1;

  Interval(NodeServices services) {
    this.services = services;
  }

  /** (Re)starts the timer with this period; a period under 1 ms runs every millisecond. */
  void start(double periodMs, Runnable action) {
    stop();
    id = services.setPeriodic(Math.max(1, Math.round(periodMs)), action);
  }

  void stop() {
    if (id != -1) {
      services.cancelTimer(id);
      id = -1;
    }
  }

  boolean running() {
    return id != -1;
  }
}
