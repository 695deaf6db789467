/*
 * Start-up, in Node-RED's order: the login when adminAuth asks for one (RED.auth), settings, then the node editor files (GET /nodes as HTML,
 * appended to the page so their registerType scripts run), then the flows (GET /flows), then
 * the comms WebSocket for debug messages and node status. Until the flows are loaded the
 * workspace shows a loading notice; a failure is shown with its reason.
 */
$(async function () {
  RED.palette.init();
  RED.view.init();
  RED.workspaces.init();
  RED.sidebar.init();
  RED.deploy.init();
  RED.menu.init();
  RED.debug.init();
  RED.broker.init();
  const status = $("#red-ui-loading").show();
  try {
    await RED.auth.ensure();
    const settings = await RED.deploy.api("GET", "settings");
    if (settings.ok && settings.data && typeof settings.data === "object") RED.settings = settings.data;
    await RED.editor.loadCodeEditor();
    const res = await fetch("nodes", { headers: { Accept: "text/html" } });
    if (!res.ok) throw new Error("GET /nodes answered " + res.status);
    $("#red-ui-node-definitions").append(await res.text());
    RED.palette.render();
    await RED.deploy.load();
    RED.comms.subscribe("status/#", (topic, data) => {
      const node = RED.nodes.node(topic.substring("status/".length));
      if (!node) return;
      node.status = data && (data.text || data.fill) ? data : null;
      RED.view.redraw();
    });
    RED.comms.connect();
    status.hide();
    $("body").addClass("red-ui-loaded");
  } catch (e) {
    status.text("Cannot start the editor: " + e.message).addClass("error");
    console.warn(e);
  }
});
