package io.conduit.flow;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Node credentials kept out of the flows, as Node-RED does ({@code runtime/lib/nodes/credentials.js}):
 * <ul>
 *   <li>A deployed node's {@code credentials} object is taken out of the configuration: the flows
 *       file, {@code GET /flows} and exports never contain it.</li>
 *   <li>Credentials are kept per node id in {@code <flows>_cred.json} next to the flows file
 *       ({@code flows_cred.json}), readable by the owner only. (Node-RED encrypts this file with a
 *       key of its own; Conduit relies on the file permission: see docs/ARCHITECTURE.md.)</li>
 *   <li>A deployment that gives a node credentials merges them field by field into what is
 *       stored: a field whose value is {@code __PWRD__} (the editor's "unchanged password") keeps the
 *       stored value, an empty string removes the field. A deployment that gives none keeps the
 *       stored ones. Credentials of nodes that are no longer deployed are dropped.</li>
 *   <li>A node gets its credentials back as the {@code credentials} property of the configuration
 *       its type creates it from.</li>
 * </ul>
 */
final class FlowCredentials {
  static final String UNCHANGED_PASSWORD = "__PWRD__";

  private FlowCredentials() {
  }

  /** A configuration split into the flows without credentials and the credentials given, by node id. */
  record Split(JsonArray flows, Map<String, JsonObject> given) {
  }

  static Split split(JsonArray config) {
    JsonArray flows = new JsonArray();
    Map<String, JsonObject> given = new LinkedHashMap<>();
    for (Object o : config) {
      if (o instanceof JsonObject n && n.getValue("credentials") instanceof JsonObject creds && n.getValue("id") != null) {
        JsonObject copy = n.copy();
        copy.remove("credentials");
        flows.add(copy);
        given.put(n.getValue("id").toString(), creds.copy());
      } else {
        flows.add(o);
      }
    }
    return new Split(flows, given);
  }

  /** The credentials after a deployment of {@code present} node ids that gave {@code given}. */
  static Map<String, JsonObject> merge(Map<String, JsonObject> stored, Map<String, JsonObject> given, Set<String> present) {
    Map<String, JsonObject> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonObject> e : stored.entrySet()) {
      if (present.contains(e.getKey())) out.put(e.getKey(), e.getValue());
    }
    for (Map.Entry<String, JsonObject> e : given.entrySet()) {
      JsonObject merged = out.containsKey(e.getKey()) ? out.get(e.getKey()).copy() : new JsonObject();
      for (String field : e.getValue().fieldNames()) {
        Object v = e.getValue().getValue(field);
        if (UNCHANGED_PASSWORD.equals(v)) continue;
        if ("".equals(v)) {
          merged.remove(field);
        } else {
          merged.put(field, v);
        }
      }
      out.put(e.getKey(), merged);
    }
    return Collections.unmodifiableMap(out);
  }

  /** {@code flows.json} → {@code flows_cred.json}, Node-RED's name. */
  static Path fileFor(Path flowsFile) {
    String name = flowsFile.getFileName().toString();
    String base = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    return flowsFile.resolveSibling(base + "_cred.json");
  }

  /** Blocking read; empty when there is no file. */
  static Map<String, JsonObject> read(Path file) throws IOException {
    if (!Files.exists(file)) return Map.of();
    String text = Files.readString(file, StandardCharsets.UTF_8);
    if (text.isBlank()) return Map.of();
    try {
      JsonObject all = new JsonObject(text);
      Map<String, JsonObject> out = new LinkedHashMap<>();
      for (String id : all.fieldNames()) {
        if (all.getValue(id) instanceof JsonObject creds) out.put(id, creds);
      }
      return out;
    } catch (DecodeException e) {
      throw new IOException("credentials file " + file + " is not valid JSON: " + e.getMessage());
    }
  }

  /** Blocking write (temp file + rename), readable by the owner only where the file system allows it. */
  static void write(Path file, Map<String, JsonObject> credentials) throws IOException {
    JsonObject all = new JsonObject();
    credentials.forEach(all::put);
    Path tmp = file.resolveSibling(file.getFileName() + ".$$$");
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.deleteIfExists(tmp);
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    Files.writeString(tmp, FlowJson.pretty(all), StandardCharsets.UTF_8);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
