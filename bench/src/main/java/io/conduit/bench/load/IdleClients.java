package io.conduit.bench.load;

import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A child process of the connections scenario: opens {@code count} idle MQTT connections from one
 * loopback source address (so several processes get past the 20,000 open files of one process and
 * the ~28,000 ephemeral ports of one address), at most {@link #CONCURRENT_CONNECTS} at a time,
 * then prints, for each reason a connect failed, one line {@code FAILED <count> <reason>}, then one
 * line {@code READY connected=N failed=F millis=T}, and holds the connections until its standard
 * input closes. Keep-alive is 600 s so that idle means idle during the measurement.
 * <p>
 * Usage: {@code IdleClients <host> <port> <count> <source address> <client id prefix>}
 */
public final class IdleClients {
  static final int CONCURRENT_CONNECTS = 256;

  private IdleClients() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 5) {
      System.err.println("usage: IdleClients <host> <port> <count> <source address> <client id prefix>");
      System.exit(2);
    }
    String host = args[0];
    int port = Integer.parseInt(args[1]);
    int count = Integer.parseInt(args[2]);
    String source = args[3];
    String prefix = args[4];

    Semaphore slots = new Semaphore(CONCURRENT_CONNECTS);
    AtomicInteger connected = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    Map<String, Integer> reasons = new ConcurrentHashMap<>();
    List<Mqtt3AsyncClient> clients = java.util.Collections.synchronizedList(new ArrayList<>(count));
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      slots.acquire();
      Clients.connect(prefix + "-" + i, host, port, source, 600).whenComplete((c, err) -> {
        if (err == null) {
          clients.add(c);
          connected.incrementAndGet();
        } else {
          failed.incrementAndGet();
          reasons.merge(reason(err), 1, Integer::sum);
        }
        slots.release();
      });
    }
    slots.acquire(CONCURRENT_CONNECTS);
    long millis = (System.nanoTime() - start) / 1_000_000;
    reasons.forEach((reason, n) -> System.out.println("FAILED " + n + " " + reason));
    System.out.println("READY connected=" + connected.get() + " failed=" + failed.get() + " millis=" + millis);
    System.out.flush();
    while (System.in.read() >= 0) {
      // hold the connections until the parent closes our stdin
    }
    Runtime.getRuntime().halt(0);
  }

  /** The innermost cause's class and message, on one line: what the parent reports as the problem. */
  static String reason(Throwable err) {
    Throwable t = err;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    String message = t.getMessage() == null ? "" : ": " + t.getMessage().replaceAll("\\s+", " ");
    return t.getClass().getSimpleName() + message;
  }
}
