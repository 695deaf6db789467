package io.conduit.launch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** conduit refuses to start open to the network, and says what to do instead. */
class SafeDefaultsTest {
  @TempDir
  Path dir;

  @Test
  @Timeout(120)
  void anMqttListenerOnAllInterfacesWithoutPasswordFileRefusesToStart() {
    // the MQTT check comes first: the broker starts before the editor
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(new String[] {"--bind", "0.0.0.0", "--port", "0", "--http-port", "0", "--data-dir", dir.toString()},
      new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("failed to start").contains("0.0.0.0").contains("password_file").contains("allow_anonymous true");
  }

  @Test
  @Timeout(120)
  void anEditorOnAllInterfacesWithoutAdminAuthRefusesToStartUnlessInsecure() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] open = {"--bind", "0.0.0.0", "--allow-anonymous", "true", "--port", "0", "--http-port", "0", "--data-dir", dir.toString(),
      "--examples", "false"};
    int code = Main.run(open, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
      new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("editor and Admin API").contains("admin_auth").contains("--insecure");

    Conduit insecure = Conduit.start(ConduitOptions.fromSettings(CommandLine.parse(open).flags().put("insecure", "true")))
      .toCompletionStage().toCompletableFuture().get(60, java.util.concurrent.TimeUnit.SECONDS);
    try {
      assertThat(insecure.httpPort()).isPositive();
    } finally {
      insecure.stop().toCompletionStage().toCompletableFuture().get(60, java.util.concurrent.TimeUnit.SECONDS);
    }
  }
}
