/**
 * The only package that node types (module {@code nodes/}) may import.
 *
 * <p>Rules every node implementation can rely on:
 * <ul>
 *   <li>All {@link io.conduit.spi.FlowNode} methods are called on the flow engine's Vert.x context
 *       (one event loop thread). A node never needs locks for its own state.</li>
 *   <li>Blocking work (disk, script compilation) goes through {@link io.conduit.spi.NodeServices#executeBlocking}.</li>
 *   <li>Timers made through {@link io.conduit.spi.NodeServices} are cancelled when the node closes.</li>
 *   <li>Messages follow Node-RED's rules: {@link io.conduit.spi.Message}.</li>
 * </ul>
 */
package io.conduit.spi;
