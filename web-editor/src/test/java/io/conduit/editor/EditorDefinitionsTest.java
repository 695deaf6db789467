package io.conduit.editor;

import io.conduit.spi.NodeConfig;
import io.conduit.spi.NodeConfigException;
import io.conduit.spi.NodeServices;
import io.conduit.spi.NodeType;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The editor half of every node type: each registered {@link NodeType} has its editor file next to
 * its class, the file registers the type with a form and help when the editor loads it (in real
 * Chromium, with the editor's own scripts), and the node the editor creates from the palette (the
 * type's defaults) is accepted by the Java side's config reader.
 */
class EditorDefinitionsTest {
  /** Every node type Conduit runs, with its editor file (the class's path, .html). */
  static final Map<String, String> EDITOR_FILES = Map.ofEntries(
    Map.entry("inject", "io/conduit/nodes/common/InjectNode.html"),
    Map.entry("debug", "io/conduit/nodes/common/DebugNode.html"),
    Map.entry("comment", "io/conduit/nodes/common/CommentNode.html"),
    Map.entry("catch", "io/conduit/nodes/common/CatchNode.html"),
    Map.entry("status", "io/conduit/nodes/common/StatusNode.html"),
    Map.entry("complete", "io/conduit/nodes/common/CompleteNode.html"),
    Map.entry("link in", "io/conduit/nodes/common/LinkInNode.html"),
    Map.entry("link out", "io/conduit/nodes/common/LinkOutNode.html"),
    Map.entry("link call", "io/conduit/nodes/common/LinkCallNode.html"),
    Map.entry("junction", "io/conduit/nodes/common/JunctionNode.html"),
    Map.entry("function", "io/conduit/nodes/function/FunctionNode.html"),
    Map.entry("switch", "io/conduit/nodes/function/SwitchNode.html"),
    Map.entry("change", "io/conduit/nodes/function/ChangeNode.html"),
    Map.entry("delay", "io/conduit/nodes/function/DelayNode.html"),
    Map.entry("mqtt-broker", "io/conduit/nodes/network/MqttBrokerNode.html"),
    Map.entry("mqtt in", "io/conduit/nodes/network/MqttInNode.html"),
    Map.entry("mqtt out", "io/conduit/nodes/network/MqttOutNode.html"));

  /** Node-RED's own defaults leave these to be configured (no scope, no target, no topic, no server). */
  static final List<String> INVALID_UNTIL_CONFIGURED = List.of("complete", "link call", "mqtt in", "mqtt-broker");

  /** The editor scripts a node editor file relies on, in the order index.html loads them. */
  static final List<String> EDITOR_SCRIPTS = List.of(
    "META-INF/resources/webjars/jquery/3.7.1/jquery.min.js",
    "META-INF/resources/editor/js/red.js",
    "META-INF/resources/editor/js/nodes.js",
    "META-INF/resources/editor/js/history.js",
    "META-INF/resources/editor/js/widgets.js",
    "META-INF/resources/editor/js/editor.js",
    "META-INF/resources/editor/js/builtin-broker.js");

  static Browser browser;

  @BeforeAll
  static void loadEditorFiles() {
    browser = new Browser();
    browser.driver().get("about:blank");
    for (String script : EDITOR_SCRIPTS) {
      browser.js("const s = document.createElement('script'); s.text = arguments[0]; document.head.appendChild(s);", read(script));
    }
    StringBuilder all = new StringBuilder();
    EDITOR_FILES.values().forEach(f -> all.append(read(f)).append('\n'));
    browser.js("const box = document.createElement('div'); box.id = 'defs'; box.style.display = 'none';"
      + "document.body.appendChild(box); $(box).append(arguments[0]);", all.toString());
  }

  @AfterAll
  static void closeBrowser() {
    if (browser != null) browser.close();
  }

  static String read(String resource) {
    try (InputStream in = EditorDefinitionsTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as("class path resource " + resource).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<NodeType> registeredTypes() {
    List<NodeType> types = new ArrayList<>();
    ServiceLoader.load(NodeType.class).forEach(types::add);
    return types;
  }

  @Test
  void everyRegisteredNodeTypeHasItsEditorFileWithFormAndHelp() {
    for (NodeType type : registeredTypes()) {
      assertThat(EDITOR_FILES).as("editor file of " + type.type()).containsEntry(type.type(), type.editorResource());
      String html = read(type.editorResource());
      assertThat(html).as(type.editorResource())
        .containsPattern("RED\\.nodes\\.registerType\\(\\s*['\"]" + Pattern.quote(type.type()) + "['\"]")
        .contains("data-help-name=\"" + type.type() + "\"");
    }
  }

  @Test
  void everyEditorFileRegistersItsTypeWithAFormAndHelpInTheBrowser() {
    for (String type : EDITOR_FILES.keySet()) {
      Map<String, Object> def = browser.js(
        "const d = RED.nodes.getType(arguments[0]); if (!d) return null;"
          + "return {template: $('script[data-template-name=\"' + arguments[0] + '\"]').length,"
          + " help: $('script[data-help-name=\"' + arguments[0] + '\"]').html() || ''};", type);
      assertThat(def).as("registerType('" + type + "')").isNotNull();
      assertThat((String) def.get("help")).as("help of " + type).isNotBlank();
      if (!type.equals("junction")) {
        assertThat(((Number) def.get("template")).intValue()).as("form of " + type).isEqualTo(1);
      }
    }
    assertThat(browser.consoleErrors()).as("console errors").isEmpty();
  }

  @Test
  void aNodeFreshFromThePaletteIsValidUnlessNodeRedLeavesItToTheUser() {
    for (String type : EDITOR_FILES.keySet()) {
      List<String> errors = browser.js("const n = RED.nodes.createNode(arguments[0], 100, 100, 'tab1');"
        + "RED.nodes.add(n); RED.nodes.validate(n); const e = n.validationErrors; RED.nodes.remove(n.id); return e;", type);
      if (INVALID_UNTIL_CONFIGURED.contains(type)) {
        assertThat(errors).as("validation errors of a new " + type).isNotEmpty();
      } else {
        assertThat(errors).as("validation errors of a new " + type).isEmpty();
      }
    }
  }

  @Test
  void theJavaSideAcceptsTheNodesTheEditorCreates() {
    for (NodeType type : registeredTypes()) {
      Map<String, Object> json = browser.js("const n = RED.nodes.createNode(arguments[0], 100, 100, 'tab1');"
        + "if (arguments[0] === 'mqtt in') n.topic = 'devices/+/status';"
        + "if (arguments[0] === 'complete' || arguments[0] === 'link call') n[arguments[0] === 'complete' ? 'scope' : 'links'] = ['0123456789abcdef'];"
        + "return RED.nodes.convertNode(n);", type.type());
      JsonObject config = new JsonObject(json);
      try {
        type.create(new NodeConfig(config), services(config));
      } catch (NodeConfigException e) {
        throw new AssertionError("the editor's new " + type.type() + " node " + config.encode()
          + " is refused by " + type.getClass().getName() + ": " + e.getMessage(), e);
      }
    }
  }

  /** What a node may ask for while it is created: who it is and the settings; nothing runs yet. */
  static NodeServices services(JsonObject config) {
    return (NodeServices) Proxy.newProxyInstance(NodeServices.class.getClassLoader(), new Class<?>[]{NodeServices.class},
      (proxy, method, args) -> switch (method.getName()) {
        case "id" -> config.getString("id");
        case "type" -> config.getString("type");
        case "name" -> config.getString("name", "");
        case "flowId" -> config.getString("z");
        case "path" -> config.getString("z") + "/" + config.getString("id");
        case "settings" -> new JsonObject();
        case "clock" -> Clock.systemUTC();
        case "env", "configNode" -> null;
        case "log", "warn" -> null;
        case "toString" -> "services of " + config.getString("id");
        case "hashCode" -> System.identityHashCode(proxy);
        case "equals" -> proxy == args[0];
        default -> throw new UnsupportedOperationException(
          "NodeType.create must not use NodeServices." + method.getName() + " (it runs before the node starts)");
      });
  }
}
