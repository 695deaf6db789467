package io.conduit.editor;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * User stories in the browser: a real Conduit (broker + flows + editor) on free ports and a
 * headless Chromium on its editor, shared by the tests of one class (each works on a flow tab of
 * its own). After each test a screenshot of what the user sees is saved, passed or not, as
 * target/screenshots/&lt;class&gt;-&lt;test&gt;.png; each story ends by checking that the page
 * logged no error.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EditorStory {
  RunningConduit conduit;
  Browser browser;
  EditorPage page;

  @BeforeAll
  void startConduitAndBrowser() {
    conduit = new RunningConduit();
    browser = new Browser();
    page = new EditorPage(browser).open(conduit.editorUrl());
  }

  @AfterEach
  void screenshot(TestInfo test) {
    String name = getClass().getSimpleName() + "-" + test.getTestMethod().map(m -> m.getName()).orElse("end");
    System.out.println("screenshot: " + browser.screenshot(name));
  }

  @AfterAll
  void stopBrowserAndConduit() throws Exception {
    try {
      if (browser != null) browser.close();
    } finally {
      if (conduit != null) conduit.close();
    }
  }

  /** Called at the end of each story, while the page is still open. */
  void assertNoConsoleErrors() {
    assertThat(browser.consoleErrors()).as("browser console errors").isEmpty();
  }
}
