/*
 * RED.deploy: loading and deploying the flows through the Admin API, as Node-RED's editor does:
 *  - GET /flows and POST /flows with `Node-RED-API-Version: v2` ({flows, rev});
 *  - `Node-RED-Deployment-Type`: full | flows (modified flows) | nodes (modified nodes); the
 *    editor always sends the whole configuration, the runtime works out what changed;
 *  - a stale rev (409) asks whether to overwrite; a rejected flow (400) shows the runtime's
 *    reason and keeps every local change; invalid nodes ask for confirmation first;
 *  - after a deploy the changed markers are cleared and the deploy button greys out;
 *  - leaving the page with undeployed changes asks for confirmation.
 */
RED.deploy = (function () {
  const TYPES = { full: "Full", flows: "Modified Flows", nodes: "Modified Nodes" };
  let rev = null;
  let type = localStorage.getItem("conduit.deployType") || "full";

  async function api(method, path, body, headers) {
    const res = await fetch(path, {
      method,
      headers: Object.assign({ "Node-RED-API-Version": "v2" }, body !== undefined ? { "Content-Type": "application/json" } : {}, headers || {}),
      body: body === undefined ? undefined : JSON.stringify(body)
    });
    const text = await res.text();
    let data = text;
    try { data = text ? JSON.parse(text) : null; } catch (e) { /* plain text answer */ }
    return { status: res.status, ok: res.ok, data };
  }

  async function load() {
    const r = await api("GET", "flows");
    if (!r.ok) throw new Error("GET /flows answered " + r.status + ": " + message(r));
    const flows = Array.isArray(r.data) ? r.data : (r.data.flows || []);
    rev = Array.isArray(r.data) ? null : r.data.rev;
    RED.nodes.clear();
    RED.nodes.importNodes(flows, { markChanged: false, z: null });
    RED.nodes.dirty(false);
    RED.history.clear();
    RED.workspaces.refresh();
  }

  function message(r) {
    return r.data && typeof r.data === "object" ? (r.data.message || r.data.error || JSON.stringify(r.data)) : String(r.data || r.status);
  }

  function payload() {
    const flows = RED.nodes.createCompleteNodeSet();
    flows.forEach(j => {
      const n = RED.nodes.node(j.id);
      if (n && n._credentials) j.credentials = n._credentials;
    });
    return flows;
  }

  async function deploy(deployType, force) {
    deployType = deployType || type;
    if (!RED.nodes.dirty() && deployType !== "full") { RED.notify("No changes to deploy"); return false; }
    const invalid = RED.nodes.all().filter(n => !n.valid);
    if (invalid.length && !force) {
      const ok = await RED.dialogs.confirm("Deploy with invalid nodes?",
        "These nodes are not properly configured: " + invalid.map(n => RED.utils.getNodeLabel(n) + " (" + n.type + ")").join(", ") +
        ". Deploy anyway?", "Confirm deploy");
      if (!ok) return false;
    }
    const body = { flows: payload() };
    if (rev && !force) body.rev = rev;
    const r = await api("POST", "flows", body, { "Node-RED-Deployment-Type": deployType });
    if (r.status === 409) {
      const ok = await RED.dialogs.confirm("Flows changed on the server",
        "The flows on the server were updated since you loaded them. Overwrite them with yours?", "Overwrite");
      return ok ? deploy(deployType, true) : false;
    }
    if (!r.ok) {
      RED.notify("Deploy failed: " + message(r), "error");
      return false;
    }
    rev = r.data && r.data.rev !== undefined ? r.data.rev : rev;
    RED.nodes.all().forEach(n => { n.changed = false; n.moved = false; });
    RED.nodes.dirty(false);
    RED.view.redraw();
    RED.notify("Successfully deployed", "success");
    RED.events.emit("deploy", { type: deployType, rev });
    return true;
  }

  function renderButton() {
    $("#red-ui-header-button-deploy").toggleClass("disabled", !RED.nodes.dirty());
    $("#red-ui-header-button-deploy-label").text("Deploy" + (type === "full" ? "" : " (" + TYPES[type] + ")"));
  }

  function init() {
    $("#red-ui-header-button-deploy").on("click", e => { e.preventDefault(); deploy(); });
    const menu = $("#red-ui-header-deploy-menu");
    Object.entries(TYPES).forEach(([t, label]) => {
      $('<li></li>').attr("id", "red-ui-deploy-type-" + t).text(label).appendTo(menu).on("click", () => {
        type = t;
        localStorage.setItem("conduit.deployType", t);
        menu.hide();
        renderButton();
      });
    });
    $("#red-ui-header-button-deploy-options").on("click", e => { e.preventDefault(); e.stopPropagation(); menu.toggle(); });
    $(document).on("click", () => menu.hide());
    RED.events.on("nodes:dirty", renderButton);
    // as Node-RED: leaving the page with undeployed changes asks first
    window.addEventListener("beforeunload", e => { if (RED.nodes.dirty()) { e.preventDefault(); e.returnValue = ""; } });
    renderButton();
  }

  return { init, load, deploy, api, rev: () => rev, type: () => type };
})();
