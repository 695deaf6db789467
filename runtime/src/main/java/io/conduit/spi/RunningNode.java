package io.conduit.spi;

/**
 * A running node as another node may see it ({@link NodeServices#runningNodes}).
 *
 * @param id        the node id (for a node inside a subflow instance: {@code <instanceId>-<nodeId>})
 * @param type      the Node-RED type name
 * @param name      the node's name, or "" when it has none
 * @param flowId    the tab (or subflow instance) it runs in
 * @param inSubflow true when it runs inside a subflow instance
 */
public record RunningNode(String id, String type, String name, String flowId, boolean inSubflow) {
}
