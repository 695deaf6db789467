package io.conduit.nodes.network;

import io.conduit.spi.MqttPublish;
import io.conduit.spi.PublishProperties;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The offline buffer's log file: what survives a restart, and what a crash mid-write leaves. */
class OfflineBufferFileTest {
  @TempDir
  Path dir;

  private static MqttPublish msg(int i) {
    return MqttPublish.of("t/" + i, Buffer.buffer("payload " + i), i % 3, i % 2 == 0);
  }

  private OfflineBufferFile written(int count, long... removed) throws Exception {
    OfflineBufferFile f = new OfflineBufferFile(dir.resolve("buf/b1.log"));
    assertThat(f.load().live()).isEmpty();
    for (int i = 1; i <= count; i++) {
      f.append(List.of(OfflineBufferFile.addRecord(i, msg(i))));
    }
    for (long seq : removed) {
      f.append(List.of(OfflineBufferFile.removeRecord(seq)));
    }
    f.close();
    return f;
  }

  @Test
  void liveMessagesComeBackInOrderWithTheirFlagsAndProperties() throws Exception {
    OfflineBufferFile f = new OfflineBufferFile(dir.resolve("b.log"));
    f.load();
    PublishProperties props = new PublishProperties(1, 30L, "application/json", "re/ply", Buffer.buffer(new byte[]{9}),
      List.of(Map.entry("k", "v")), List.of());
    f.append(List.of(OfflineBufferFile.addRecord(7, new MqttPublish("a/b", Buffer.buffer(new byte[]{0, (byte) 255}), 2, true, props)),
      OfflineBufferFile.addRecord(8, msg(8)), OfflineBufferFile.removeRecord(8), OfflineBufferFile.addRecord(9, msg(9))));
    f.close();
    TreeMap<Long, MqttPublish> live = new OfflineBufferFile(dir.resolve("b.log")).load().live();
    assertThat(live.keySet()).containsExactly(7L, 9L);
    MqttPublish m = live.get(7L);
    assertThat(m.topic()).isEqualTo("a/b");
    assertThat(m.payload().getBytes()).containsExactly(0, 255);
    assertThat(m.qos()).isEqualTo(2);
    assertThat(m.retain()).isTrue();
    assertThat(m.properties().contentType()).isEqualTo("application/json");
    assertThat(m.properties().responseTopic()).isEqualTo("re/ply");
    assertThat(m.properties().correlationData().getBytes()).containsExactly(9);
    assertThat(m.properties().messageExpiryInterval()).isEqualTo(30L);
    assertThat(m.properties().userProperties()).containsExactly(Map.entry("k", "v"));
  }

  @Test
  void loadingCompactsTheFileToTheLiveMessages() throws Exception {
    written(100, java.util.stream.LongStream.rangeClosed(1, 99).toArray());
    Path p = dir.resolve("buf/b1.log");
    long before = Files.size(p);
    OfflineBufferFile again = new OfflineBufferFile(p);
    assertThat(again.load().live().keySet()).containsExactly(100L);
    again.close();
    assertThat(Files.size(p)).isLessThan(before / 50);
  }

  @Test
  void aTruncatedLastRecordIsDroppedAndTheRestKept() throws Exception {
    written(3);
    Path p = dir.resolve("buf/b1.log");
    byte[] all = Files.readAllBytes(p);
    Files.write(p, java.util.Arrays.copyOf(all, all.length - 5));
    OfflineBufferFile.Loaded loaded = new OfflineBufferFile(p).load();
    assertThat(loaded.live().keySet()).containsExactly(1L, 2L);
    assertThat(loaded.problems()).singleElement().asString().contains("truncated or corrupt record");
  }

  @Test
  void aCorruptRecordEndsTheReadAtThatRecord() throws Exception {
    written(3);
    Path p = dir.resolve("buf/b1.log");
    byte[] all = Files.readAllBytes(p);
    int second = 8 + OfflineBufferFile.addRecord(1, msg(1)).length;
    all[second + 20] ^= 0x55; // inside record 2
    Files.write(p, all);
    OfflineBufferFile.Loaded loaded = new OfflineBufferFile(p).load();
    assertThat(loaded.live().keySet()).containsExactly(1L);
    assertThat(loaded.problems()).hasSize(1);
  }

  @Test
  void aFileOfAnotherFormatIsMovedAsideNotLost() throws Exception {
    Path p = dir.resolve("other.log");
    Files.writeString(p, "not a buffer at all");
    OfflineBufferFile.Loaded loaded = new OfflineBufferFile(p).load();
    assertThat(loaded.live()).isEmpty();
    assertThat(loaded.problems()).singleElement().asString().contains("moved aside");
    try (var files = Files.list(dir)) {
      assertThat(files.filter(f -> f.getFileName().toString().startsWith("other.log.unreadable-"))).hasSize(1);
    }
  }

  @Test
  void anEmptyFileAfterACrashBeforeTheHeaderIsMovedAside() throws Exception {
    Path p = dir.resolve("empty.log");
    Files.write(p, new byte[0]);
    assertThat(new OfflineBufferFile(p).load().live()).isEmpty();
  }
}
