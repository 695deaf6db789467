package io.conduit.editor;

import io.conduit.broker.auth.PasswordHash;
import io.conduit.launch.Conduit;
import io.conduit.launch.ConduitOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The editor's login page with admin_auth: refused with a wrong password, loads after the right one. */
class LoginTest {
  @TempDir
  Path dir;
  private Conduit conduit;
  private Browser browser;

  @BeforeEach
  void start() throws Exception {
    JsonObject adminAuth = new JsonObject().put("users", new JsonArray()
      .add(new JsonObject().put("username", "admin").put("password", PasswordHash.create("admin-pw", 1000).encoded()).put("permissions", "*")));
    conduit = Conduit.start(ConduitOptions.fromSettings(new JsonObject().put("port", 0).put("http_port", 0).put("sys_interval", 0)
      .put("examples", false).put("data_dir", dir.toString()).put("admin_auth", adminAuth)))
      .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    browser = new Browser();
  }

  @AfterEach
  void stop() throws Exception {
    if (browser != null) browser.close();
    if (conduit != null) conduit.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  @Test
  void theEditorAsksForALoginAndLoadsAfterIt() {
    EditorPage page = new EditorPage(browser);
    browser.driver().get("http://127.0.0.1:" + conduit.httpPort() + "/");
    page.waitUntil("the login dialog", () -> !page.findAll("#node-dialog-login-username").isEmpty());
    assertThat(browser.<Boolean>js("return document.body.classList.contains('red-ui-loaded')")).isFalse();

    page.find("#node-dialog-login-username").sendKeys("admin");
    page.find("#node-dialog-login-password").sendKeys("wrong");
    page.find("#node-dialog-login-submit").click();
    page.waitUntil("the failure message", () -> page.find("#node-dialog-login-failed").isDisplayed());

    page.find("#node-dialog-login-password").sendKeys("admin-pw");
    page.find("#node-dialog-login-submit").click();
    page.waitUntil("the editor to load", () -> browser.<Boolean>js("return document.body.classList.contains('red-ui-loaded')"));
    assertThat(page.findAll("#node-dialog-login")).isEmpty();
    assertThat(browser.<String>js("return RED.auth.token()")).isNotBlank();
    // the only errors are the refused requests before and during the login
    assertThat(browser.console()).filteredOn(l -> l.startsWith("SEVERE"))
      .allSatisfy(l -> assertThat(l).containsAnyOf("status of 401", "status of 403"));
  }
}
