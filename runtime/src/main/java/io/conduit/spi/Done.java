package io.conduit.spi;

/**
 * Node-RED's {@code done} callback for one input message. Call exactly once per input:
 * {@code done()} when the message is handled (this triggers {@code complete} nodes), or
 * {@code done(error)} when it failed (this routes the error and the message to {@code catch} nodes).
 */
@FunctionalInterface
public interface Done {
  void done(Throwable error);

  default void done() {
    done(null);
  }
}
