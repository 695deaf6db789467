package io.conduit.broker;

import io.conduit.broker.auth.AuthOptions;
import io.conduit.launch.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Password files move both ways between Conduit and Mosquitto (mosquitto_passwd, the mosquitto broker). */
class MosquittoPasswordFileTest extends BrokerTestBase {
  @TempDir
  Path dir;

  private Path mosquittoMade() throws Exception {
    Path file = dir.resolve("from-mosquitto");
    Process p = process(null, "mosquitto_passwd", "-c", "-b", file.toString(), "alice", "mosq-pw");
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    p = process(null, "mosquitto_passwd", "-H", "sha512", "-b", file.toString(), "bob", "old-style");
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return file;
  }

  @Override
  protected BrokerOptions options() {
    try {
      return super.options().setAuth(new AuthOptions().setPasswordFile(mosquittoMade().toString()));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void conduitAcceptsAFileMadeByMosquittoPasswd() {
    v5(uniqueId("a"), "alice", "mosq-pw").connect();
    v3(uniqueId("b"), "bob", "old-style").connect();
  }

  @Test
  void mosquittoAcceptsAFileMadeByConduitPasswd() throws Exception {
    Path file = dir.resolve("from-conduit");
    assertThat(Main.run(new String[] {"passwd", "-c", "-b", "-I", "5000", file.toString(), "carol", "conduit-pw"},
      new PrintStream(PrintStream.nullOutputStream()), new PrintStream(PrintStream.nullOutputStream()))).isZero();
    int mosquittoPort;
    try (ServerSocket s = new ServerSocket(0)) {
      mosquittoPort = s.getLocalPort();
    }
    Path conf = dir.resolve("mosquitto.conf");
    // "user root": when the test runs as root, Mosquitto would drop to its own user, who cannot read the 0600 file
    Files.writeString(conf, "user root\nlistener " + mosquittoPort + " 127.0.0.1\nallow_anonymous false\npassword_file " + file + "\n");
    Path log = dir.resolve("mosquitto.log");
    process(log, "mosquitto", "-c", conf.toString());
    org.awaitility.Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> Files.readString(log).contains("running"));
    assertThat(pub(mosquittoPort, "carol", "conduit-pw")).isZero();
    assertThat(pub(mosquittoPort, "carol", "wrong")).isNotZero();
  }

  private int pub(int port, String user, String password) throws IOException, InterruptedException {
    Process p = process(null, "mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(port), "-u", user, "-P", password,
      "-t", "t", "-m", "m");
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return p.exitValue();
  }
}
