package io.conduit.bench.load;

import java.lang.management.ManagementFactory;

/**
 * CPU used by this JVM (the load generator) between two points, as a percentage of one core
 * (200% = both cores of a 2-core machine), so a report can show the generator was not the
 * bottleneck.
 */
public final class CpuMeter {
  private static final com.sun.management.OperatingSystemMXBean OS =
    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private final long cpuStart;
  private final long wallStart;

  private CpuMeter() {
    this.cpuStart = OS.getProcessCpuTime();
    this.wallStart = System.nanoTime();
  }

  public static CpuMeter start() {
    return new CpuMeter();
  }

  /** CPU since {@link #start()} in percent of one core. */
  public double percentOfOneCore() {
    long wall = System.nanoTime() - wallStart;
    return wall <= 0 ? 0 : 100.0 * (OS.getProcessCpuTime() - cpuStart) / wall;
  }
}
