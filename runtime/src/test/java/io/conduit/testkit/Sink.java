package io.conduit.testkit;

import io.conduit.spi.Message;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The messages a {@code helper} node received, in arrival order (each a deep copy taken when it
 * arrived). Reading waits for messages (never sleeps a fixed time); a wait that runs out fails the
 * test with an {@link AssertionError} naming the node.
 */
public final class Sink {
  private final String nodeId;
  private final BlockingQueue<Message> queue;
  private final Duration timeout;

  Sink(String nodeId, BlockingQueue<Message> queue, Duration timeout) {
    this.nodeId = nodeId;
    this.queue = queue;
    this.timeout = timeout;
  }

  /** The next message, waiting up to the harness timeout. */
  public Message next() {
    return next(timeout);
  }

  public Message next(Duration wait) {
    try {
      Message m = queue.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
      if (m == null) {
        throw new AssertionError("no message reached helper node '" + nodeId + "' within " + wait.toMillis() + " ms");
      }
      return m;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting on helper node '" + nodeId + "'", e);
    }
  }

  /** The next {@code n} messages, in order. */
  public List<Message> next(int n) {
    List<Message> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(next());
    }
    return out;
  }

  /** The next message, or null if none is waiting right now (does not wait). */
  public Message poll() {
    return queue.poll();
  }

  /** How many messages are waiting to be read. */
  public int size() {
    return queue.size();
  }
}
