package io.conduit.editor;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The workspace habits of Node-RED's editor, by mouse and keyboard: move, wire select and delete,
 * undo/redo, box selection, copy/paste, shift-click, Delete, zoom, tab rename/disable, the changed
 * marker, and a deploy that the server sees.
 */
class WorkspaceTest extends EditorStory {
  @Test
  void nodesAndWiresAreEditedLikeInNodeRed() {
    String tab = page.addFlowTab();
    String a = page.dragFromPalette("inject", 160, 100);
    String b = page.dragFromPalette("debug", 420, 100);
    page.wire(a, 0, b);

    int y = this.<Number>js("return RED.nodes.node(arguments[0]).y;", a).intValue();
    new Actions(browser.driver()).clickAndHold(nodeBody(a)).moveByOffset(10, 50).moveByOffset(0, 50).release().perform();
    assertThat(this.<Number>js("return RED.nodes.node(arguments[0]).y;", a).intValue()).isEqualTo(y + 100);

    page.find(".red-ui-flow-link .red-ui-flow-link-background").click();
    assertThat(this.<Boolean>js("return !!RED.view.selectedLink();")).isTrue();
    key(Keys.DELETE);
    assertThat(linkCount()).isZero();
    ctrl("z");
    assertThat(linkCount()).isEqualTo(1);
    ctrl("y");
    assertThat(linkCount()).isZero();
    ctrl("z");
    assertThat(linkCount()).isEqualTo(1);

    Map<String, Number> chart = browser.js("const r = document.getElementById('red-ui-workspace-chart').getBoundingClientRect(); return {x: r.left, y: r.top};");
    int cx = chart.get("x").intValue(), cy = chart.get("y").intValue();
    new Actions(browser.driver()).moveToLocation(cx + 60, cy + 30).clickAndHold().moveToLocation(cx + 300, cy + 150)
      .moveToLocation(cx + 560, cy + 300).release().perform();
    assertThat(selected()).containsExactlyInAnyOrder(a, b);

    ctrl("c");
    ctrl("v");
    assertThat(selected()).hasSize(2).doesNotContain(a, b);
    assertThat(this.<Number>js("return RED.nodes.filterNodes({z: arguments[0]}).length;", tab).intValue()).isEqualTo(4);
    assertThat(linkCount()).isEqualTo(2);
    key(Keys.DELETE);
    assertThat(this.<Number>js("return RED.nodes.filterNodes({z: arguments[0]}).length;", tab).intValue()).isEqualTo(2);

    nodeBody(a).click();
    new Actions(browser.driver()).keyDown(Keys.SHIFT).click(nodeBody(b)).keyUp(Keys.SHIFT).perform();
    assertThat(selected()).containsExactlyInAnyOrder(a, b);

    page.find("#red-ui-view-zoom-in").click();
    assertThat(this.<Number>js("return RED.view.scale();").doubleValue()).isEqualTo(1.25);
    page.find("#red-ui-view-zoom-zero").click();
    assertThat(this.<Number>js("return RED.view.scale();").doubleValue()).isEqualTo(1.0);

    new Actions(browser.driver()).doubleClick(page.find("#red-ui-workspace-tabs li[data-id='" + tab + "']")).perform();
    page.type("#red-ui-tab-label", "Renamed");
    page.find("#red-ui-tab-disabled").click();
    page.find("#red-ui-tab-ok").click();
    assertThat(page.find("#red-ui-workspace-tabs li[data-id='" + tab + "']").getText()).isEqualTo("Renamed");

    page.deploy();
    assertThat(page.findAll(".red-ui-flow-node-changed")).isEmpty();
    assertThat(ExportTest.byId(conduit.getFlows().getJsonArray("flows")).get(tab).getBoolean("disabled")).isTrue();

    page.edit(b);
    page.type("#node-input-name", "renamed debug");
    page.done();
    assertThat(page.node(b).findElements(org.openqa.selenium.By.cssSelector(".red-ui-flow-node-changed"))).hasSize(1);
    assertThat(page.node(b).getText()).contains("renamed debug");
    assertNoConsoleErrors();
  }

  WebElement nodeBody(String id) {
    return page.node(id).findElement(org.openqa.selenium.By.cssSelector(".red-ui-flow-node"));
  }

  <T> T js(String script, Object... args) {
    return browser.js(script, args);
  }

  int linkCount() {
    return this.<Number>js("return RED.nodes.links().filter(l => l.source.z === RED.workspaces.active()).length;").intValue();
  }

  java.util.List<String> selected() {
    return browser.js("return RED.view.selection().map(n => n.id);");
  }

  void key(CharSequence key) {
    new Actions(browser.driver()).sendKeys(key).perform();
  }

  void ctrl(String key) {
    new Actions(browser.driver()).keyDown(Keys.CONTROL).sendKeys(key).keyUp(Keys.CONTROL).perform();
  }
}
