package io.conduit.bench.run;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The heap reading of the idle-connections scenario, from JDK 25's {@code jcmd GC.heap_info}. */
class PeerTest {
  @Test
  void g1PrintsTheWholeHeapOnOneLine() {
    String info = """
      garbage-first heap   total reserved 6172672K, committed 393216K, used 12350K [0x0000000687400000, 0x0000000800000000)
       region size 4096K, 3 young (12288K), 1 survivors (4096K)
       Metaspace       used 1024K, committed 1216K, reserved 1114112K
      """;
    assertEquals(12_350, Peer.heapUsedKb(info));
  }

  @Test
  void serialAndParallelPrintOneLinePerGeneration() {
    String serial = """
      DefNew     total 116160K, used 33071K [0x0000000687400000, 0x000000068f200000, 0x0000000704d50000)
       eden space 103296K,  32% used [0x0000000687400000, 0x000000068944bf78, 0x000000068d8e0000)
       from space 12864K,   0% used [0x000000068d8e0000, 0x000000068d8e0000, 0x000000068e570000)
       to   space 12864K,   0% used [0x000000068e570000, 0x000000068e570000, 0x000000068f200000)
      Tenured    total 258048K, used 1166K [0x0000000704d50000, 0x0000000714950000, 0x0000000800000000)
       the  space 258048K,   0% used [0x0000000704d50000, 0x0000000704e73ab8, 0x0000000714950000)
      """;
    String parallel = """
      PSYoungGen      total 113152K, used 31310K [0x0000000782700000, 0x000000078a500000, 0x0000000800000000)
       eden space 97280K, 32% used [0x0000000782700000,0x0000000784593850,0x0000000788600000)
      ParOldGen       total 258048K, used 1166K [0x0000000687400000, 0x0000000697000000, 0x0000000782700000)
       object space 258048K, 0% used [0x0000000687400000,0x0000000687523ab8,0x0000000697000000)
      """;
    assertEquals(33_071 + 1_166, Peer.heapUsedKb(serial));
    assertEquals(31_310 + 1_166, Peer.heapUsedKb(parallel));
  }

  @Test
  void noHeapLineIsMinusOne() {
    assertEquals(-1, Peer.heapUsedKb("Metaspace       used 1024K, committed 1216K"));
  }
}
