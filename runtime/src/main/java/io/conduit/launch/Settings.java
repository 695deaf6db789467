package io.conduit.launch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads a settings file into one flat {@link JsonObject} of snake_case keys, whatever the file's
 * format: JSON ({@code .json}), YAML ({@code .yaml}/{@code .yml}) or Mosquitto's
 * {@code key value} lines ({@code .conf}). Keys use Mosquitto's names where it has one
 * ({@code max_queued_messages}, {@code password_file}, ...); dashes are read as underscores.
 */
public final class Settings {
  private Settings() {
  }

  public static JsonObject read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("config file " + file + " does not exist or is not a file");
    }
    String name = file.getFileName().toString().toLowerCase();
    String text = Files.readString(file);
    JsonObject raw;
    try {
      if (name.endsWith(".yaml") || name.endsWith(".yml")) {
        Object tree = new ObjectMapper(new YAMLFactory()).readValue(text, Object.class);
        if (tree == null) {
          raw = new JsonObject();
        } else if (tree instanceof Map<?, ?> m) {
          @SuppressWarnings("unchecked")
          Map<String, Object> map = (Map<String, Object>) m;
          raw = new JsonObject(map);
        } else {
          throw new IOException("config file " + file + ": the top level must be a mapping of settings");
        }
      } else if (name.endsWith(".conf")) {
        raw = readConf(file, text);
      } else {
        raw = new JsonObject(text);
      }
    } catch (IOException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new IOException("config file " + file + " is not valid: " + e.getMessage(), e);
    }
    return normalise(raw);
  }

  /** Mosquitto-style lines: {@code key value}; {@code #} comments; values are strings. */
  private static JsonObject readConf(Path file, String text) throws IOException {
    JsonObject out = new JsonObject();
    String[] lines = text.split("\r?\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) continue;
      int sp = line.indexOf(' ');
      if (sp < 0) {
        throw new IOException("config file " + file + " line " + (i + 1) + ": expected 'key value', got '" + line + "'");
      }
      out.put(line.substring(0, sp), line.substring(sp + 1).strip());
    }
    return out;
  }

  /** Dashes to underscores in top-level keys, so {@code http-port} and {@code http_port} are one key. */
  public static JsonObject normalise(JsonObject raw) {
    JsonObject out = new JsonObject();
    for (Map.Entry<String, Object> e : raw) {
      out.put(e.getKey().replace('-', '_'), e.getValue());
    }
    return out;
  }
}
