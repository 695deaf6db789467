package io.conduit.editor;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One user story in the browser: a real Conduit (broker + flows + editor) on free ports, a
 * headless Chromium on its editor, and at the end a screenshot of what the user sees
 * (target/screenshots/&lt;class&gt;.png, taken whether the story passed or not) and the check
 * that the page logged no error.
 */
abstract class EditorStory {
  RunningConduit conduit;
  Browser browser;
  EditorPage page;

  @BeforeEach
  void startConduitAndBrowser() {
    conduit = new RunningConduit();
    browser = new Browser();
    page = new EditorPage(browser).open(conduit.editorUrl());
  }

  @AfterEach
  void screenshotAndStop(TestInfo test) throws Exception {
    try {
      System.out.println("screenshot: " + browser.screenshot(getClass().getSimpleName()));
      browser.close();
    } finally {
      conduit.close();
    }
  }

  /** Called at the end of each story, while the page is still open. */
  void assertNoConsoleErrors() {
    assertThat(browser.consoleErrors()).as("browser console errors").isEmpty();
  }
}
