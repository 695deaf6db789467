package io.conduit.broker.persist;

import java.nio.file.Path;

/**
 * The durable store cannot be opened or read at start-up: corrupt, truncated, of another format
 * version, or locked by another process. The broker refuses to start rather than drop data; the
 * message names the store, the reason, and the way out ({@code --repair-store}, {@code --reset-store}).
 */
public final class StoreUnreadableException extends RuntimeException {
  private final Path store;

  public StoreUnreadableException(Path store, String reason, Throwable cause) {
    super("broker store " + store.toAbsolutePath().normalize() + " cannot be read: " + reason
      + ". Nothing was changed. Start with --repair-store to keep what can be read,"
      + " or --reset-store to move the store aside and start empty.", cause);
    this.store = store;
  }

  public Path store() {
    return store;
  }
}
