package io.conduit.editor;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Story (c): after editing and deploying, "Export > all flows" gives exactly what the server
 * holds (GET /flows), in compact and formatted form, and copies it to the clipboard.
 */
class ExportTest extends EditorStory {
  @Test
  void exportOfAllFlowsEqualsTheServersFlows() throws Exception {
    page.menu("menu-item-import");
    page.find("#red-ui-import-text").sendKeys(Files.readString(ImportExportTest.EXPORT));
    page.find("#red-ui-import-ok").click();
    page.waitUntil("the import", () -> browser.<Number>js("return RED.view.selection().length;").intValue() == 5);
    page.addFlowTab();
    String inject = page.dragFromPalette("inject", 200, 200);
    String debug = page.dragFromPalette("debug", 400, 200);
    page.wire(inject, 0, debug);
    page.deploy();

    page.menu("menu-item-export");
    page.find("#red-ui-export-full").click();
    JsonArray compact = new JsonArray(page.find("#red-ui-export-text").getAttribute("value"));
    page.find("#red-ui-export-pretty").click();
    String prettyText = page.find("#red-ui-export-text").getAttribute("value");
    assertThat(prettyText).contains("\n    ");
    JsonArray pretty = new JsonArray(prettyText);
    JsonArray server = conduit.getFlows().getJsonArray("flows");

    assertThat(byId(compact)).isEqualTo(byId(server));
    assertThat(pretty).isEqualTo(compact);
    assertThat(byId(server)).containsKeys("a1f0c0de00000002", inject, debug);

    page.find("#red-ui-export-copy").click();
    page.waitUntil("the copy notice", () -> page.findAll(".red-ui-notification").stream()
      .anyMatch(n -> n.getText().contains(compact.size() + " nodes copied to the clipboard")));
    assertNoConsoleErrors();
  }

  static Map<String, JsonObject> byId(JsonArray flows) {
    Map<String, JsonObject> out = new HashMap<>();
    flows.forEach(n -> out.put(((JsonObject) n).getString("id"), (JsonObject) n));
    return out;
  }
}
