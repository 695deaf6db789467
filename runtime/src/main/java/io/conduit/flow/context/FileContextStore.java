package io.conduit.flow.context;

import io.conduit.flow.FlowJson;
import io.vertx.core.Future;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Node-RED's {@code localfilesystem} context store, with its cache on (the only mode: reads are
 * synchronous). Rules:
 * <ul>
 *   <li>Layout under {@code <dir>/<base>} (default {@code <data_dir>/context}):
 *       {@code global/global.json}, {@code <flowId>/flow.json}, {@code <flowId>/<nodeId>.json};
 *       each file a pretty-printed JSON object (4 spaces), written to a temp file then renamed.</li>
 *   <li>Every file is read into the cache at {@link #open}; a file that is not valid JSON stops the
 *       start with its path (nothing is silently dropped).</li>
 *   <li>A set marks its scope dirty; dirty scopes are written at most every {@code flushInterval}
 *       (Node-RED's default 30 s), and always at {@link #close}.</li>
 *   <li>Values are serialised on the engine context (they are owned by it); files are written off
 *       the event loop, one write after another.</li>
 * </ul>
 */
public final class FileContextStore implements ContextStore {
  public static final long DEFAULT_FLUSH_INTERVAL_MS = 30_000;
  public static final String DEFAULT_BASE = "context";
  private static final Logger log = LoggerFactory.getLogger(FileContextStore.class);

  private final ContextInternal context;
  private final Path baseDir;
  private final long flushIntervalMs;
  private final MemoryContextStore cache = new MemoryContextStore();
  private final Set<String> pending = new LinkedHashSet<>();
  private long flushTimer = -1;
  private boolean closing;
  private Future<Void> writes = Future.succeededFuture();

  public FileContextStore(ContextInternal context, Path baseDir, long flushIntervalMs) {
    if (flushIntervalMs < 0) throw new IllegalArgumentException("flushInterval must be >= 0, was " + flushIntervalMs);
    this.context = context;
    this.baseDir = baseDir;
    this.flushIntervalMs = flushIntervalMs;
  }

  public Path baseDir() {
    return baseDir;
  }

  @Override
  public Future<Void> open() {
    return context.executeBlocking(() -> {
      Map<String, Map<String, Object>> loaded = new LinkedHashMap<>();
      Files.createDirectories(baseDir);
      for (Path file : listFiles()) {
        String dir = file.getParent().getFileName().toString();
        String name = file.getFileName().toString();
        String scope;
        if (dir.equals("global")) {
          scope = "global";
        } else if (name.equals("flow.json")) {
          scope = dir;
        } else {
          scope = name.substring(0, name.length() - 5) + ":" + dir;
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        try {
          Object values = text.isBlank() ? new LinkedHashMap<>() : FlowJson.toPlain(new JsonObject(text));
          @SuppressWarnings("unchecked")
          Map<String, Object> map = (Map<String, Object>) values;
          loaded.put(scope, map);
        } catch (DecodeException | ClassCastException e) {
          throw new IOException("context file " + file + " is not a valid JSON object: " + e.getMessage());
        }
      }
      return loaded;
    }).map(loaded -> {
      loaded.forEach(cache::load);
      return null;
    });
  }

  private List<Path> listFiles() throws IOException {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(baseDir)) {
      for (Path dir : dirs) {
        if (!Files.isDirectory(dir) || dir.getFileName().toString().startsWith(".")) continue;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
          for (Path f : files) {
            out.add(f);
          }
        }
      }
    }
    return out;
  }

  private Path fileOf(String scope) {
    int colon = scope.indexOf(':');
    if (colon >= 0) {
      return baseDir.resolve(scope.substring(colon + 1)).resolve(scope.substring(0, colon) + ".json");
    }
    return scope.equals("global") ? baseDir.resolve("global").resolve("global.json") : baseDir.resolve(scope).resolve("flow.json");
  }

  @Override
  public Object get(String scope, String key) {
    return cache.get(scope, key);
  }

  @Override
  public void set(String scope, String key, Object value) {
    cache.set(scope, key, value);
    pending.add(scope);
    if (flushTimer < 0 && !closing) {
      flushTimer = context.setTimer(Math.max(1, flushIntervalMs), t -> {
        flushTimer = -1;
        flush();
      });
    }
  }

  @Override
  public List<String> keys(String scope) {
    return cache.keys(scope);
  }

  /** Writes every dirty scope now; completes when the files are on disk. */
  public Future<Void> flush() {
    if (pending.isEmpty()) {
      return writes;
    }
    Map<Path, String> contents = new LinkedHashMap<>();
    for (String scope : pending) {
      Map<String, Object> values = cache.scope(scope);
      contents.put(fileOf(scope), FlowJson.pretty(values == null ? Map.of() : values));
    }
    pending.clear();
    Future<Void> previous = writes;
    writes = previous.transform(ignored -> context.<Void>executeBlocking(() -> {
      for (Map.Entry<Path, String> e : contents.entrySet()) {
        writeAtomically(e.getKey(), e.getValue());
      }
      return null;
    }).onFailure(err -> log.error("Cannot write context to {}: {}", baseDir, err.toString())));
    return writes;
  }

  private static void writeAtomically(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(file.getFileName() + "." + System.nanoTime() + ".tmp");
    Files.writeString(tmp, content, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public Future<Void> delete(String scope) {
    cache.delete(scope);
    pending.remove(scope);
    Path file = fileOf(scope);
    writes = writes.transform(ignored -> context.<Void>executeBlocking(() -> {
      Files.deleteIfExists(file);
      return null;
    }));
    return writes;
  }

  @Override
  public Future<Void> clean(Set<String> activeIds) {
    cache.clean(activeIds);
    pending.removeIf(scope -> !MemoryContextStore.isKept(scope, activeIds));
    Set<String> active = Set.copyOf(activeIds);
    writes = writes.transform(ignored -> context.<Void>executeBlocking(() -> {
      if (!Files.isDirectory(baseDir)) return null;
      for (Path file : listFiles()) {
        String dir = file.getParent().getFileName().toString();
        String name = file.getFileName().toString();
        if (dir.equals("global")) continue;
        if (!active.contains(dir)) {
          Files.deleteIfExists(file);
        } else if (!name.equals("flow.json") && !active.contains(name.substring(0, name.length() - 5))) {
          Files.deleteIfExists(file);
        }
      }
      return null;
    }));
    return writes;
  }

  @Override
  public Future<Void> close() {
    closing = true;
    if (flushTimer >= 0) {
      context.owner().cancelTimer(flushTimer);
      flushTimer = -1;
    }
    return flush();
  }
}
