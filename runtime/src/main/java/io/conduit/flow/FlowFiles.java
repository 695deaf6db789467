package io.conduit.flow;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code conduit import FILE} and {@code conduit export [FILE]}: flow files in and out of the data
 * directory while Conduit is not running (blocking; for the command line). Rules:
 * <ul>
 *   <li>Import reads a Node-RED export (a node array, or {@code {"flows": [...]}}), checks it as a
 *       deployment would parse it (entries, ids, wires; a malformed file is refused naming the
 *       entry), writes it as the flows file (pretty, previous file kept as the backup) and moves any
 *       credentials into the credentials file. Node types this runtime lacks are reported; the flows
 *       are imported anyway and will not start until those types exist.</li>
 *   <li>Export writes the flows file's nodes pretty-printed (Node-RED's format), never credentials.</li>
 * </ul>
 */
public final class FlowFiles {
  private FlowFiles() {
  }

  /** What an import did. */
  public record Imported(int nodes, int tabs, int subflows, List<String> missingTypes, Path flowsFile) {
  }

  public static Imported importFlows(Path source, Path flowsFile, NodeRegistry registry) throws IOException {
    if (!Files.isRegularFile(source)) {
      throw new IOException(source + " does not exist or is not a file");
    }
    JsonArray flows = FlowStorage.parse(Files.readString(source, StandardCharsets.UTF_8), source.toString());
    FlowCredentials.Split split = FlowCredentials.split(flows);
    FlowModel model;
    try {
      model = FlowModel.parse(split.flows(), FlowModel.Types.of(registry));
    } catch (RuntimeException e) {
      throw new IOException(source + ": " + e.getMessage(), e);
    }
    if (!split.given().isEmpty()) {
      Path credFile = FlowCredentials.fileFor(flowsFile);
      Map<String, JsonObject> merged = FlowCredentials.merge(FlowCredentials.read(credFile), split.given(), model.allNodes().keySet());
      FlowCredentials.write(credFile, merged);
    }
    FlowStorage.write(flowsFile, FlowJson.pretty(model.config()));
    return new Imported(model.allNodes().size(), model.tabs().size(), model.subflows().size(), model.missingTypes(), flowsFile);
  }

  /** The flows file as Node-RED's pretty JSON; an empty array when there is none. */
  public static String exportFlows(Path flowsFile) throws IOException {
    JsonArray flows = FlowStorage.read(flowsFile);
    return FlowJson.pretty(FlowCredentials.split(flows == null ? new JsonArray() : flows).flows());
  }
}
