package io.conduit.editor;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Story (d): a device (mosquitto_sub with a last will, as in the LWT tutorial) announces itself
 * online and is killed; the broker sidebar's devices view turns it offline and the example LWT
 * flow's alert reaches the debug sidebar.
 */
class LwtDevicesTest extends EditorStory {
  @Test
  void aKilledDeviceTurnsOfflineAndItsAlertReachesTheDebugSidebar() throws Exception {
    String port = String.valueOf(conduit.mqttPort());
    page.showSidebar("broker");
    page.waitUntil("the broker view", () -> clientsText().contains("client id"));

    Process device = new ProcessBuilder("mosquitto_sub", "-h", "127.0.0.1", "-p", port, "-i", "device-7", "-k", "5",
      "-t", "devices/device-7/cmd", "--will-topic", "devices/device-7/status", "--will-payload", "offline",
      "--will-qos", "1", "--will-retain").redirectErrorStream(true).start();
    try {
      page.waitUntil("device-7 among the clients", () -> clientsText().contains("device-7"));
      run("mosquitto_pub", "-h", "127.0.0.1", "-p", port, "-i", "device-7-status", "-r", "-q", "1",
        "-t", "devices/device-7/status", "-m", "online");
      page.waitUntil("device-7 online", () -> "online".equals(deviceState()));
    } finally {
      device.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    page.waitUntil("device-7 offline", () -> "offline".equals(deviceState()));
    browser.screenshot("LwtDevicesTest-devices");

    page.showSidebar("debug");
    page.waitUntil("the offline alert in the debug sidebar",
      () -> page.debugMessages().stream().anyMatch(m -> m.contains("offline alerts") && m.contains("device-7")));
    assertNoConsoleErrors();
  }

  /** Read in one script: the sidebar replaces its tables on every refresh. */
  String clientsText() {
    return browser.js("const t = document.getElementById('red-ui-broker-clients'); return t ? t.innerText : '';");
  }

  String deviceState() {
    List<Object> states = browser.js("return Array.from(document.querySelectorAll('.red-ui-broker-device'))"
      + ".filter(d => d.dataset.topic === 'devices/device-7/status').map(d => d.dataset.state);");
    return states.isEmpty() ? null : (String) states.get(0);
  }

  static void run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).as(String.join(" ", command) + " finished").isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + ": " + new String(p.getInputStream().readAllBytes())).isZero();
  }
}
