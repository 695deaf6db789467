package io.conduit.bench.jmh;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;

/**
 * The write pattern of the broker's durable store, on the three embedded stores we could use
 * (RocksDB, H2 MVStore, SQLite), to choose one by measurement (issue #7). One group commit carries,
 * per QoS 1 message: the message once (64-byte payload + topic + header, ~110 bytes), one queue entry
 * per persistent subscriber (~24 bytes), and the deletes of the entries and messages acknowledged
 * since the previous commit (here: those of the previous batch). {@code sync} forces each commit to
 * disk (fsync always) or leaves it in the OS (fsync never/interval). Score = messages per second.
 * <p>
 * {@code commit1}: one message per commit (no grouping; with sync this is fsync latency);
 * {@code commit100}: 100 messages per commit (group commit under load).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class StoreWriteBenchmark {
  @Param({"rocksdb", "mvstore", "sqlite"})
  public String store;

  @Param({"true", "false"})
  public boolean sync;

  @Param({"1", "10"})
  public int subscribers;

  private Path dir;
  private Backend backend;
  private long nextMessage = 1;
  private long nextEntry = 1;
  private final byte[] message = new byte[110];

  interface Backend extends AutoCloseable {
    void putMessage(long id, byte[] data) throws Exception;

    void deleteMessage(long id) throws Exception;

    void putEntry(String client, long seq, byte[] data) throws Exception;

    void deleteEntry(String client, long seq) throws Exception;

    void commit(boolean sync) throws Exception;
  }

  @Setup(Level.Trial)
  public void open() throws Exception {
    dir = Files.createTempDirectory("store-bench-");
    backend = switch (store) {
      case "rocksdb" -> new Rocks(dir);
      case "mvstore" -> new Mv(dir);
      case "sqlite" -> new Sqlite(dir);
      default -> throw new IllegalArgumentException(store);
    };
    new java.util.Random(1).nextBytes(message);
  }

  @TearDown(Level.Trial)
  public void close() throws Exception {
    backend.close();
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Benchmark
  public void commit1() throws Exception {
    batch(1);
  }

  @Benchmark
  @OperationsPerInvocation(100)
  public void commit100() throws Exception {
    batch(100);
  }

  private void batch(int n) throws Exception {
    long firstMessage = nextMessage;
    long firstEntry = nextEntry;
    for (int i = 0; i < n; i++) {
      long id = nextMessage++;
      backend.putMessage(id, message);
      for (int s = 0; s < subscribers; s++) {
        backend.putEntry("subscriber-" + s, nextEntry, entry(id));
      }
      nextEntry++;
    }
    // the acks of the previous batch
    if (firstMessage > n) {
      for (int i = 0; i < n; i++) {
        for (int s = 0; s < subscribers; s++) backend.deleteEntry("subscriber-" + s, firstEntry - n + i);
        backend.deleteMessage(firstMessage - n + i);
      }
    }
    backend.commit(sync);
  }

  private static byte[] entry(long messageId) {
    return ByteBuffer.allocate(24).putLong(messageId).putInt(1).putInt(0).putLong(0).array();
  }

  static byte[] entryKey(String client, long seq) {
    byte[] c = client.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(c.length + 10).put((byte) 'q').put(c).put((byte) 0).putLong(seq).array();
  }

  static byte[] messageKey(long id) {
    return ByteBuffer.allocate(9).put((byte) 'm').putLong(id).array();
  }

  static final class Rocks implements Backend {
    static {
      RocksDB.loadLibrary();
    }

    private final Options options = new Options().setCreateIfMissing(true);
    private final RocksDB db;
    private final WriteBatch batch = new WriteBatch();
    private final WriteOptions syncWrite = new WriteOptions().setSync(true);
    private final WriteOptions asyncWrite = new WriteOptions().setSync(false);

    Rocks(Path dir) throws RocksDBException {
      db = RocksDB.open(options, dir.toString());
    }

    @Override
    public void putMessage(long id, byte[] data) throws RocksDBException {
      batch.put(messageKey(id), data);
    }

    @Override
    public void deleteMessage(long id) throws RocksDBException {
      batch.delete(messageKey(id));
    }

    @Override
    public void putEntry(String client, long seq, byte[] data) throws RocksDBException {
      batch.put(entryKey(client, seq), data);
    }

    @Override
    public void deleteEntry(String client, long seq) throws RocksDBException {
      batch.delete(entryKey(client, seq));
    }

    @Override
    public void commit(boolean sync) throws RocksDBException {
      db.write(sync ? syncWrite : asyncWrite, batch);
      batch.clear();
    }

    @Override
    public void close() {
      batch.close();
      db.close();
      options.close();
    }
  }

  static final class Mv implements Backend {
    private final MVStore mv;
    private final MVMap<Long, byte[]> messages;
    private final MVMap<String, byte[]> entries;

    Mv(Path dir) {
      mv = new MVStore.Builder().fileName(dir.resolve("broker.mv.db").toString()).autoCommitDisabled().open();
      messages = mv.openMap("messages");
      entries = mv.openMap("entries");
    }

    @Override
    public void putMessage(long id, byte[] data) {
      messages.put(id, data);
    }

    @Override
    public void deleteMessage(long id) {
      messages.remove(id);
    }

    @Override
    public void putEntry(String client, long seq, byte[] data) {
      entries.put(client + '\u0000' + seq, data);
    }

    @Override
    public void deleteEntry(String client, long seq) {
      entries.remove(client + '\u0000' + seq);
    }

    @Override
    public void commit(boolean sync) {
      mv.commit();
      if (sync) mv.sync();
    }

    @Override
    public void close() {
      mv.close();
    }
  }

  static final class Sqlite implements Backend {
    private final Connection db;
    private final PreparedStatement putMessage;
    private final PreparedStatement deleteMessage;
    private final PreparedStatement putEntry;
    private final PreparedStatement deleteEntry;
    private Boolean syncMode;

    Sqlite(Path dir) throws SQLException {
      db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("broker.sqlite"));
      try (Statement s = db.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("CREATE TABLE messages (id INTEGER PRIMARY KEY, data BLOB NOT NULL)");
        s.execute("CREATE TABLE entries (client TEXT NOT NULL, seq INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (client, seq)) WITHOUT ROWID");
      }
      db.setAutoCommit(false);
      putMessage = db.prepareStatement("INSERT OR REPLACE INTO messages (id, data) VALUES (?, ?)");
      deleteMessage = db.prepareStatement("DELETE FROM messages WHERE id = ?");
      putEntry = db.prepareStatement("INSERT OR REPLACE INTO entries (client, seq, data) VALUES (?, ?, ?)");
      deleteEntry = db.prepareStatement("DELETE FROM entries WHERE client = ? AND seq = ?");
    }

    @Override
    public void putMessage(long id, byte[] data) throws SQLException {
      putMessage.setLong(1, id);
      putMessage.setBytes(2, data);
      putMessage.executeUpdate();
    }

    @Override
    public void deleteMessage(long id) throws SQLException {
      deleteMessage.setLong(1, id);
      deleteMessage.executeUpdate();
    }

    @Override
    public void putEntry(String client, long seq, byte[] data) throws SQLException {
      putEntry.setString(1, client);
      putEntry.setLong(2, seq);
      putEntry.setBytes(3, data);
      putEntry.executeUpdate();
    }

    @Override
    public void deleteEntry(String client, long seq) throws SQLException {
      deleteEntry.setString(1, client);
      deleteEntry.setLong(2, seq);
      deleteEntry.executeUpdate();
    }

    @Override
    public void commit(boolean sync) throws SQLException {
      if (syncMode == null || syncMode != sync) {
        db.commit();
        db.setAutoCommit(true);
        try (Statement s = db.createStatement()) {
          // FULL: fsync of the WAL at every commit; OFF: the OS writes it when it likes (survives a process kill)
          s.execute("PRAGMA synchronous=" + (sync ? "FULL" : "OFF"));
        }
        db.setAutoCommit(false);
        syncMode = sync;
      }
      db.commit();
    }

    @Override
    public void close() throws SQLException {
      db.close();
    }
  }
}
