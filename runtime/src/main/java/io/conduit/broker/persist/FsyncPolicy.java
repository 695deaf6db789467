package io.conduit.broker.persist;

import java.util.Locale;

/**
 * When the durable store forces its writes to the disk (setting {@code fsync}, flag {@code --fsync}).
 * Every policy writes each group commit to the operating system before the broker acknowledges the
 * messages in it, so every policy survives a crash or {@code kill -9} of the Conduit process; they
 * differ in what survives a crash of the machine (power loss, kernel panic):
 * <ul>
 *   <li>{@link #ALWAYS}: each group commit is fsynced before its PUBACKs/PUBRECs go out; nothing
 *       acknowledged is lost, even on power loss. Slowest: one fsync per batch;</li>
 *   <li>{@link #INTERVAL} (default): fsync once per {@code fsync_interval} (1 s) when something was
 *       written; power loss loses at most the last interval's acknowledged messages;</li>
 *   <li>{@link #NEVER}: the operating system writes when it likes (typically within 30 s); power
 *       loss may lose that much, a process crash nothing.</li>
 * </ul>
 */
public enum FsyncPolicy {
  ALWAYS, INTERVAL, NEVER;

  /** Parses a setting value ({@code always}, {@code interval}, {@code never}; any case). */
  public static FsyncPolicy parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("fsync must be always, interval or never, was '" + value + "'");
    }
  }

  public String settingValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}
