package io.conduit.bench.run;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class MachineTest {
  @Test
  void machineBusyTicksAddUserNiceSystemIrqAndSoftirqButNotIdleIowaitOrSteal() {
    //                 user nice system idle   iowait irq softirq steal guest guest_nice
    String line = "cpu  1000 20   300    90000  400    5   60      7000  0     0";
    assertThat(Machine.machineBusyTicks(line)).isEqualTo(1000 + 20 + 300 + 5 + 60);
  }

  @Test
  void ownTicksAddUtimeStimeCutimeCstimeEvenWhenTheCommandNameHasSpacesAndParentheses() {
    String line = "4242 (my (odd) cmd) S 1 4242 4242 0 -1 4194560 100 0 0 0 11 22 33 44 20 0 30 0 1000 2000000 500 18446744073709551615";
    assertThat(Machine.ownTicks(line)).isEqualTo(11 + 22 + 33 + 44);
  }

  @Test
  void aReapedChildsCpuCountsAsThisRunsOwnNotAsOtherWork() throws Exception {
    Machine.CpuSample before = Machine.CpuSample.take();
    // the child burns CPU, then prints its own /proc stat line as it ends
    Process child = new ProcessBuilder("sh", "-c", "i=0; while [ $i -lt 400000 ]; do i=$((i+1)); done; cat /proc/$$/stat").start();
    String childStat = new String(child.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    assertThat(child.waitFor()).isZero();
    Machine.CpuSample after = Machine.CpuSample.take();

    long childTicks = Machine.ownTicks(childStat);
    assertThat(childTicks).as("the child used CPU").isPositive();
    assertThat(after.ownTicks() - before.ownTicks()).as("this JVM's ticks include the reaped child's").isGreaterThanOrEqualTo(childTicks);
    assertThat(Files.readAllLines(Path.of("/proc/stat")).get(0)).startsWith("cpu ");
    assertThat(after.otherCpuPercentSince(before)).isGreaterThanOrEqualTo(0);
  }
}
