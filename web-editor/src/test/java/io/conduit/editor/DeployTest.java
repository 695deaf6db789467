package io.conduit.editor;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Story (a): a user drags inject, function and debug from the palette, wires them, writes code in
 * the function editor, deploys, clicks the inject button and sees the result in the debug sidebar.
 */
class DeployTest extends EditorStory {
  @Test
  void injectFunctionDebugBuiltInTheBrowserRunsAfterDeploy() {
    page.addFlowTab();
    String inject = page.dragFromPalette("inject", 160, 120);
    String function = page.dragFromPalette("function", 360, 120);
    String debug = page.dragFromPalette("debug", 560, 120);
    page.wire(inject, 0, function);
    page.wire(function, 0, debug);

    page.edit(function);
    page.typeCode("#node-input-func-editor", "msg.payload = \"hello \" + typeof msg.payload;\nreturn msg;");
    page.done();
    assertThat(browser.<Boolean>js("return RED.nodes.node(arguments[0]).valid;", function)).isTrue();

    page.deploy();
    page.showSidebar("debug");
    page.clickButton(inject);
    page.waitUntil("the function's output in the debug sidebar",
      () -> page.debugMessages().stream().anyMatch(m -> m.contains("\"hello number\"")));
    assertThat(page.debugMessages()).anySatisfy(m -> assertThat(m).contains("debug 1").contains("msg.payload"));
    assertNoConsoleErrors();
  }
}
