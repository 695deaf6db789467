package io.conduit.flow;

import java.util.List;

/**
 * The outcome of a deployment: the new flow revision, and the node types this runtime does not
 * have (non-empty means the flows were saved but not started).
 */
public record DeployResult(String rev, List<String> missingTypes) {
}
