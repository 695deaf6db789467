package io.conduit.launch;

import io.conduit.broker.auth.PasswordFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** conduit passwd, mosquitto_passwd's options (-c -b -D -I); the password is asked twice and never printed. */
class PasswdCommandTest {
  @TempDir
  Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(PasswdCommand.Prompt prompt, String... args) {
    return PasswdCommand.run(List.of(args), prompt, new PrintStream(out, true, StandardCharsets.UTF_8),
      new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private static PasswdCommand.Prompt answers(String... lines) {
    ArrayDeque<String> q = new ArrayDeque<>(List.of(lines));
    return label -> q.isEmpty() ? null : q.poll().toCharArray();
  }

  private static final PasswdCommand.Prompt NO_PROMPT = label -> {
    throw new AssertionError("no prompt expected");
  };

  @Test
  void createAddUpdateAndDeleteUsers() throws Exception {
    Path file = dir.resolve("passwd");
    assertThat(run(NO_PROMPT, "-c", "-b", "-I", "1000", file.toString(), "alice", "first")).isZero();
    assertThat(run(NO_PROMPT, "-b", "-I", "1000", file.toString(), "bob", "second")).isZero();
    assertThat(run(answers("third", "third"), "-I", "1000", file.toString(), "alice")).isZero();
    PasswordFile pf = PasswordFile.read(file);
    assertThat(pf.users()).containsExactly("alice", "bob");
    assertThat(pf.hash("alice").verify("third")).isTrue();
    assertThat(pf.hash("bob").verify("second")).isTrue();
    assertThat(Files.readString(file)).startsWith("alice:$7$1000$");
    assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

    assertThat(run(NO_PROMPT, "-D", file.toString(), "alice")).isZero();
    assertThat(PasswordFile.read(file).users()).containsExactly("bob");
    assertThat(run(NO_PROMPT, "-D", file.toString(), "alice")).isEqualTo(1);
    assertThat(err.toString()).contains("'alice' is not in");
    assertThat(out.toString() + err).doesNotContain("first").doesNotContain("second").doesNotContain("third");
  }

  @Test
  void theDefaultIterationCountIsHigh() throws Exception {
    Path file = dir.resolve("passwd");
    assertThat(run(NO_PROMPT, "-c", "-b", file.toString(), "alice", "pw")).isZero();
    assertThat(Files.readString(file)).startsWith("alice:$7$210000$");
  }

  @Test
  void mismatchedPasswordsLeaveTheFileAlone() throws Exception {
    Path file = dir.resolve("passwd");
    assertThat(run(NO_PROMPT, "-c", "-b", "-I", "1000", file.toString(), "alice", "keep")).isZero();
    String before = Files.readString(file);
    assertThat(run(answers("one", "two"), file.toString(), "alice")).isEqualTo(1);
    assertThat(err.toString()).contains("do not match");
    assertThat(Files.readString(file)).isEqualTo(before);
  }

  @Test
  void commentsAndOtherUsersSurviveARewrite() throws Exception {
    Path file = dir.resolve("passwd");
    String mosquittoLine = "carol:$7$101$00lNMyB0jVt+A3tA$7jkR1BiGXlP44dhZuVFdmvK25jij0nD13hsschjWq08m9k+kCGGFRHSb5eSL0nUK1AIXlvw/gx/GM8oyjharlA==";
    Files.writeString(file, "# made by mosquitto_passwd\n" + mosquittoLine + "\n");
    assertThat(run(NO_PROMPT, "-b", "-I", "1000", file.toString(), "dave", "pw")).isZero();
    List<String> lines = Files.readAllLines(file);
    assertThat(lines.get(0)).isEqualTo("# made by mosquitto_passwd");
    assertThat(lines.get(1)).isEqualTo(mosquittoLine);
    assertThat(lines.get(2)).startsWith("dave:$7$");
  }

  @Test
  void badUsageIsExplained() {
    Path file = dir.resolve("passwd");
    assertThat(run(NO_PROMPT, "-c", "-D", file.toString(), "a")).isEqualTo(2);
    assertThat(run(NO_PROMPT, "-b", file.toString(), "a")).isEqualTo(2);
    assertThat(run(NO_PROMPT, "-x", file.toString(), "a")).isEqualTo(2);
    assertThat(run(NO_PROMPT, "-b", file.toString(), "a:b", "pw")).isEqualTo(1);
    assertThat(run(NO_PROMPT, "-b", file.toString(), "a", "pw")).isEqualTo(1);
    assertThat(err.toString()).contains("-c and -D").contains("-b needs FILE USER PASSWORD").contains("unknown option '-x'")
      .contains("must not contain ':'").contains("does not exist (use -c");
  }

  @Test
  void mainDispatchesThePasswdCommand() throws Exception {
    Path file = dir.resolve("passwd");
    int code = Main.run(new String[] {"passwd", "-c", "-b", "-I", "1000", file.toString(), "eve", "pw"},
      new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isZero();
    assertThat(PasswordFile.read(file).hash("eve").verify("pw")).isTrue();
    assertThat(CommandLine.usage()).contains("passwd");
  }

  @Test
  void hashPwPrintsAHashOfThePasswordAskedTwice() {
    assertThat(PasswdCommand.hashPw(List.of("-I", "1000"), answers("editor-pw", "editor-pw"),
      new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))).isZero();
    String hash = out.toString().strip();
    assertThat(hash).startsWith("$7$1000$").doesNotContain("editor-pw");
    assertThat(io.conduit.broker.auth.PasswordHash.parse(hash).verify("editor-pw")).isTrue();
    assertThat(PasswdCommand.hashPw(List.of(), answers("a", "b"), new PrintStream(out), new PrintStream(err))).isEqualTo(1);
  }
}
