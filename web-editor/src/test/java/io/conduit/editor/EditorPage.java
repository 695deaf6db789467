package io.conduit.editor;

import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The editor as a user sees it: palette, workspace, edit tray, deploy button, sidebars and
 * dialogs. Every action goes through the mouse and keyboard like a person's; JavaScript is used
 * only to read what the page shows or to find where things are.
 */
public final class EditorPage {
  public static final Duration WAIT = Duration.ofSeconds(20);
  public static final Duration DEPLOY_WAIT = Duration.ofSeconds(120);

  private final Browser browser;

  public EditorPage(Browser browser) {
    this.browser = browser;
  }

  public Browser browser() {
    return browser;
  }

  public EditorPage open(String url) {
    browser.driver().get(url);
    waitUntil("the editor to load", () -> browser.<Boolean>js("return document.body.classList.contains('red-ui-loaded')"));
    return this;
  }

  public void waitUntil(String what, java.util.function.Supplier<Boolean> condition) {
    waitUntil(what, WAIT, condition);
  }

  public void waitUntil(String what, Duration timeout, java.util.function.Supplier<Boolean> condition) {
    new WebDriverWait(browser.driver(), timeout).withMessage("waiting for " + what)
      .until(d -> Boolean.TRUE.equals(condition.get()));
  }

  public WebElement find(String css) {
    return browser.driver().findElement(By.cssSelector(css));
  }

  public List<WebElement> findAll(String css) {
    return browser.driver().findElements(By.cssSelector(css));
  }

  public WebElement node(String id) {
    return browser.driver().findElement(By.id(id));
  }

  /** Adds an empty flow tab with the "+" button and shows it. */
  public String addFlowTab() {
    int before = browser.<Number>js("return RED.nodes.workspaces().length;").intValue();
    find("#red-ui-workspace-add-tab").click();
    waitUntil("a new flow tab", () -> browser.<Number>js("return RED.nodes.workspaces().length;").intValue() == before + 1);
    return browser.js("return RED.workspaces.active();");
  }

  /** Drags a palette node to (x, y) inside the workspace chart; returns the new node's id. */
  public String dragFromPalette(String type, int x, int y) {
    WebElement source = find(".red-ui-palette-node[data-palette-type='" + type + "']");
    Map<String, Number> chart = browser.js("const r = document.getElementById('red-ui-workspace-chart').getBoundingClientRect(); return {x: r.left, y: r.top};");
    new Actions(browser.driver()).moveToElement(source).clickAndHold()
      .moveToLocation(chart.get("x").intValue() + x / 2, chart.get("y").intValue() + y / 2)
      .moveToLocation(chart.get("x").intValue() + x, chart.get("y").intValue() + y)
      .release().perform();
    waitUntil(type + " to be added", () -> browser.<Boolean>js(
      "const s = RED.view.selection(); return s.length === 1 && s[0].type === arguments[0];", type));
    return browser.js("return RED.view.selection()[0].id;");
  }

  /** Draws a wire from an output port of one node to the input port of another. */
  public void wire(String sourceId, int port, String targetId) {
    WebElement out = node(sourceId).findElement(By.cssSelector(".red-ui-flow-port-output[data-index='" + port + "']"));
    WebElement in = node(targetId).findElement(By.cssSelector(".red-ui-flow-port-input"));
    new Actions(browser.driver()).moveToElement(out).clickAndHold().moveByOffset(20, 10).moveToElement(in).release().perform();
    waitUntil("a wire " + sourceId + " -> " + targetId, () -> browser.<Boolean>js(
      "return RED.nodes.links().some(l => l.source.id === arguments[0] && l.target.id === arguments[1] && l.sourcePort === arguments[2]);",
      sourceId, targetId, port));
  }

  /** Opens the edit tray of a node by double-clicking it. */
  public void edit(String id) {
    new Actions(browser.driver()).doubleClick(node(id).findElement(By.cssSelector(".red-ui-flow-node"))).perform();
    waitUntil("the edit tray", () -> !findAll("#red-ui-editor-tray").isEmpty());
  }

  public void done() {
    find("#node-dialog-ok").click();
    waitUntil("the edit tray to close", () -> findAll("#red-ui-editor-tray").isEmpty());
  }

  /** Replaces the text of a Monaco editor inside the given container by typing it. */
  public void typeCode(String containerCss, String code) {
    WebElement editor = find(containerCss + " .monaco-editor textarea");
    find(containerCss + " .monaco-editor .view-lines").click();
    editor.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
    editor.sendKeys(code);
  }

  public void type(String css, String text) {
    WebElement e = find(css);
    e.clear();
    e.sendKeys(text);
  }

  /**
   * Clicks Deploy and waits until the runtime accepted the flows. The first deploy of a function
   * node starts GraalJS and compiles its code, which takes tens of seconds on a busy 2-core machine
   * while the JIT compiler itself warms up: hence DEPLOY_WAIT.
   */
  public void deploy() {
    find("#red-ui-header-button-deploy").click();
    waitUntil("the deploy to finish", DEPLOY_WAIT, () -> browser.<Boolean>js("return !RED.nodes.dirty();"));
  }

  public void clickButton(String id) {
    node(id).findElement(By.cssSelector("[data-button] .red-ui-flow-node-button-button")).click();
  }

  public void showSidebar(String tab) {
    find("#red-ui-sidebar-tabs li[data-tab='" + tab + "']").click();
  }

  public List<String> debugMessages() {
    return browser.js("return Array.from(document.querySelectorAll('#red-ui-debug-messages .red-ui-debug-msg'))"
      + ".filter(e => e.style.display !== 'none').map(e => e.innerText);");
  }

  public void menu(String itemId) {
    find("#red-ui-header-button-sidemenu").click();
    find("#" + itemId).click();
  }
}
