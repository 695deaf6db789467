package io.conduit.spi;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A node's status as Node-RED shows it under the node: {@code fill} red|green|yellow|blue|grey,
 * {@code shape} ring|dot, and a short text. {@link #CLEAR} removes the status.
 */
public record NodeStatus(String fill, String shape, String text) {
  public static final NodeStatus CLEAR = new NodeStatus(null, null, null);

  public static NodeStatus of(String fill, String shape, String text) {
    return new NodeStatus(fill, shape, text);
  }

  /** The JSON shape Node-RED uses on the comms socket ({@code status/<id>} topic) and for status nodes. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    if (fill != null) m.put("fill", fill);
    if (shape != null) m.put("shape", shape);
    if (text != null) m.put("text", text);
    return m;
  }
}
