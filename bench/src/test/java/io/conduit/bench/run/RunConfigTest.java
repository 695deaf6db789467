package io.conduit.bench.run;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunConfigTest {
  @Test
  void fiftyThousandIdleConnectionsWhereTheOpenFileCapAllowsThem() {
    assertThat(RunConfig.idleCounts("65536")).containsExactly(10_000, 50_000);
    assertThat(RunConfig.idleCounts("51000")).containsExactly(10_000, 50_000);
    assertThat(RunConfig.idleCounts("unlimited")).containsExactly(10_000, 50_000);
  }

  @Test
  void underACapTheLargestThousandThatLeavesTheBrokerItsOwnFiles() {
    assertThat(RunConfig.idleCounts("20000")).containsExactly(10_000, 19_000);
    assertThat(RunConfig.idleCounts("50999")).containsExactly(10_000, 49_000);
  }

  @Test
  void aCapTooLowForTenThousandIsNamed() {
    assertThatThrownBy(() -> RunConfig.idleCounts("4096")).hasMessageContaining("4096").hasMessageContaining("ulimit -Hn");
    assertThatThrownBy(() -> RunConfig.idleCounts("?")).hasMessageContaining("'?'");
  }
}
