package io.conduit.editor;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The edit dialogs: the function node's code editor (tabs, line numbers, syntax errors marked,
 * outputs), the switch rule list (outputs follow the rules, wires follow their rule), the
 * mqtt-broker picker (built-in broker preselected, an external one added), inject, debug, change
 * and delay fields as Node-RED stores them.
 */
class EditDialogsTest extends EditorStory {
  @Test
  void functionEditorMarksSyntaxErrorsAndSetsOutputs() {
    page.addFlowTab();
    String fn = page.dragFromPalette("function", 200, 120);
    page.edit(fn);
    assertThat(page.findAll("#func-tabs li")).extracting(WebElement::getText)
      .containsExactly("Setup", "On Start", "On Message", "On Stop");
    assertThat(page.findAll("#node-input-func-editor .line-numbers")).isNotEmpty();
    page.typeCode("#node-input-func-editor", "return msg.;");
    page.waitUntil("the syntax error to be marked", () -> !page.findAll("#node-input-func-editor .squiggly-error").isEmpty());
    page.find("#func-tabs li[data-tab='func-tab-config']").click();
    page.type("#node-input-outputs", "2");
    page.done();
    assertThat(page.node(fn).findElements(By.cssSelector(".red-ui-flow-port-output"))).hasSize(2);
    assertThat(page.node(fn).findElements(By.cssSelector(".red-ui-flow-node-error"))).hasSize(1);
    assertThat(browser.<Boolean>js("return RED.nodes.node(arguments[0]).valid;", fn)).isFalse();
    assertNoConsoleErrors();
  }

  @Test
  void switchOutputsFollowTheirRules() {
    page.addFlowTab();
    String sw = page.dragFromPalette("switch", 200, 120);
    String debug = page.dragFromPalette("debug", 500, 200);
    page.edit(sw);
    page.find(".red-ui-editableList-addButton").click();
    page.find(".red-ui-editableList-addButton").click();
    List<WebElement> values = page.findAll("#node-input-rule-container .node-input-rule-value");
    values.get(0).sendKeys("a");
    values.get(1).sendKeys("b");
    values.get(2).sendKeys("c");
    page.done();
    assertThat(page.node(sw).findElements(By.cssSelector(".red-ui-flow-port-output"))).hasSize(3);
    page.wire(sw, 2, debug);

    page.edit(sw);
    page.findAll("#node-input-rule-container .red-ui-editableList-item-remove").get(0).click();
    page.done();
    Map<String, Object> json = json(sw);
    assertThat(((Number) json.get("outputs")).intValue()).isEqualTo(2);
    assertThat(json.get("rules")).asList().hasSize(2);
    assertThat(json.get("wires")).isEqualTo(List.of(List.of(), List.of(debug)));
    assertNoConsoleErrors();
  }

  @Test
  void mqttNodesGetTheBuiltInBrokerAndCanAddAnExternalOne() {
    page.addFlowTab();
    String out = page.dragFromPalette("mqtt out", 200, 120);
    page.edit(out);
    Select broker = new Select(page.find("#node-input-broker"));
    assertThat(browser.<Boolean>js("return RED.nodes.isBuiltinBroker(RED.nodes.node(arguments[0]));",
      broker.getFirstSelectedOption().getAttribute("value"))).as("the built-in broker is preselected").isTrue();
    page.find("#node-input-lookup-broker").click();
    assertThat(page.find("#node-config-input-broker").getAttribute("value")).isEqualTo("localhost");
    page.find("#node-config-dialog-cancel").click();

    broker.selectByValue("_ADD_");
    page.find("#node-input-lookup-broker").click();
    page.type("#node-config-input-name", "plant broker");
    page.type("#node-config-input-broker", "plant.example");
    page.type("#node-config-input-port", "1884");
    page.find("#node-config-dialog-ok").click();
    page.waitUntil("the config tray to close", () -> page.findAll("#red-ui-config-tray").isEmpty());
    assertThat(new Select(page.find("#node-input-broker")).getFirstSelectedOption().getText()).isEqualTo("plant broker");
    page.type("#node-input-topic", "plant/alerts");
    page.done();
    Map<String, Object> json = browser.js("const n = RED.nodes.node(arguments[0]); return RED.nodes.convertNode(RED.nodes.node(n.broker));", out);
    assertThat(json).containsEntry("broker", "plant.example").containsEntry("port", "1884").containsEntry("type", "mqtt-broker");
    assertThat(browser.<Boolean>js("return RED.nodes.node(arguments[0]).valid;", out)).isTrue();
    assertNoConsoleErrors();
  }

  @Test
  void injectDebugChangeAndDelayStoreNodeRedsFields() {
    page.addFlowTab();
    String inject = page.dragFromPalette("inject", 150, 100);
    String debug = page.dragFromPalette("debug", 150, 200);
    String change = page.dragFromPalette("change", 150, 300);
    String delay = page.dragFromPalette("delay", 150, 400);

    page.edit(inject);
    WebElement payloadRow = page.findAll("#node-input-property-container .red-ui-editableList-item-content").get(0);
    new Select(payloadRow.findElement(By.cssSelector(".red-ui-typedInput-type-select"))).selectByValue("num");
    payloadRow.findElement(By.cssSelector(".node-input-prop-property-value")).sendKeys("42");
    new Select(page.find("#inject-repeat-type")).selectByValue("interval");
    page.type("#inject-repeat-count", "5");
    page.done();
    assertThat(this.<Map<String, Object>>json(inject)).containsEntry("payload", "42").containsEntry("payloadType", "num")
      .containsEntry("repeat", "5");

    page.edit(debug);
    new Select(page.find("#node-input-typed-complete").findElement(By.xpath(".."))
      .findElement(By.cssSelector(".red-ui-typedInput-type-select"))).selectByValue("full");
    page.done();
    assertThat(this.<Map<String, Object>>json(debug)).containsEntry("complete", "true").containsEntry("targetType", "full");

    page.edit(change);
    page.find("#node-input-rule-container .node-input-rule-to").sendKeys("x");
    page.done();
    assertThat(this.<Map<String, Object>>json(change).get("rules"))
      .isEqualTo(List.of(Map.of("t", "set", "p", "payload", "pt", "msg", "to", "x", "tot", "str")));

    page.edit(delay);
    new Select(page.find("#delay-action")).selectByValue("rate");
    page.done();
    assertThat(this.<Map<String, Object>>json(delay)).containsEntry("pauseType", "rate");
    assertNoConsoleErrors();
  }

  @Test
  void linkNodesAreJoinedThroughTheirDialogsOnBothEnds() {
    page.addFlowTab();
    String out = page.dragFromPalette("link out", 150, 100);
    String in = page.dragFromPalette("link in", 450, 250);
    page.edit(out);
    page.find(".node-input-link-target[value='" + in + "']").click();
    page.done();
    assertThat(this.<Map<String, Object>>json(out).get("links")).isEqualTo(List.of(in));
    assertThat(this.<Map<String, Object>>json(in).get("links")).isEqualTo(List.of(out));
    page.node(out).findElement(By.cssSelector(".red-ui-flow-node")).click();
    assertThat(page.findAll(".red-ui-flow-link-link")).hasSize(1);
    assertNoConsoleErrors();
  }

  <T> T json(String id) {
    return browser.js("return RED.nodes.convertNode(RED.nodes.node(arguments[0]));", id);
  }
}
