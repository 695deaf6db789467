package io.conduit.launch;

import io.conduit.testkit.FlowTestHarness;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code conduit import FILE}, {@code conduit export [FILE]} and {@code --flows FILE}. */
class FlowFileCommandsTest {
  private static final String EXPORT = "[{\"id\":\"t1\",\"type\":\"tab\",\"label\":\"Flow 1\",\"disabled\":false,\"info\":\"\",\"env\":[]},"
    + "{\"id\":\"b1\",\"type\":\"mqtt-broker\",\"name\":\"local\",\"broker\":\"localhost\",\"port\":\"1883\",\"credentials\":{\"user\":\"u\",\"password\":\"p\"}},"
    + "{\"id\":\"n1\",\"type\":\"mqtt in\",\"z\":\"t1\",\"topic\":\"a/#\",\"broker\":\"b1\",\"x\":100,\"y\":80,\"wires\":[[]],\"someFutureField\":{\"kept\":true}}]";

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    out.reset();
    err.reset();
    return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void importWritesTheFlowsFileAndExportGivesItBackWithoutCredentials(@TempDir Path dir) throws Exception {
    Path source = dir.resolve("export.json");
    Files.writeString(source, EXPORT);
    Path data = dir.resolve("data");
    assertThat(run("import", source.toString(), "--data-dir", data.toString())).isZero();
    assertThat(out.toString()).contains("Imported 3 nodes (1 tabs, 0 subflows)").contains("Missing node types")
      .contains("mqtt-broker").contains("mqtt in");
    assertThat(Files.readString(data.resolve("flows.json"))).doesNotContain("\"p\"").contains("someFutureField");
    assertThat(new JsonObject(Files.readString(data.resolve("flows_cred.json"))).getJsonObject("b1").getString("password")).isEqualTo("p");

    Path exported = dir.resolve("out.json");
    assertThat(run("export", exported.toString(), "--data-dir", data.toString())).isZero();
    JsonArray expected = new JsonArray(EXPORT);
    expected.getJsonObject(1).remove("credentials");
    assertThat(new JsonArray(Files.readString(exported))).isEqualTo(expected);
    assertThat(run("export", "--data-dir", data.toString())).isZero();
    assertThat(new JsonArray(out.toString())).isEqualTo(expected);
  }

  @Test
  void aMalformedFileIsRefusedNamingTheEntry(@TempDir Path dir) throws Exception {
    Path source = dir.resolve("bad.json");
    Files.writeString(source, "[{\"id\":\"a\",\"type\":\"tab\"},{\"id\":\"a\",\"type\":\"comment\"}]");
    assertThat(run("import", source.toString(), "--data-dir", dir.resolve("data").toString())).isEqualTo(1);
    assertThat(err.toString()).contains("duplicate node id 'a'");
    assertThat(dir.resolve("data/flows.json")).doesNotExist();
    Files.writeString(source, "{\"not\":\"flows\"}");
    assertThat(run("import", source.toString(), "--data-dir", dir.resolve("data").toString())).isEqualTo(1);
    assertThat(err.toString()).contains("\"flows\" array");
    assertThat(run("import", "--data-dir", dir.toString())).isEqualTo(2);
  }

  @Test
  void theFlowsFlagNamesTheFileTheEngineStartsWith(@TempDir Path dir) throws Exception {
    Path custom = dir.resolve("elsewhere/my-flows.json");
    Files.createDirectories(custom.getParent());
    Files.writeString(custom, "[{\"id\":\"t\",\"type\":\"tab\",\"label\":\"Custom\"}]");
    try (FlowTestHarness h = FlowTestHarness.builder().setting("flows", custom.toString()).start()) {
      assertThat(h.flows().flows().getJsonObject(0).getString("label")).isEqualTo("Custom");
      h.load("[{\"id\":\"t\",\"type\":\"tab\",\"label\":\"Changed\"}]");
      assertThat(Files.readString(custom)).contains("Changed");
      assertThat(custom.resolveSibling(".my-flows.json.backup")).exists();
    }
  }

  @Test
  void helpListsTheCommands() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("import FILE").contains("export [FILE]").contains("--flows FILE");
  }
}
