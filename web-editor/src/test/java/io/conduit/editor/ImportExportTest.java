package io.conduit.editor;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Story (b): a user imports a Node-RED export (mqtt in -> switch -> change -> mqtt out + debug,
 * with its mqtt-broker config node pointing at this broker) through the Import dialog, deploys,
 * and the flow reacts to a message published by a real MQTT client (HiveMQ client).
 */
class ImportExportTest extends EditorStory {
  static final Path EXPORT = Path.of("src/test/resources/flows/nodered-mqtt-alerts.json");

  @Test
  void importedNodeRedFlowReactsToARealMqttClient() throws Exception {
    String export = Files.readString(EXPORT).replace("\"port\": \"1883\"", "\"port\": \"" + conduit.mqttPort() + "\"");

    page.menu("menu-item-import");
    page.find("#red-ui-import-text").sendKeys("[{\"id\": 1}]");
    page.waitUntil("the reason of the error", () -> page.find("#red-ui-import-error").getText().contains("has no id"));
    page.find("#red-ui-import-text").clear();
    page.find("#red-ui-import-text").sendKeys(export);
    page.find("#red-ui-import-ok").click();
    page.waitUntil("the imported nodes to be selected", () -> browser.<Number>js("return RED.view.selection().length;").intValue() == 5);
    assertThat(browser.<String>js("return RED.nodes.workspace(RED.workspaces.active()).label;")).isEqualTo("Sensors");
    assertThat(page.findAll("#a1f0c0de00000004.selected")).hasSize(1);
    page.deploy();
    page.showSidebar("debug");

    Mqtt5BlockingClient client = Mqtt5Client.builder().identifier("import-test").serverHost("127.0.0.1")
      .serverPort(conduit.mqttPort()).buildBlocking();
    client.connect();
    try (var alerts = client.publishes(MqttGlobalPublishFilter.SUBSCRIBED)) {
      client.subscribeWith().topicFilter("alerts/hot").qos(MqttQos.AT_LEAST_ONCE).send();
      page.waitUntil("the mqtt in node to be connected", () -> browser.<Boolean>js(
        "const n = RED.nodes.node('a1f0c0de00000003'); return !!n.status && n.status.fill === 'green';"));
      client.publishWith().topic("sensors/kitchen/temp").payload("21".getBytes(StandardCharsets.UTF_8)).qos(MqttQos.AT_LEAST_ONCE).send();
      client.publishWith().topic("sensors/oven/temp").payload("35".getBytes(StandardCharsets.UTF_8)).qos(MqttQos.AT_LEAST_ONCE).send();

      Optional<Mqtt5Publish> alert = alerts.receive(20, TimeUnit.SECONDS);
      assertThat(alert).as("alert published by the imported flow").isPresent();
      assertThat(new String(alert.get().getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("hot");
      page.waitUntil("the alert in the debug sidebar", () -> page.debugMessages().stream().anyMatch(m -> m.contains("\"hot\"")));
      assertThat(page.debugMessages()).hasSize(1).allSatisfy(m -> assertThat(m).contains("alerts").contains("alerts/hot"));
      assertThat(alerts.receive(500, TimeUnit.MILLISECONDS)).as("no alert for 21 degrees").isEmpty();
    } finally {
      client.disconnect();
    }
    assertNoConsoleErrors();
  }
}
