/*
 * RED.menu: the header menu (Import, Export, Search flows) and the workspace's keyboard
 * shortcuts, Node-RED's: Delete/Backspace delete, Ctrl+A select all, Ctrl+C/X/V copy, cut and
 * paste (within the editor, pasted nodes get new ids and are offset), Ctrl+Z undo, Ctrl+Y or
 * Ctrl+Shift+Z redo, Ctrl+I import, Ctrl+E export, Ctrl+F search, Ctrl+= / Ctrl+- / Ctrl+0 zoom.
 * Shortcuts are off while typing in a field or while a dialog or the edit tray is open.
 */
RED.menu = (function () {
  let clipboard = null;
  let pasteCount = 0;

  function copySelection() {
    const sel = RED.view.selection();
    if (!sel.length) return false;
    const ids = new Set(sel.map(n => n.id));
    clipboard = RED.nodes.createExportableNodeSet(sel).map(j => {
      if (Array.isArray(j.wires)) j.wires = j.wires.map(p => p.filter(id => ids.has(id)));
      return j;
    });
    pasteCount = 0;
    RED.notify(sel.length + " node" + (sel.length === 1 ? "" : "s") + " copied");
    return true;
  }

  function paste() {
    if (!clipboard) return;
    pasteCount++;
    RED.history.push();
    const data = RED.utils.cloneValue(clipboard).filter(j => !(RED.nodes.node(j.id) && RED.nodes.isConfig(RED.nodes.node(j.id))));
    data.forEach(j => { if (j.x !== undefined) { j.x += 20 * pasteCount; j.y += 20 * pasteCount; } delete j.z; });
    const result = RED.nodes.importNodes(data, { generateIds: true, z: RED.workspaces.active() });
    RED.nodes.dirty(true);
    RED.view.select(result.nodes.filter(n => !RED.nodes.isConfig(n)));
  }

  function search() {
    const form = $('<div class="red-ui-form"><input type="text" id="red-ui-search-input" placeholder="search your flows">' +
      '<ul id="red-ui-search-results"></ul></div>');
    const dlg = RED.dialogs.open({ id: "red-ui-search-dialog", title: "Search flows", content: form, width: 500, buttons: [] });
    form.find("#red-ui-search-input").on("input", e => {
      const q = e.target.value.trim().toLowerCase();
      const list = form.find("#red-ui-search-results").empty();
      if (!q) return;
      RED.nodes.all().filter(n => [RED.utils.getNodeLabel(n), n.type, n.id, n.name, n.topic, n.info]
        .some(v => typeof v === "string" && v.toLowerCase().includes(q))).slice(0, 50).forEach(n => {
        const ws = n.z ? RED.nodes.workspace(n.z) : null;
        $('<li class="red-ui-search-result"></li>').attr("data-id", n.id)
          .append($('<span class="red-ui-search-result-label"></span>').text(RED.utils.getNodeLabel(n)))
          .append($('<span class="red-ui-search-result-meta"></span>').text(n.type + (ws ? " · " + ws.label : " · config")))
          .on("click", () => { dlg.close(); RED.view.reveal(n.id); })
          .appendTo(list);
      });
    });
  }

  function typing(e) {
    const t = e.target;
    return t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName) || (t.closest && t.closest(".monaco-editor")));
  }

  function onKey(e) {
    if (typing(e) || RED.dialogs.isOpen()) return;
    const ctrl = e.ctrlKey || e.metaKey;
    const k = e.key.toLowerCase();
    let handled = true;
    if (!ctrl && (e.key === "Delete" || e.key === "Backspace")) RED.view.deleteSelection();
    else if (ctrl && k === "a") RED.view.selectAll();
    else if (ctrl && k === "c") copySelection();
    else if (ctrl && k === "x") { if (copySelection()) RED.view.deleteSelection(); }
    else if (ctrl && k === "v") paste();
    else if (ctrl && ((k === "z" && e.shiftKey) || k === "y")) RED.history.redo();
    else if (ctrl && k === "z") RED.history.undo();
    else if (ctrl && k === "i") RED.importExport.showImport();
    else if (ctrl && k === "e") RED.importExport.showExport();
    else if (ctrl && k === "f") search();
    else if (ctrl && (k === "=" || k === "+")) RED.view.zoom(1.25);
    else if (ctrl && k === "-") RED.view.zoom(0.8);
    else if (ctrl && k === "0") RED.view.zoom(0);
    else handled = false;
    if (handled) e.preventDefault();
  }

  function init() {
    const menu = $("#red-ui-header-menu");
    const items = [
      ["menu-item-import", "Import", () => RED.importExport.showImport()],
      ["menu-item-export", "Export", () => RED.importExport.showExport()],
      ["menu-item-search", "Search flows", search],
      ["menu-item-add-flow", "Add flow", () => RED.workspaces.add()],
      ["menu-item-edit-flow", "Edit flow", () => RED.workspaces.edit(RED.nodes.workspace(RED.workspaces.active()))]
    ];
    items.forEach(([id, label, fn]) => $("<li></li>").attr("id", id).text(label).appendTo(menu)
      .on("click", () => { menu.hide(); fn(); }));
    $("#red-ui-header-button-sidemenu").on("click", e => { e.preventDefault(); e.stopPropagation(); menu.toggle(); });
    $(document).on("click", () => menu.hide());
    document.addEventListener("keydown", onKey);
    $("#red-ui-view-zoom-in").on("click", () => RED.view.zoom(1.25));
    $("#red-ui-view-zoom-out").on("click", () => RED.view.zoom(0.8));
    $("#red-ui-view-zoom-zero").on("click", () => RED.view.zoom(0));
  }

  return { init, search, copySelection, paste };
})();
