package io.conduit.broker.persist;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WALRecoveryMode;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The durable {@link BrokerStore}: RocksDB in {@code <data_dir>/broker-store}, chosen by measurement
 * (docs/ARCHITECTURE.md, "Broker persistence"). Records and keys are {@link RecordCodec}'s, format
 * version {@link BrokerStore#FORMAT_VERSION}. Rules:
 * <ul>
 *   <li>every change goes through one {@link GroupCommitWriter}: one RocksDB {@code WriteBatch} per
 *       group commit (atomic), written to RocksDB's write-ahead log before {@link #written()}
 *       completes, fsynced per {@link FsyncPolicy};</li>
 *   <li>opening: a new store gets the format record; an existing one without it, with another
 *       version, or that RocksDB reports corrupt, or any record that does not decode, fails
 *       {@link #load()} with {@link StoreUnreadableException} naming the directory and the reason;</li>
 *   <li>a torn last write-ahead-log record (power loss while writing) is dropped as never written;
 *       corruption anywhere else is refused ({@code TolerateCorruptedTailRecords});</li>
 *   <li>{@link #repair} copies every record that still reads into a new store; {@link #reset} moves
 *       the directory aside ({@code broker-store.reset-<time>}); neither deletes the old data.</li>
 * </ul>
 */
public final class RocksDbBrokerStore implements BrokerStore {
  private static final Logger log = LoggerFactory.getLogger(RocksDbBrokerStore.class);
  /** Directory name of the store inside the data directory. */
  public static final String DIRECTORY = "broker-store";

  static {
    RocksDB.loadLibrary();
  }

  /** What to do before opening: nothing, run the repairer, or move the store aside. */
  public enum Opening { NORMAL, REPAIR, RESET }

  private final Path dir;
  private final FsyncPolicy policy;
  private final Opening opening;
  private final GroupCommitWriter writer;
  private Options options;
  private RocksDB db;

  public RocksDbBrokerStore(Path dir, FsyncPolicy policy, long fsyncIntervalMillis) {
    this(dir, policy, fsyncIntervalMillis, Opening.NORMAL);
  }

  public RocksDbBrokerStore(Path dir, FsyncPolicy policy, long fsyncIntervalMillis, Opening opening) {
    this.dir = dir;
    this.policy = policy;
    this.opening = opening;
    this.writer = new GroupCommitWriter(dir.toString(), new Medium(), policy, fsyncIntervalMillis);
  }

  public Path directory() {
    return dir;
  }

  public FsyncPolicy fsyncPolicy() {
    return policy;
  }

  @Override
  public Future<StoredState> load() {
    ContextInternal ctx = (ContextInternal) Vertx.currentContext();
    if (ctx == null) return Future.failedFuture(new IllegalStateException("load() must run on the broker's context"));
    return ctx.executeBlocking(this::openAndRead).onSuccess(s -> writer.start(ctx));
  }

  private StoredState openAndRead() throws IOException {
    if (opening == Opening.RESET) reset(dir);
    else if (opening == Opening.REPAIR && Files.exists(dir)) repair(dir);
    Files.createDirectories(dir);
    options = new Options().setCreateIfMissing(true).setParanoidChecks(true)
      .setWalRecoveryMode(WALRecoveryMode.TolerateCorruptedTailRecords)
      .setInfoLogLevel(InfoLogLevel.WARN_LEVEL).setKeepLogFileNum(2);
    try {
      db = RocksDB.open(options, dir.toString());
    } catch (RocksDBException e) {
      options.close();
      throw new StoreUnreadableException(dir, reason(e), e);
    }
    try {
      byte[] format = db.get(RecordCodec.FORMAT_KEY);
      if (format == null) {
        if (!isEmpty()) throw new StoreUnreadableException(dir, "it has records but no format version (not a Conduit broker store?)", null);
        db.put(RecordCodec.FORMAT_KEY, RecordCodec.formatValue(FORMAT_VERSION));
        db.syncWal();
        log.info("Created broker store {} (format {}, fsync {})", dir, FORMAT_VERSION, policy.settingValue());
        return StoredState.EMPTY;
      }
      int version = decodeOrFail(RecordCodec.FORMAT_KEY, () -> RecordCodec.decodeFormat(format));
      if (version != FORMAT_VERSION) {
        throw new StoreUnreadableException(dir, "it has format version " + version + ", this Conduit reads version " + FORMAT_VERSION, null);
      }
      return readAll();
    } catch (RuntimeException | RocksDBException e) {
      closeDb();
      if (e instanceof StoreUnreadableException u) throw u;
      throw new StoreUnreadableException(dir, e instanceof RocksDBException r ? reason(r) : e.toString(), e);
    }
  }

  private boolean isEmpty() {
    try (RocksIterator it = db.newIterator()) {
      it.seekToFirst();
      return !it.isValid();
    }
  }

  private StoredState readAll() throws RocksDBException {
    List<StoredMessage> retained = new ArrayList<>();
    List<StoredSession> sessions = new ArrayList<>();
    Map<Long, StoredMessage> messages = new HashMap<>();
    List<StoredEntry> entries = new ArrayList<>();
    Map<String, List<Integer>> qos2 = new HashMap<>();
    try (RocksIterator it = db.newIterator()) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        byte[] key = it.key();
        byte[] value = it.value();
        if (java.util.Arrays.equals(key, RecordCodec.FORMAT_KEY)) continue;
        decodeOrFail(key, () -> {
          switch (key[0]) {
            case RecordCodec.RETAINED -> retained.add(RecordCodec.decodeMessage(value));
            case RecordCodec.SESSION -> sessions.add(RecordCodec.decodeSession(RecordCodec.keyString(key), value));
            case RecordCodec.MESSAGE -> messages.put(RecordCodec.keyMessageId(key), RecordCodec.decodeMessage(value));
            case RecordCodec.ENTRY -> entries.add(RecordCodec.decodeEntry(RecordCodec.keyClientId(key), RecordCodec.keySuffix(key), value));
            case RecordCodec.INCOMING_QOS2 -> qos2.computeIfAbsent(RecordCodec.keyClientId(key), c -> new ArrayList<>())
              .add((int) RecordCodec.keySuffix(key));
            default -> throw new IllegalArgumentException("unknown record kind");
          }
          return null;
        });
      }
      it.status();
    }
    log.info("Broker store {}: {} retained messages, {} sessions, {} queued/in-flight messages ({} distinct)",
      dir, retained.size(), sessions.size(), entries.size(), messages.size());
    return new StoredState(retained, sessions, messages, entries, qos2);
  }

  private interface Decoder<T> {
    T decode();
  }

  private <T> T decodeOrFail(byte[] key, Decoder<T> decoder) {
    try {
      return decoder.decode();
    } catch (RuntimeException e) {
      throw new StoreUnreadableException(dir, RecordCodec.describe(key) + " does not decode (" + e.getMessage() + ")", e);
    }
  }

  private static String reason(RocksDBException e) {
    String m = e.getMessage();
    if (m != null && m.contains("lock")) return m + " (is another Conduit using this data directory?)";
    return m == null ? e.toString() : m;
  }

  // ------------------------------------------------------------------ writes (event loop → writer)

  @Override
  public void putRetained(StoredMessage message) {
    writer.put(RecordCodec.stringKey(RecordCodec.RETAINED, message.topic()), RecordCodec.encodeMessage(message));
  }

  @Override
  public void removeRetained(String topic) {
    writer.delete(RecordCodec.stringKey(RecordCodec.RETAINED, topic));
  }

  @Override
  public void putSession(StoredSession session) {
    writer.put(RecordCodec.stringKey(RecordCodec.SESSION, session.clientId()), RecordCodec.encodeSession(session));
  }

  @Override
  public void removeSession(String clientId) {
    writer.delete(RecordCodec.stringKey(RecordCodec.SESSION, clientId));
    byte[] entries = RecordCodec.clientPrefix(RecordCodec.ENTRY, clientId);
    writer.deleteRange(entries, RecordCodec.prefixEnd(entries));
    byte[] qos2 = RecordCodec.clientPrefix(RecordCodec.INCOMING_QOS2, clientId);
    writer.deleteRange(qos2, RecordCodec.prefixEnd(qos2));
  }

  @Override
  public void putMessage(long id, StoredMessage message) {
    writer.put(RecordCodec.messageKey(id), RecordCodec.encodeMessage(message));
  }

  @Override
  public void removeMessage(long id) {
    writer.delete(RecordCodec.messageKey(id));
  }

  @Override
  public void putEntry(StoredEntry entry) {
    writer.put(RecordCodec.entryKey(entry.clientId(), entry.seq()), RecordCodec.encodeEntry(entry));
  }

  @Override
  public void removeEntry(String clientId, long seq) {
    writer.delete(RecordCodec.entryKey(clientId, seq));
  }

  @Override
  public void putIncomingQos2(String clientId, int packetId) {
    writer.put(RecordCodec.incomingQos2Key(clientId, packetId), new byte[0]);
  }

  @Override
  public void removeIncomingQos2(String clientId, int packetId) {
    writer.delete(RecordCodec.incomingQos2Key(clientId, packetId));
  }

  @Override
  public Future<Void> written() {
    return writer.written();
  }

  /** Bytes of changes waiting for the writer (back-pressure). */
  public long pendingBytes() {
    return writer.pendingBytes();
  }

  /** Group commits written so far (for $SYS). */
  public long batchesWritten() {
    return writer.batches();
  }

  @Override
  public Future<Void> close() {
    return writer.close().eventually(() -> {
      closeDb();
      return Future.succeededFuture();
    });
  }

  private synchronized void closeDb() {
    if (db != null) {
      try {
        db.syncWal();
        db.closeE();
      } catch (RocksDBException e) {
        log.warn("Broker store {}: close failed: {}", dir, e.getMessage());
      }
      db = null;
    }
    if (options != null) {
      options.close();
      options = null;
    }
  }

  // ------------------------------------------------------------------ repair / reset

  /**
   * Salvages {@code dir}: opens it skipping corrupt log records, copies every record that still
   * reads and decodes into a new store, then puts the new store in place and keeps the damaged one
   * beside it ({@code broker-store.damaged-<time>}). Fails (naming the reason) when RocksDB cannot
   * open the damaged store at all; then only {@code --reset-store} helps.
   */
  public static void repair(Path dir) throws IOException {
    Path fresh = dir.resolveSibling(dir.getFileName() + ".repairing");
    deleteTree(fresh);
    int kept = 0;
    int lost = 0;
    String stoppedAt = null;
    try (Options damagedOptions = new Options().setParanoidChecks(false).setWalRecoveryMode(WALRecoveryMode.SkipAnyCorruptedRecords);
         RocksDB damaged = RocksDB.open(damagedOptions, dir.toString());
         Options freshOptions = new Options().setCreateIfMissing(true);
         RocksDB target = RocksDB.open(freshOptions, fresh.toString());
         RocksIterator it = damaged.newIterator()) {
      target.put(RecordCodec.FORMAT_KEY, RecordCodec.formatValue(FORMAT_VERSION));
      for (it.seekToFirst(); it.isValid(); it.next()) {
        byte[] key = it.key();
        byte[] value = it.value();
        if (java.util.Arrays.equals(key, RecordCodec.FORMAT_KEY)) continue;
        if (decodes(key, value)) {
          target.put(key, value);
          kept++;
        } else {
          lost++;
        }
      }
      try {
        it.status();
      } catch (RocksDBException e) {
        stoppedAt = e.getMessage();
      }
      target.syncWal();
    } catch (RocksDBException e) {
      deleteTree(fresh);
      throw new StoreUnreadableException(dir, "repair failed, RocksDB cannot open it: " + reason(e), e);
    }
    Path aside = aside(dir, "damaged");
    Files.move(dir, aside);
    Files.move(fresh, dir);
    log.warn("Broker store {} repaired: {} records kept, {} undecodable records dropped{}; the damaged store is kept in {}",
      dir, kept, lost, stoppedAt == null ? "" : ", reading stopped early (" + stoppedAt + ")", aside);
  }

  private static boolean decodes(byte[] key, byte[] value) {
    try {
      switch (key[0]) {
        case RecordCodec.RETAINED, RecordCodec.MESSAGE -> RecordCodec.decodeMessage(value);
        case RecordCodec.SESSION -> RecordCodec.decodeSession(RecordCodec.keyString(key), value);
        case RecordCodec.ENTRY -> RecordCodec.decodeEntry(RecordCodec.keyClientId(key), RecordCodec.keySuffix(key), value);
        case RecordCodec.INCOMING_QOS2 -> RecordCodec.keySuffix(key);
        default -> {
          return false;
        }
      }
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static Path aside(Path dir, String why) {
    return dir.resolveSibling(dir.getFileName() + "." + why + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")));
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) return;
    try (var files = Files.walk(p)) {
      for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(f);
    }
  }

  /** Moves {@code dir} aside so that the broker starts empty; returns where it went (null: no store). */
  public static Path reset(Path dir) throws IOException {
    if (!Files.exists(dir)) return null;
    Path aside = aside(dir, "reset");
    Files.move(dir, aside);
    log.warn("Broker store {} moved aside to {}; starting with an empty store", dir, aside);
    return aside;
  }

  private final class Medium implements GroupCommitWriter.Medium {
    private final WriteOptions sync = new WriteOptions().setSync(true);
    private final WriteOptions async = new WriteOptions().setSync(false);

    @Override
    public void apply(List<GroupCommitWriter.Op> ops, boolean force) throws RocksDBException {
      try (WriteBatch batch = new WriteBatch()) {
        for (GroupCommitWriter.Op op : ops) {
          if (op.rangeEnd() != null) batch.deleteRange(op.key(), op.rangeEnd());
          else if (op.value() == null) batch.delete(op.key());
          else batch.put(op.key(), op.value());
        }
        db.write(force ? sync : async, batch);
      }
    }

    @Override
    public void force() throws RocksDBException {
      db.syncWal();
    }
  }
}
