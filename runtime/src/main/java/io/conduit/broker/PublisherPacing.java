package io.conduit.broker;

import java.util.ArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Back-pressure from subscribers to the publishers that feed them, so that a subscriber that reads
 * and acknowledges, but more slowly than a publisher sends, receives every message instead of
 * overflowing its queue (QoS 1/2) or its socket buffer (QoS 0). Rules:
 * <ul>
 *   <li>when a network client's PUBLISH puts a message in the queue of an online session that is
 *       keeping up (it acknowledged something or drained its socket in the last
 *       {@link #STALL_MILLIS} ms, or its window was empty then) and that queue holds
 *       {@link #holdAt} messages or more, the publisher's socket is not read any more (TCP pushes
 *       back on it, as Mosquitto's one packet per socket per loop turn does); packets of it already
 *       decoded wait in its {@link ClientConnection};</li>
 *   <li>the publisher is read again once the session's queue is down to half of that, or the
 *       session goes offline, or it acknowledged nothing for {@link #STALL_MILLIS} ms (a stalled
 *       subscriber never holds publishers longer than that, and not again before it acknowledges);</li>
 *   <li>a client is never held by its own session (it could not read its own PUBACKs), and
 *       in-process publishers are never held;</li>
 *   <li>QoS 0: a message for a session whose socket is above its high-water mark holds the
 *       publisher (and is written anyway) while that session drains its socket — it went above
 *       the mark or back below it in the last {@link #STALL_MILLIS} ms; it is read again once the
 *       socket is below its low-water mark;</li>
 *   <li>a session whose socket stayed above its high-water mark for {@link #STALL_MILLIS} ms (a
 *       reader that stopped reading) holds nobody: its QoS 0 messages are dropped and QoS 1/2 ones
 *       queued up to {@code max_queued_messages}, then dropped and counted (issue #7);</li>
 *   <li>the flows (in-process subscribers) are one more reader: while they are behind
 *       ({@link InProcessBroker#flowsBehind}: a node's input queue is long, or too many
 *       deliveries wait for the flow engine's thread) a network publisher whose message reaches them
 *       is not read; all are read again once the flows caught up. The flows never count as stalled:
 *       a script that runs away is stopped by its time limit, and the flows then drain;</li>
 *   <li>and the flows are one more publisher: when a message of theirs meets a session that is still
 *       reading with its queue at {@link #holdAt} or its socket above its high-water mark (QoS 0:
 *       written anyway, up to {@link ClientConnection#FLOWS_OVERSHOOT_BYTES} beyond it; flows fed
 *       by no network publisher cannot be held), the flows count as behind (so their network publishers are held) until
 *       that session drains as above, goes offline or stalls for {@link #STALL_MILLIS} ms; before,
 *       such QoS 0 messages were dropped as for any in-process publisher, which cannot be held.</li>
 * </ul>
 * Before this, a publisher's whole read (up to 16 × 64 KB of PUBLISH packets per loop turn) was
 * routed while its subscriber could take one Receive Maximum (20) per round trip, so QoS 1 runs at
 * full rate dropped most messages at {@code max_queued_messages}.
 */
final class PublisherPacing {
  /** A session that acknowledged nothing for this long is taken for stalled and holds nobody. */
  static final long STALL_MILLIS = 1000;
  private static final long STALL_NANOS = TimeUnit.MILLISECONDS.toNanos(STALL_MILLIS);
  /** Upper bound of the queue length that holds publishers (the session's send window below it). */
  static final int MAX_HOLD_AT = 64;

  private final Broker broker;
  /** The network client whose PUBLISH is being routed, null for in-process publishers. */
  private ClientConnection publisher;
  /** True while a message published by the flows (an in-process client) is routed. */
  boolean routingLocal;
  /** Sessions whose full socket holds the flows' output ({@link Session#holdsFlows}). */
  private int sessionsHoldingFlows;
  /** Publishers held because the flows are behind. */
  private final ArrayList<ClientConnection> heldForFlows = new ArrayList<>(2);

  PublisherPacing(Broker broker) {
    this.broker = broker;
  }

  /** Sets the connection whose PUBLISH is routed next; returns the previous one (routing may nest). */
  ClientConnection routing(ClientConnection c) {
    ClientConnection before = publisher;
    publisher = c;
    return before;
  }

  /** Queue length from which {@code s} holds its publishers. */
  static int holdAt(ClientConnection c) {
    return Math.max(1, Math.min(c.sendWindow(), MAX_HOLD_AT));
  }

  /** {@code s} (online on {@code c}) just queued a message of the PUBLISH being routed. */
  void queued(Session s, ClientConnection c, int queueLength) {
    ClientConnection p = publisher;
    if (p == null && routingLocal && queueLength >= holdAt(c)) holdFlowsFor(s);
    if (p == null || p == c || queueLength < holdAt(c)) return;
    long now = System.nanoTime();
    if (now - s.lastProgressNanos >= STALL_NANOS) return;
    hold(s, p);
  }

  private void hold(Session s, ClientConnection p) {
    if (s.heldPublishers == null) s.heldPublishers = new ArrayList<>(2);
    if (s.heldPublishers.contains(p)) return;
    s.heldPublishers.add(p);
    p.holdReading();
    if (!s.stallCheckScheduled) {
      s.stallCheckScheduled = true;
      broker.loop.schedule(() -> stallCheck(s), STALL_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * A QoS 0 message of the PUBLISH being routed meets {@code s}'s socket above its high-water mark:
   * true if the publisher is now held because {@code s} is still reading (the message is then
   * written anyway, one packet beyond the mark), false if it is to be dropped (a reader that did
   * not drain its socket for {@link #STALL_MILLIS} ms, an in-process or its own publisher).
   */
  boolean congested(Session s, ClientConnection c) {
    ClientConnection p = publisher;
    if (p == null && routingLocal) {
      // written beyond the mark while the flows are being held, up to a bound: flows fed by no
      // network publisher (inject, timers) cannot be held, and must not grow the buffer forever
      return holdFlowsFor(s) && !c.farAboveHighWater();
    }
    if (p == null || p == c || System.nanoTime() - s.lastProgressNanos >= STALL_NANOS) return false;
    hold(s, p);
    return true;
  }

  /** The flows' QoS 0 message meets {@code s}'s full socket: written anyway while {@code s} reads, and the flows count as behind. */
  private boolean holdFlowsFor(Session s) {
    if (System.nanoTime() - s.lastProgressNanos >= STALL_NANOS) return false;
    if (!s.holdsFlows) {
      s.holdsFlows = true;
      sessionsHoldingFlows++;
      if (!s.stallCheckScheduled) {
        s.stallCheckScheduled = true;
        broker.loop.schedule(() -> stallCheck(s), STALL_MILLIS, TimeUnit.MILLISECONDS);
      }
    }
    return true;
  }

  /** No session's full socket holds the flows' output. */
  boolean flowOutputFree() {
    return sessionsHoldingFlows == 0;
  }

  private void freeFlows(Session s) {
    if (!s.holdsFlows) return;
    s.holdsFlows = false;
    if (--sessionsHoldingFlows == 0 && broker.local != null) broker.local.outputFree(broker);
  }

  /** {@code s} acknowledged something or drained its socket, and its queue is down to {@code queueLength}. */
  void progressed(Session s, ClientConnection c, int queueLength) {
    s.lastProgressNanos = System.nanoTime();
    if (s.heldPublishers != null && queueLength <= holdAt(c) / 2 && c.isWritable()) release(s);
    if (s.holdsFlows && queueLength <= holdAt(c) / 2 && c.isWritable()) freeFlows(s);
  }

  /** Reads every publisher {@code s} holds again (it drained, went offline or ended). */
  void release(Session s) {
    freeFlows(s);
    ArrayList<ClientConnection> held = s.heldPublishers;
    if (held == null) return;
    s.heldPublishers = null;
    for (int i = 0, n = held.size(); i < n; i++) held.get(i).releaseReading();
  }

  /** A message of the PUBLISH being routed went to the flows, which are behind: hold its publisher (network ones only). */
  boolean holdForFlows() {
    ClientConnection p = publisher;
    if (p == null || heldForFlows.contains(p)) return false;
    heldForFlows.add(p);
    p.holdReading();
    return true;
  }

  /** The flows caught up: reads every publisher held for them again. */
  void releaseForFlows() {
    for (int i = 0, n = heldForFlows.size(); i < n; i++) heldForFlows.get(i).releaseReading();
    heldForFlows.clear();
  }

  private void stallCheck(Session s) {
    s.stallCheckScheduled = false;
    if (s.heldPublishers == null && !s.holdsFlows) return;
    long idle = System.nanoTime() - s.lastProgressNanos;
    if (idle >= STALL_NANOS || s.connection == null) {
      release(s);
    } else {
      s.stallCheckScheduled = true;
      broker.loop.schedule(() -> stallCheck(s), STALL_NANOS - idle, TimeUnit.NANOSECONDS);
    }
  }
}
