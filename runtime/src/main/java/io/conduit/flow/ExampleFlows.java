package io.conduit.flow;

import io.conduit.util.ClassPathFolder;
import io.vertx.core.json.JsonArray;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The example flows shipped in the jar (the repository's {@code flows/} folder, packaged as
 * class path resources under {@code examples/}): loaded on first start, when the data directory
 * has no flows file. Every {@code examples/*.json} is read in name order and their node arrays
 * are joined into one configuration (example ids must be unique across files).
 */
final class ExampleFlows {
  static final String FOLDER = "examples";

  private ExampleFlows() {
  }

  /** Blocking: lists and reads the class path. */
  static JsonArray load(ClassLoader loader) throws IOException {
    JsonArray all = new JsonArray();
    for (String file : ClassPathFolder.children(loader, FOLDER)) {
      if (!file.endsWith(".json")) continue;
      String name = FOLDER + "/" + file;
      try (InputStream in = loader.getResourceAsStream(name)) {
        if (in == null) continue;
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        FlowStorage.parse(text, name).forEach(all::add);
      }
    }
    return all;
  }
}
