package io.conduit.flow;

import io.vertx.core.Future;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The flows file ({@code <data_dir>/flows.json} or {@code --flows FILE}), Node-RED's
 * {@code storage/localfilesystem}. Rules:
 * <ul>
 *   <li>Written pretty-printed as Node-RED's {@code flowFilePretty} ({@code JSON.stringify(flows,
 *       null, 4)}), keys in the order given, so the file diffs well in git.</li>
 *   <li>A save copies the current file to {@code .<name>.backup} (Node-RED's backup name), writes
 *       {@code <name>.$$$}, forces it to disk, then renames it over the file: a crash leaves the
 *       old or the new file, never half of one.</li>
 *   <li>All disk work runs off the event loop, one operation after another.</li>
 *   <li>Reading accepts a flow array or {@code {"flows": [...]}}. A missing file means "no flows
 *       yet"; an empty file is replaced by its non-empty backup; a file that is not valid JSON is
 *       an error naming the file (nothing is overwritten).</li>
 *   <li>{@link #rev} is Node-RED's revision: SHA-256 of the compact JSON text, in hex.</li>
 * </ul>
 */
public final class FlowStorage {
  private final ContextInternal context;
  private final Path file;
  private Future<?> queue = Future.succeededFuture();

  public FlowStorage(ContextInternal context, Path file) {
    this.context = context;
    this.file = file;
  }

  public Path file() {
    return file;
  }

  public Path backupFile() {
    return backupOf(file);
  }

  static Path backupOf(Path file) {
    return file.resolveSibling("." + file.getFileName() + ".backup");
  }

  /** The flows in the file, or null when there is no file. */
  public Future<JsonArray> load() {
    return serial(() -> read(file));
  }

  /** Writes {@code flows}; completes with their revision. */
  public Future<String> save(JsonArray flows) {
    String text = FlowJson.pretty(flows);
    String rev = rev(flows);
    return serial(() -> {
      write(file, text);
      return rev;
    });
  }

  private <T> Future<T> serial(java.util.concurrent.Callable<T> work) {
    Future<T> next = queue.transform(ignored -> context.executeBlocking(work, false));
    queue = next;
    return next;
  }

  /** The credentials file next to the flows file ({@link FlowCredentials}). */
  public Path credentialsFile() {
    return FlowCredentials.fileFor(file);
  }

  Future<java.util.Map<String, JsonObject>> loadCredentials() {
    return serial(() -> FlowCredentials.read(credentialsFile()));
  }

  Future<Void> saveCredentials(java.util.Map<String, JsonObject> credentials) {
    return serial(() -> {
      FlowCredentials.write(credentialsFile(), credentials);
      return null;
    });
  }

  /** Reads a flows file (blocking). Null when the file does not exist. */
  public static JsonArray read(Path file) throws IOException {
    if (!Files.exists(file)) {
      return null;
    }
    String text = Files.readString(file, StandardCharsets.UTF_8);
    if (text.startsWith("\uFEFF")) text = text.substring(1);
    if (text.isBlank()) {
      Path backup = backupOf(file);
      if (Files.exists(backup) && Files.size(backup) > 0) {
        Files.copy(backup, file, StandardCopyOption.REPLACE_EXISTING);
        return read(file);
      }
      return new JsonArray();
    }
    return parse(text, file.toString());
  }

  /** A flow export as text: an array, or an object with a {@code flows} array. */
  public static JsonArray parse(String text, String source) throws IOException {
    String t = text.strip();
    try {
      if (t.startsWith("{")) {
        JsonArray flows = new JsonObject(t).getJsonArray("flows");
        if (flows == null) {
          throw new IOException(source + ": an object must have a \"flows\" array");
        }
        return flows;
      }
      return new JsonArray(t);
    } catch (DecodeException | ClassCastException e) {
      throw new IOException(source + " is not a valid flow file (a JSON array of nodes): " + e.getMessage());
    }
  }

  /** Writes {@code text} to {@code file} atomically, keeping the previous file as its backup (blocking). */
  public static void write(Path file, String text) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    if (Files.exists(file)) {
      Files.copy(file, backupOf(file), StandardCopyOption.REPLACE_EXISTING);
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".$$$");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Node-RED's flow revision: {@code sha256(JSON.stringify(flows))} in hex. */
  public static String rev(JsonArray flows) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(FlowJson.compact(flows).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
