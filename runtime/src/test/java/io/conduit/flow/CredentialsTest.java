package io.conduit.flow;

import io.conduit.spi.FlowNode;
import io.conduit.testkit.FlowTestHarness;
import io.conduit.testkit.TestNodeType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Node-RED's credentials handling: kept out of the flows, merged per field, given back to the node. */
class CredentialsTest {
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final TestNodeType server = TestNodeType.config("server", (config, node) -> {
    JsonObject creds = config.object("credentials");
    seen.add(creds == null ? "none" : creds.encode());
    return new FlowNode() { };
  });

  private static JsonArray flow(String credentials) {
    JsonObject s = new JsonObject().put("id", "s1").put("type", "server").put("host", "h");
    if (credentials != null) s.put("credentials", new JsonObject(credentials));
    return new JsonArray().add(s);
  }

  @Test
  void credentialsStayOutOfTheFlowsAndReachTheNode(@TempDir Path dir) throws Exception {
    try (FlowTestHarness h = FlowTestHarness.builder().dataDir(dir).types(server).start()) {
      h.deploy(flow("{\"user\":\"alice\",\"password\":\"secret\"}"), "full");
      assertThat(seen).containsExactly("{\"user\":\"alice\",\"password\":\"secret\"}");
      assertThat(h.flows().flows().encode()).doesNotContain("secret").doesNotContain("credentials");
      assertThat(Files.readString(dir.resolve("flows.json"))).doesNotContain("secret");
      Path cred = dir.resolve("flows_cred.json");
      assertThat(new JsonObject(Files.readString(cred)).getJsonObject("s1").getString("password")).isEqualTo("secret");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cred))).isEqualTo("rw-------");

      h.deploy(flow(null).copy(), "full");
      assertThat(seen.get(seen.size() - 1)).as("a deploy without credentials keeps them").isEqualTo("{\"user\":\"alice\",\"password\":\"secret\"}");

      h.deploy(flow("{\"user\":\"bob\",\"password\":\"__PWRD__\"}"), "nodes");
      assertThat(seen.get(seen.size() - 1)).isEqualTo("{\"user\":\"bob\",\"password\":\"secret\"}");

      h.deploy(flow("{\"password\":\"\"}"), "nodes");
      assertThat(seen.get(seen.size() - 1)).isEqualTo("{\"user\":\"bob\"}");
    }
    try (FlowTestHarness h = FlowTestHarness.builder().dataDir(dir).types(server).start()) {
      assertThat(seen.get(seen.size() - 1)).as("read back at start").isEqualTo("{\"user\":\"bob\"}");
      h.deploy(new JsonArray(), "full");
      assertThat(new JsonObject(Files.readString(dir.resolve("flows_cred.json")))).as("dropped with the node").isEqualTo(new JsonObject());
    }
  }

  @Test
  void givingCredentialsRestartsTheNodeOnANodesDeploy() {
    try (FlowTestHarness h = FlowTestHarness.builder().types(server).start()) {
      h.deploy(flow(null), "full");
      h.deploy(flow(null), "nodes");
      assertThat(seen).containsExactly("none");
      h.deploy(flow("{\"user\":\"x\"}"), "nodes");
      assertThat(seen).containsExactly("none", "{\"user\":\"x\"}");
    }
  }
}
