package io.conduit.broker;

import io.netty.channel.EventLoop;

import java.util.ArrayList;

/**
 * Batched socket writes: packets are written without flushing, and each connection written to
 * is flushed once, after the event loop has handled the reads in hand (one task per loop
 * iteration for all dirty connections). One routing pass that fans a message out to N clients, or
 * a client that sends 100 PUBLISHes in one TCP segment, thus costs one flush (one syscall) per
 * socket instead of one per packet, which is what vertx-mqtt's endpoint does.
 */
final class FlushScheduler implements Runnable {
  private final EventLoop loop;
  private ArrayList<ClientConnection> dirty = new ArrayList<>();
  private ArrayList<ClientConnection> spare = new ArrayList<>();
  private boolean scheduled;

  FlushScheduler(EventLoop loop) {
    this.loop = loop;
  }

  void markDirty(ClientConnection c) {
    if (c.dirty) return;
    c.dirty = true;
    dirty.add(c);
    if (!scheduled) {
      scheduled = true;
      loop.execute(this);
    }
  }

  @Override
  public void run() {
    scheduled = false;
    ArrayList<ClientConnection> batch = dirty;
    dirty = spare;
    spare = batch;
    for (int i = 0, n = batch.size(); i < n; i++) {
      ClientConnection c = batch.get(i);
      c.dirty = false;
      c.flushNow();
    }
    batch.clear();
  }
}
