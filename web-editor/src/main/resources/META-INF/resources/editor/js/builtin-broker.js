/*
 * Conduit's built-in broker in the editor: new mqtt nodes get an mqtt-broker config node that
 * points at Conduit's own MQTT port on localhost (RED.settings.conduit.mqttPort from
 * GET /settings, else 1883), named "Conduit built-in broker", created unless a broker node
 * that means the built-in broker exists (flagged `builtin`, or localhost on that port).
 * It is a plain Node-RED mqtt-broker node plus Conduit's `builtin: true` (which Node-RED ignores),
 * so the runtime keeps it in-process even when the MQTT port changes.
 */
(function () {
  RED.defaultBrokerName = "Conduit built-in broker";

  function builtinPort() {
    return (RED.settings.conduit && RED.settings.conduit.mqttPort > 0 && RED.settings.conduit.mqttPort) || 1883;
  }

  /** An mqtt-broker node that already means the built-in broker (flag, or localhost on Conduit's port). */
  RED.nodes.isBuiltinBroker = function (n) {
    return n.type === "mqtt-broker" && ((n._extra && n._extra.builtin === true) ||
      (["localhost", "127.0.0.1"].includes(n.broker) && Number(n.port || 1883) === builtinPort()));
  };

  /** The built-in broker as an mqtt-broker config node, reused when one exists, else created. */
  RED.nodes.defaultConfigNode = function (type) {
    if (type !== "mqtt-broker") return "";
    const existing = RED.nodes.filterNodes({ type }).find(RED.nodes.isBuiltinBroker);
    if (existing) return existing.id;
    const node = RED.nodes.createNode(type);
    node.name = RED.defaultBrokerName;
    node.broker = "localhost";
    node.port = builtinPort();
    node._extra.builtin = true;
    RED.nodes.add(node);
    return node.id;
  };
})();
