package io.conduit.bench.load;

/**
 * One load run from the command line, against a broker (or flow) that is already running:
 * <pre>
 * LoadMain --port 1883 [--host 127.0.0.1] [--topology pairs|fanout|flow] [--publishers 1] [--subscribers 1]
 *          [--qos 0] [--size 64] [--rate 0] [--warmup 5] [--seconds 10] [--drain 5]
 * </pre>
 * Prints the {@link LoadResult}. For profiling a peer by hand; bench/run.sh runs the full set.
 */
public final class LoadMain {
  private LoadMain() {
  }

  public static void main(String[] args) throws Exception {
    LoadOptions o = new LoadOptions();
    for (int i = 0; i + 1 < args.length; i += 2) {
      String v = args[i + 1];
      switch (args[i]) {
        case "--host" -> o.host(v);
        case "--port" -> o.port(Integer.parseInt(v));
        case "--topology" -> o.topology(LoadOptions.Topology.valueOf(v.toUpperCase(java.util.Locale.ROOT)));
        case "--publishers" -> o.publishers(Integer.parseInt(v));
        case "--subscribers" -> o.subscribers(Integer.parseInt(v));
        case "--qos" -> o.qos(Integer.parseInt(v));
        case "--size" -> o.payloadSize(Integer.parseInt(v));
        case "--rate" -> o.rate(Integer.parseInt(v));
        case "--warmup" -> o.warmupSeconds(Integer.parseInt(v));
        case "--seconds" -> o.seconds(Integer.parseInt(v));
        case "--drain" -> o.drainSeconds(Integer.parseInt(v));
        default -> throw new IllegalArgumentException("unknown option '" + args[i] + "' (see the class comment)");
      }
    }
    System.out.println(PubSubLoad.run(o));
    System.exit(0);
  }
}
