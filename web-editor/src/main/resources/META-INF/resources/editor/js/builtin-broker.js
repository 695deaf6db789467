/*
 * Conduit's built-in broker in the editor: new mqtt nodes get an mqtt-broker config node that
 * points at Conduit's own MQTT port on localhost (RED.settings.conduit.mqttPort from
 * GET /settings, else 1883), named "Conduit built-in broker", created once and then reused.
 * It is a plain Node-RED mqtt-broker node plus Conduit's `builtin: true` (which Node-RED ignores),
 * so the runtime keeps it in-process even when the MQTT port changes.
 */
RED.defaultBrokerName = "Conduit built-in broker";

/** The built-in broker as an mqtt-broker config node: Node-RED's fields, pointing at Conduit's port. */
RED.nodes.defaultConfigNode = function (type) {
  if (type !== "mqtt-broker") return "";
  const existing = RED.nodes.filterNodes({ type }).find(n => n.name === RED.defaultBrokerName);
  if (existing) return existing.id;
  const node = RED.nodes.createNode(type);
  node.name = RED.defaultBrokerName;
  node.broker = "localhost";
  node.port = (RED.settings.conduit && RED.settings.conduit.mqttPort > 0 && RED.settings.conduit.mqttPort) || 1883;
  node._extra.builtin = true;
  RED.nodes.add(node);
  return node.id;
};
