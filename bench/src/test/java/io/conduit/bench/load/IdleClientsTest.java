package io.conduit.bench.load;

import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class IdleClientsTest {
  @Test
  void aRefusedConnectIsReportedByItsInnermostCause() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    Throwable err = catchThrowable(() -> Clients.connect("refused", "127.0.0.1", closedPort, null, 600).get(30, TimeUnit.SECONDS));
    assertThat(err).isNotNull();
    assertThat(IdleClients.reason(err)).contains("Connection refused").doesNotContain("\n");
  }

  @Test
  void theReasonIsOneLineWithTheClassOfTheInnermostCause() {
    Throwable err = new CompletionException(new IllegalStateException("outer", new java.io.IOException("line one\nline two")));
    assertThat(IdleClients.reason(err)).isEqualTo("IOException: line one line two");
    assertThat(IdleClients.reason(new RuntimeException())).isEqualTo("RuntimeException");
  }
}
