/*
 * RED.workspaces: one tab per flow above the workspace, as in Node-RED. "+" adds a tab
 * ("Flow N"), a double-click opens the tab's dialog (rename, enable/disable, description,
 * delete). A disabled tab is shown struck through and exported with "disabled": true.
 * There is always at least one tab.
 */
RED.workspaces = (function () {
  let active = null;
  let lastClick = null;   // {id, time} of the last click on a tab

  function nextLabel() {
    let n = 1;
    const used = new Set(RED.nodes.workspaces().map(w => w.label));
    while (used.has("Flow " + n)) n++;
    return "Flow " + n;
  }

  function add(label, silent) {
    if (!silent) RED.history.push();
    const ws = RED.nodes.addWorkspace({ id: RED.utils.generateId(), type: "tab", label: label || nextLabel(), disabled: false, info: "", env: [], _extra: {} });
    if (!silent) RED.nodes.dirty(true);
    show(ws.id);
    return ws;
  }

  function show(id) {
    active = id;
    render();
    RED.view.select([]);
    RED.events.emit("workspace:change", { workspace: id });
  }

  function render() {
    const ul = $("#red-ui-workspace-tabs").empty();
    RED.nodes.workspaces().forEach(ws => {
      $('<li class="red-ui-tab"></li>').attr("data-id", ws.id).toggleClass("active", ws.id === active)
        .toggleClass("red-ui-workspace-disabled", !!ws.disabled)
        .append($('<a href="#"></a>').text(ws.label))
        .on("click", e => {
          e.preventDefault();
          // show() re-renders the tabs, so the browser's dblclick would be lost: detect it here
          const now = Date.now();
          if (lastClick && lastClick.id === ws.id && now - lastClick.time < 400) { lastClick = null; edit(ws); return; }
          lastClick = { id: ws.id, time: now };
          if (active !== ws.id) show(ws.id);
        })
        .appendTo(ul);
    });
  }

  function edit(ws) {
    const form = $('<form class="red-ui-form" onsubmit="return false"></form>');
    form.append('<div class="form-row"><label for="red-ui-tab-label">Name</label><input type="text" id="red-ui-tab-label"></div>');
    form.append('<div class="form-row"><label><input type="checkbox" id="red-ui-tab-disabled"> Disabled</label></div>');
    form.append('<div class="form-row"><label for="red-ui-tab-info">Description</label><textarea id="red-ui-tab-info" rows="6"></textarea></div>');
    form.find("#red-ui-tab-label").val(ws.label);
    form.find("#red-ui-tab-disabled").prop("checked", !!ws.disabled);
    form.find("#red-ui-tab-info").val(ws.info || "");
    RED.dialogs.open({
      title: "Edit flow: " + ws.label, id: "red-ui-tab-dialog", content: form,
      buttons: [
        { id: "red-ui-tab-delete", text: "Delete", cls: "leftButton", click: close => {
          RED.history.push();
          RED.nodes.removeWorkspace(ws.id);
          if (!RED.nodes.workspaces().length) add(null, true);
          show(RED.nodes.workspaces()[0].id);
          close();
        } },
        { text: "Cancel", click: close => close() },
        { id: "red-ui-tab-ok", text: "Done", primary: true, click: close => {
          RED.history.push();
          ws.label = form.find("#red-ui-tab-label").val().trim() || ws.label;
          ws.disabled = form.find("#red-ui-tab-disabled").prop("checked");
          ws.info = form.find("#red-ui-tab-info").val();
          RED.nodes.dirty(true);
          render();
          close();
        } }
      ]
    });
  }

  return {
    init() {
      $("#red-ui-workspace-add-tab").on("click", e => { e.preventDefault(); add(); });
    },
    active: () => active,
    add, show, edit,
    /** Re-renders after the model was replaced; keeps the given (or current) tab when it still exists. */
    refresh(prefer) {
      const list = RED.nodes.workspaces();
      if (!list.length) add(null, true);
      const id = [prefer, active].find(i => i && RED.nodes.workspace(i)) || RED.nodes.workspaces()[0].id;
      active = id;
      render();
      RED.view.redraw();
    }
  };
})();
