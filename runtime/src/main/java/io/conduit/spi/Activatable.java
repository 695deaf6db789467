package io.conduit.spi;

/**
 * A node with Node-RED's "active" toggle (the debug node's sidebar button): the Admin API's
 * {@code POST /debug/:id/enable} and {@code /disable} call {@link #setActive} on the running node.
 */
public interface Activatable {
  void setActive(boolean active);

  boolean isActive();
}
