package io.conduit.flow;

import io.vertx.core.json.JsonArray;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The example flows shipped in the jar (the repository's {@code flows/} folder, packaged as
 * class path resources under {@code examples/}): loaded on first start, when the data directory
 * has no flows file. Every {@code examples/*.json} is read in name order and their node arrays
 * are joined into one configuration (example ids must be unique across files).
 */
final class ExampleFlows {
  static final String FOLDER = "examples/";

  private ExampleFlows() {
  }

  /** Blocking: lists and reads the class path. */
  static JsonArray load(ClassLoader loader) throws IOException {
    TreeSet<String> names = new TreeSet<>();
    Enumeration<URL> roots = loader.getResources(FOLDER);
    while (roots.hasMoreElements()) {
      URL root = roots.nextElement();
      if (root.getProtocol().equals("file")) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(Path.of(root.toURI()), "*.json")) {
          for (Path f : files) names.add(FOLDER + f.getFileName());
        } catch (URISyntaxException e) {
          throw new IOException("cannot list " + root, e);
        }
      } else if (root.getProtocol().equals("jar")) {
        JarURLConnection conn = (JarURLConnection) root.openConnection();
        conn.setUseCaches(false);
        try (JarFile jar = conn.getJarFile()) {
          Enumeration<JarEntry> entries = jar.entries();
          while (entries.hasMoreElements()) {
            String name = entries.nextElement().getName();
            if (name.startsWith(FOLDER) && name.endsWith(".json") && name.indexOf('/', FOLDER.length()) < 0) {
              names.add(name);
            }
          }
        }
      }
    }
    JsonArray all = new JsonArray();
    for (String name : names) {
      try (InputStream in = loader.getResourceAsStream(name)) {
        if (in == null) continue;
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        FlowStorage.parse(text, name).forEach(all::add);
      }
    }
    return all;
  }

}
