package io.conduit.broker;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.conduit.broker.auth.PasswordFile;
import io.conduit.broker.auth.PasswordHash;
import io.conduit.launch.Conduit;
import io.conduit.launch.ConduitOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Passwords, password hashes and private keys never reach the log, even at DEBUG level. */
class SecretsNotLoggedTest {
  private static final String PASSWORD = "Tr0ub4dor&3-right";
  private static final String WRONG = "Tr0ub4dor&3-wrong";

  @TempDir
  Path dir;
  private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
  private Logger root;
  private Level rootLevel;

  @BeforeEach
  void capture() {
    root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    rootLevel = root.getLevel();
    root.setLevel(Level.DEBUG);
    captured.start();
    root.addAppender(captured);
  }

  @AfterEach
  void release() {
    root.detachAppender(captured);
    root.setLevel(rootLevel);
  }

  private String everythingLogged() {
    StringBuilder all = new StringBuilder();
    for (ILoggingEvent e : List.copyOf(captured.list)) {
      all.append(e.getFormattedMessage()).append('\n');
      if (e.getThrowableProxy() != null) all.append(ThrowableProxyUtil.asString(e.getThrowableProxy())).append('\n');
    }
    return all.toString();
  }

  private static <T> T join(io.vertx.core.Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  @Test
  void loginsTlsAndBadFilesLogNoSecrets() throws Exception {
    PasswordFile pf = PasswordFile.empty();
    PasswordHash hash = PasswordHash.create(PASSWORD, 1000);
    pf.put("alice", hash);
    Path passwd = dir.resolve("passwd");
    pf.write(passwd);
    TestCertificates ca = new TestCertificates(dir, "secrets");
    Path[] server = ca.server();
    String keyText = Files.readString(server[1]);
    String keyBody = keyText.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();

    Conduit conduit = join(Conduit.start(ConduitOptions.fromSettings(new JsonObject()
      .put("port", 0).put("http_port", 0).put("data_dir", dir.resolve("data").toString()).put("sys_interval", 0)
      .put("password_file", passwd.toString()).put("certfile", server[0].toString()).put("keyfile", server[1].toString())
      .put("tls_port", 0))));
    try {
      for (String pw : List.of(WRONG, PASSWORD)) {
        Mqtt5BlockingClient c = MqttClient.builder().useMqttVersion5().identifier("c-" + pw.length() + pw.charAt(pw.length() - 1))
          .serverHost("127.0.0.1").serverPort(conduit.mqttPort())
          .simpleAuth().username("alice").password(pw.getBytes()).applySimpleAuth().buildBlocking();
        try {
          c.connect();
          c.disconnect();
        } catch (RuntimeException refused) {
          assertThat(pw).isEqualTo(WRONG);
        }
      }
    } finally {
      join(conduit.stop());
    }

    // a broken password file: the error names file, line and user, not the hash
    Path broken = dir.resolve("broken");
    Files.writeString(broken, "alice:" + hash.encoded().substring(0, 30) + "\n");
    assertThatThrownBy(() -> join(Conduit.start(ConduitOptions.fromSettings(new JsonObject()
      .put("port", 0).put("http_port", 0).put("data_dir", dir.resolve("data").toString())
      .put("password_file", broken.toString())))))
      .hasMessageContaining("line 1")
      .satisfies(e -> assertThat(e.getMessage()).doesNotContain(hash.encoded().substring(4, 30)));

    String log = everythingLogged();
    assertThat(log).contains("bad user name or password").contains("MQTT login: password file");
    assertThat(log).doesNotContain(PASSWORD).doesNotContain(WRONG)
      .doesNotContain(hash.encoded().substring(4, 30)).doesNotContain(keyBody).doesNotContain("PRIVATE KEY");
  }
}
