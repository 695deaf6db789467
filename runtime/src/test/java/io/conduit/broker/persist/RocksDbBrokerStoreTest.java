package io.conduit.broker.persist;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The RocksDB store on its own: every record kind round-trips, a session takes its records with it,
 * the format version is checked, and damaged stores (Mosquitto keeps such fixtures in
 * test/unit/files/persist_read/) are refused with the directory and the reason, then repaired or
 * reset on request without losing the old files.
 */
class RocksDbBrokerStoreTest {
  @TempDir
  Path dataDir;
  private Vertx vertx;
  private Path dir;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    dir = dataDir.resolve(RocksDbBrokerStore.DIRECTORY);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** Runs {@code action} on a Vert.x context (load() must) and waits for its Future. */
  private <T> T onContext(Supplier<Future<T>> action) throws Exception {
    CompletableFuture<T> r = new CompletableFuture<>();
    vertx.getOrCreateContext().runOnContext(v -> action.get().onComplete(ar -> {
      if (ar.succeeded()) r.complete(ar.result());
      else r.completeExceptionally(ar.cause());
    }));
    try {
      return r.get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception x) throw x;
      throw e;
    }
  }

  private RocksDbBrokerStore open(FsyncPolicy policy) throws Exception {
    return open(policy, RocksDbBrokerStore.Opening.NORMAL);
  }

  private RocksDbBrokerStore open(FsyncPolicy policy, RocksDbBrokerStore.Opening opening) throws Exception {
    RocksDbBrokerStore store = new RocksDbBrokerStore(dir, policy, 1000, opening);
    onContext(store::load);
    return store;
  }

  private StoredState reopen() throws Exception {
    RocksDbBrokerStore store = new RocksDbBrokerStore(dir, FsyncPolicy.NEVER, 1000);
    StoredState state = onContext(store::load);
    onContext(store::close);
    return state;
  }

  private static StoredMessage message(String topic, String payload) {
    return new StoredMessage(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false, Long.MAX_VALUE, new byte[] {3, 0, 4, 't', 'e', 'x', 't'});
  }

  /** A store with one of each record kind, closed. */
  private void writeSample() throws Exception {
    RocksDbBrokerStore store = open(FsyncPolicy.ALWAYS);
    store.putRetained(new StoredMessage("state/door", "open".getBytes(StandardCharsets.UTF_8), 1, true, 1234L, new byte[0]));
    store.putSession(new StoredSession("alice", 3600, 99, List.of(new StoredSubscription("a/+/c", 2, true, true, 1, 7))));
    store.putMessage(5, message("a/b/c", "hello"));
    store.putEntry(new StoredEntry("alice", 1, 5, 2, false, new int[] {7}, 0, false));
    store.putEntry(new StoredEntry("alice", 2, 0, 2, true, null, 12, true));
    store.putIncomingQos2("alice", 65535);
    onContext(store::written);
    onContext(store::close);
  }

  @Test
  void everyRecordKindSurvivesAReopen() throws Exception {
    writeSample();
    StoredState s = reopen();
    assertThat(s.retained()).singleElement().satisfies(m -> {
      assertThat(m.topic()).isEqualTo("state/door");
      assertThat(new String(m.payload(), StandardCharsets.UTF_8)).isEqualTo("open");
      assertThat(m.expiresAt()).isEqualTo(1234L);
      assertThat(m.retain()).isTrue();
    });
    assertThat(s.sessions()).singleElement().satisfies(ss -> {
      assertThat(ss.clientId()).isEqualTo("alice");
      assertThat(ss.expiryInterval()).isEqualTo(3600);
      assertThat(ss.disconnectedAt()).isEqualTo(99);
      assertThat(ss.subscriptions()).containsExactly(new StoredSubscription("a/+/c", 2, true, true, 1, 7));
    });
    assertThat(s.messages()).containsOnlyKeys(5L);
    assertThat(s.messages().get(5L).properties()).containsExactly(3, 0, 4, 't', 'e', 'x', 't');
    assertThat(s.nextMessageId()).isEqualTo(6);
    assertThat(s.entries()).hasSize(2);
    assertThat(s.entries()).filteredOn(StoredEntry::released).singleElement()
      .satisfies(e -> assertThat(e.packetId()).isEqualTo(12));
    assertThat(s.entries()).filteredOn(e -> !e.released()).singleElement()
      .satisfies(e -> assertThat(e.subscriptionIds()).containsExactly(7));
    assertThat(s.incomingQos2()).containsEntry("alice", List.of(65535));
  }

  @Test
  void removingASessionRemovesItsEntriesAndQos2IdsButNotOtherSessions() throws Exception {
    writeSample();
    RocksDbBrokerStore store = open(FsyncPolicy.INTERVAL);
    store.putSession(new StoredSession("alice2", 10, 0, List.of()));
    store.putEntry(new StoredEntry("alice2", 1, 5, 1, false, null, 0, false));
    store.removeSession("alice");
    store.removeRetained("state/door");
    onContext(store::close);
    StoredState s = reopen();
    assertThat(s.sessions()).extracting(StoredSession::clientId).containsExactly("alice2");
    assertThat(s.entries()).extracting(StoredEntry::clientId).containsExactly("alice2");
    assertThat(s.incomingQos2()).isEmpty();
    assertThat(s.retained()).isEmpty();
  }

  @Test
  void writtenCompletesOnTheCallersContextAfterTheWrite() throws Exception {
    RocksDbBrokerStore store = open(FsyncPolicy.ALWAYS);
    CompletableFuture<Boolean> onContext = new CompletableFuture<>();
    vertx.getOrCreateContext().runOnContext(v -> {
      // load() bound completions to the first context; write from it
      store.putMessage(1, message("t", "x"));
      store.written().onComplete(ar -> onContext.complete(ar.succeeded()));
    });
    assertThat(onContext.get(10, TimeUnit.SECONDS)).isTrue();
    onContext(store::close);
    assertThat(reopen().messages()).containsOnlyKeys(1L);
  }

  @Test
  void aStoreOfANewerFormatIsRefusedByName() throws Exception {
    writeSample();
    try (Options o = new Options(); RocksDB db = RocksDB.open(o, dir.toString())) {
      db.put(RecordCodec.FORMAT_KEY, RecordCodec.formatValue(BrokerStore.FORMAT_VERSION + 1));
    }
    assertThatThrownBy(this::reopen).isInstanceOf(StoreUnreadableException.class)
      .hasMessageContaining(dir.toAbsolutePath().toString())
      .hasMessageContaining("format version " + (BrokerStore.FORMAT_VERSION + 1))
      .hasMessageContaining("--repair-store").hasMessageContaining("--reset-store");
  }

  @Test
  void aForeignRocksDbWithoutFormatRecordIsRefused() throws Exception {
    Files.createDirectories(dir);
    try (Options o = new Options().setCreateIfMissing(true); RocksDB db = RocksDB.open(o, dir.toString())) {
      db.put("something".getBytes(StandardCharsets.UTF_8), "else".getBytes(StandardCharsets.UTF_8));
    }
    assertThatThrownBy(this::reopen).isInstanceOf(StoreUnreadableException.class).hasMessageContaining("no format version");
  }

  @Test
  void aRecordThatDoesNotDecodeIsRefusedNamingItAndRepairDropsOnlyIt() throws Exception {
    writeSample();
    try (Options o = new Options(); RocksDB db = RocksDB.open(o, dir.toString())) {
      // a session record cut short (a torn or foreign write)
      db.put(RecordCodec.stringKey(RecordCodec.SESSION, "bob"), new byte[] {0, 0, 0});
    }
    assertThatThrownBy(this::reopen).isInstanceOf(StoreUnreadableException.class)
      .hasMessageContaining("session 'bob' does not decode");
    RocksDbBrokerStore repaired = open(FsyncPolicy.NEVER, RocksDbBrokerStore.Opening.REPAIR);
    onContext(repaired::close);
    StoredState s = reopen();
    assertThat(s.sessions()).extracting(StoredSession::clientId).containsExactly("alice");
    assertThat(s.entries()).hasSize(2);
    assertThat(s.retained()).hasSize(1);
    try (var siblings = Files.list(dataDir)) {
      assertThat(siblings.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith(RocksDbBrokerStore.DIRECTORY + ".damaged-"));
    }
  }

  @Test
  void aGarbageCurrentFileIsRefusedAndResetMovesTheStoreAside() throws Exception {
    writeSample();
    Files.writeString(dir.resolve("CURRENT"), "this is not a manifest name\n");
    assertThatThrownBy(this::reopen).isInstanceOf(StoreUnreadableException.class)
      .hasMessageContaining(dir.toAbsolutePath().toString());
    RocksDbBrokerStore fresh = open(FsyncPolicy.NEVER, RocksDbBrokerStore.Opening.RESET);
    onContext(fresh::close);
    assertThat(reopen().sessions()).isEmpty();
    try (var siblings = Files.list(dataDir)) {
      Path aside = siblings.filter(p -> p.getFileName().toString().startsWith(RocksDbBrokerStore.DIRECTORY + ".reset-")).findFirst().orElseThrow();
      assertThat(aside.resolve("CURRENT")).hasContent("this is not a manifest name");
    }
  }

  @Test
  void aTruncatedManifestIsRefused() throws Exception {
    writeSample();
    String manifest = Files.readString(dir.resolve("CURRENT")).trim();
    try (RandomAccessFile f = new RandomAccessFile(dir.resolve(manifest).toFile(), "rw")) {
      f.setLength(f.length() / 2);
    }
    assertThatThrownBy(this::reopen).isInstanceOf(StoreUnreadableException.class)
      .hasMessageContaining(dir.toAbsolutePath().toString());
  }

  @Test
  void aTornLastLogRecordIsDroppedAsNeverWritten() throws Exception {
    RocksDbBrokerStore store = open(FsyncPolicy.ALWAYS);
    store.putSession(new StoredSession("kept", 60, 0, List.of()));
    onContext(store::written);
    store.putSession(new StoredSession("torn", 60, 0, List.of()));
    onContext(store::written);
    // simulate a crash without close: copy the live files, then cut the tail of the log
    Path copy = dataDir.resolve("copy");
    Files.createDirectories(copy);
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) Files.copy(f, copy.resolve(f.getFileName()));
    }
    onContext(store::close);
    Path log;
    try (var files = Files.list(copy)) {
      log = files.filter(p -> p.toString().endsWith(".log") && !p.getFileName().toString().startsWith("LOG")).findFirst().orElseThrow();
    }
    try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "rw")) {
      f.setLength(f.length() - 5);
    }
    RocksDbBrokerStore recovered = new RocksDbBrokerStore(copy, FsyncPolicy.NEVER, 1000);
    StoredState s = onContext(recovered::load);
    onContext(recovered::close);
    assertThat(s.sessions()).extracting(StoredSession::clientId).containsExactly("kept");
  }

  @Test
  void aSecondStoreOnTheSameDirectoryIsRefusedWhileTheFirstIsOpen() throws Exception {
    RocksDbBrokerStore first = open(FsyncPolicy.NEVER);
    try {
      assertThatThrownBy(() -> open(FsyncPolicy.NEVER)).isInstanceOf(StoreUnreadableException.class)
        .hasMessageContaining("another Conduit");
    } finally {
      onContext(first::close);
    }
  }
}
