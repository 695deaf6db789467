package io.conduit.broker;

import io.conduit.spi.LocalBroker;
import io.conduit.spi.LocalClient;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link LocalBroker}: hands out in-process clients of the running broker. Exists before the broker
 * starts (the flow engine is built with it); calls fail while the broker is not running.
 *
 * <p>Back-pressure from the flows ({@link #flowsBehind}): deliveries to in-process subscribers are
 * counted from the broker's thread handing them over to the flow engine's context until that
 * context takes them. While a flow node says its input queue is long, or {@link #IN_FLIGHT_HIGH}
 * deliveries wait, the network publisher being routed is held ({@link PublisherPacing#holdForFlows});
 * once no node is behind and the waiting deliveries are down to {@link #IN_FLIGHT_LOW}, every
 * publisher held is read again. Without this, a publisher faster than the flows filled the heap
 * with waiting messages until the garbage collector took most of the CPU (measured: at 80,000
 * msg/s into the bench flow, 5.5 GB and deliveries down to nothing).
 */
final class InProcessBroker implements LocalBroker {
  private final Vertx vertx;
  private final BrokerServer server;
  private final Map<InProcessClient, Boolean> clients = new ConcurrentHashMap<>();
  /** Deliveries waiting for the flow engine's context from which publishers feeding the flows are held. */
  static final int IN_FLIGHT_HIGH = 4096;
  /** Publishers held for the flows are read again once the waiting deliveries are down to this. */
  static final int IN_FLIGHT_LOW = 1024;
  private final AtomicInteger inFlight = new AtomicInteger();
  /** Set by the flow engine: a node's input queue is long. */
  private volatile boolean flowsBehind;
  /** Set on the broker context: some publisher is held for the flows. */
  private volatile boolean holding;
  private final AtomicBoolean releasePosted = new AtomicBoolean();

  InProcessBroker(Vertx vertx, BrokerServer server) {
    this.vertx = vertx;
    this.server = server;
  }

  Broker broker() {
    return server.broker();
  }

  @Override
  public LocalClient connect(String clientId) {
    if (clientId == null || clientId.isEmpty()) throw new IllegalArgumentException("local client id must not be empty");
    ContextInternal caller = (ContextInternal) vertx.getOrCreateContext();
    InProcessClient c = new InProcessClient(this, clientId, caller);
    clients.put(c, Boolean.TRUE);
    return c;
  }

  void closed(InProcessClient c) {
    clients.remove(c);
  }

  /** The open in-process clients (for the inspector). */
  Iterable<InProcessClient> clients() {
    return clients.keySet();
  }

  @Override
  public void flowsBehind(boolean behind) {
    flowsBehind = behind;
    if (!behind && holding) postRelease();
  }

  /** Broker context: a delivery was handed over to the flows; holds the publisher being routed while they are behind. */
  void handedOver(Broker b) {
    if (inFlight.incrementAndGet() < IN_FLIGHT_HIGH && !flowsBehind && b.pacing.flowOutputFree()) return;
    if (b.pacing.holdForFlows()) {
      holding = true;
      // the flows may have caught up before they could see 'holding'
      if (caughtUp()) release(b);
    }
  }

  /** The flows' context: a delivery handed over was taken. */
  void taken() {
    if (inFlight.decrementAndGet() == IN_FLIGHT_LOW && holding) postRelease();
  }

  private boolean caughtUp() {
    Broker b = broker();
    return !flowsBehind && inFlight.get() <= IN_FLIGHT_LOW && (b == null || b.pacing.flowOutputFree());
  }

  /** Broker context: no subscriber's full socket holds the flows' output any more. */
  void outputFree(Broker b) {
    if (holding && caughtUp()) release(b);
  }

  /** Any thread: has the broker context read the held publishers again if the flows caught up. */
  private void postRelease() {
    Broker b = broker();
    if (b == null || !releasePosted.compareAndSet(false, true)) return;
    b.context.runOnContext(v -> {
      releasePosted.set(false);
      if (holding && caughtUp()) release(b);
    });
  }

  private void release(Broker b) {
    holding = false;
    b.pacing.releaseForFlows();
  }

  @Override
  public boolean isSelf(String host, int port) {
    if (port != server.actualPort() || port <= 0) return false;
    String bind = server.options().getBind();
    if (host.equalsIgnoreCase("localhost") || host.equals(bind)) return true;
    boolean literal = host.indexOf(':') >= 0 || host.matches("[0-9.]+");
    if (!literal) return false; // no DNS look-ups here: callers may be on an event loop
    try {
      InetAddress a = InetAddress.getByName(host);
      if (bind.equals("0.0.0.0") || bind.equals("::")) return a.isLoopbackAddress() || a.isAnyLocalAddress();
      return a.equals(InetAddress.getByName(bind));
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
