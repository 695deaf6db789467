/*
 * RED.importExport: the Import and Export dialogs (menu, Ctrl+I, Ctrl+E). Rules, after Node-RED:
 *  - import takes pasted JSON or a chosen .json file; what is wrong is said in the dialog
 *    (not JSON, with the parser's reason; not an array of nodes; an item without id or type);
 *  - when imported ids already exist, the user chooses "Import copy" (new ids, references
 *    inside the import follow, existing config nodes of the same id are reused) or "Replace";
 *  - imported nodes go to the current flow (or a new one); on a tab that already has nodes
 *    they are placed below them; they end up selected;
 *  - export: selected nodes, current flow or all flows (with the config nodes they use),
 *    compact or formatted, to the clipboard or downloaded as a .json file.
 */
RED.importExport = (function () {
  function showImport() {
    const form = $('<div class="red-ui-form"></div>');
    form.append('<div class="form-row"><textarea id="red-ui-import-text" rows="14" placeholder="Paste flow JSON here" spellcheck="false"></textarea></div>');
    form.append('<div class="form-row"><button type="button" class="red-ui-button" id="red-ui-import-file-button">select a file to import</button>' +
      '<input type="file" id="red-ui-import-file" accept=".json,application/json" style="display:none"></div>');
    form.append('<div class="form-row">Import to: <label><input type="radio" name="red-ui-import-target" value="current" checked> current flow</label> ' +
      '<label><input type="radio" name="red-ui-import-target" value="new" id="red-ui-import-new-flow"> new flow</label></div>');
    form.append('<div class="form-row red-ui-import-error" id="red-ui-import-error"></div>');
    const text = form.find("#red-ui-import-text");
    const error = form.find("#red-ui-import-error");
    form.find("#red-ui-import-file-button").on("click", () => form.find("#red-ui-import-file").trigger("click"));
    form.find("#red-ui-import-file").on("change", e => {
      const file = e.target.files[0];
      if (!file) return;
      const reader = new FileReader();
      reader.onload = () => { text.val(reader.result); check(); };
      reader.onerror = () => error.text("Cannot read " + file.name + ": " + reader.error);
      reader.readAsText(file);
    });
    function check() {
      if (!text.val().trim()) { error.text(""); return null; }
      try { const d = RED.nodes.parseImport(text.val()); error.text(""); return d; } catch (e) { error.text(e.message); return null; }
    }
    text.on("input", check);
    RED.dialogs.open({
      id: "red-ui-import-dialog", title: "Import nodes", content: form, width: 700,
      buttons: [
        { text: "Cancel", click: close => close() },
        { id: "red-ui-import-ok", text: "Import", primary: true, click: close => {
          let data;
          try { data = RED.nodes.parseImport(text.val()); } catch (e) { error.text(e.message); return; }
          const newFlow = form.find("input[name=red-ui-import-target]:checked").val() === "new";
          close();
          importData(data, { newFlow });
        } }
      ]
    });
  }

  /** Imports parsed nodes, asking what to do about ids that already exist. */
  function importData(data, opts) {
    const clashes = RED.nodes.clashes(data);
    if (!clashes.length) { doImport(data, opts, false); return; }
    RED.dialogs.open({
      id: "red-ui-import-conflict-dialog", title: "Import nodes", width: 500,
      content: $("<p></p>").text(clashes.length + " of the nodes you are importing already exist in your workspace. " +
        "Import a copy with new ids, or replace the existing ones?"),
      buttons: [
        { text: "Cancel", click: close => close() },
        { id: "red-ui-import-copy", text: "Import copy", click: close => { close(); doImport(data, opts, true); } },
        { id: "red-ui-import-replace", text: "Replace", primary: true, click: close => { close(); doImport(data, opts, false); } }
      ]
    });
  }

  function doImport(data, opts, copy) {
    RED.history.push();
    if (copy) {
      data = data.filter(j => {
        const existing = RED.nodes.node(j.id);
        return !(existing && RED.nodes.isConfig(existing) && existing.type === j.type);
      });
    }
    let z = RED.workspaces.active();
    if (opts.newFlow) z = RED.workspaces.add(null, true).id;
    const before = new Set(RED.nodes.filterNodes({ z }).map(n => n.id));
    const result = RED.nodes.importNodes(data, { generateIds: copy, z });
    const onCurrent = result.nodes.filter(n => n.z === z && !RED.nodes.isConfig(n));
    const others = RED.nodes.filterNodes({ z }).filter(n => before.has(n.id) && !result.nodes.includes(n));
    if (onCurrent.length && others.length) {
      const minY = Math.min(...onCurrent.map(n => n.y));
      const below = Math.max(...others.map(n => n.y)) + 80;
      onCurrent.forEach(n => { n.y += below - minY; });
    }
    RED.nodes.dirty(true);
    const firstTab = result.workspaces.length && !onCurrent.length ? result.workspaces[0].id : z;
    RED.workspaces.refresh(firstTab);
    RED.view.select(result.nodes.filter(n => n.z === firstTab && !RED.nodes.isConfig(n)));
    RED.notify("Imported " + result.nodes.length + " node" + (result.nodes.length === 1 ? "" : "s") +
      (result.workspaces.length ? " and " + result.workspaces.length + " flow" + (result.workspaces.length === 1 ? "" : "s") : ""), "success");
    return result;
  }

  function exportSet(scope) {
    if (scope === "full") return RED.nodes.createCompleteNodeSet();
    if (scope === "flow") {
      const ws = RED.nodes.workspace(RED.workspaces.active());
      return RED.nodes.createExportableNodeSet(RED.nodes.all().filter(n => n.z === ws.id), [ws]);
    }
    return RED.nodes.createExportableNodeSet(RED.view.selection());
  }

  function showExport(initialScope) {
    const form = $('<div class="red-ui-form"></div>');
    const hasSelection = RED.view.selection().length > 0;
    form.append('<div class="form-row">Export: ' +
      '<label><input type="radio" name="red-ui-export-scope" value="selected" id="red-ui-export-selected"> selected nodes</label> ' +
      '<label><input type="radio" name="red-ui-export-scope" value="flow" id="red-ui-export-flow"> current flow</label> ' +
      '<label><input type="radio" name="red-ui-export-scope" value="full" id="red-ui-export-full"> all flows</label></div>');
    form.append('<div class="form-row">Format: ' +
      '<label><input type="radio" name="red-ui-export-format" value="compact" id="red-ui-export-compact" checked> compact</label> ' +
      '<label><input type="radio" name="red-ui-export-format" value="pretty" id="red-ui-export-pretty"> formatted</label></div>');
    form.append('<div class="form-row"><textarea id="red-ui-export-text" rows="14" readonly spellcheck="false"></textarea></div>');
    form.find("#red-ui-export-selected").prop("disabled", !hasSelection);
    form.find("input[name=red-ui-export-scope][value=" + (initialScope || (hasSelection ? "selected" : "flow")) + "]").prop("checked", true);
    const text = form.find("#red-ui-export-text");
    function update() {
      const set = exportSet(form.find("input[name=red-ui-export-scope]:checked").val());
      const pretty = form.find("input[name=red-ui-export-format]:checked").val() === "pretty";
      text.val(JSON.stringify(set, null, pretty ? 4 : 0));
    }
    form.on("change", "input", update);
    update();
    RED.dialogs.open({
      id: "red-ui-export-dialog", title: "Export nodes", content: form, width: 700,
      buttons: [
        { id: "red-ui-export-download", text: "Download", click: () => download(text.val()) },
        { id: "red-ui-export-copy", text: "Copy to clipboard", primary: true, click: close => { copy(text[0]).then(() => close()); } }
      ]
    });
  }

  async function copy(textarea) {
    const n = JSON.parse(textarea.value).length;
    try {
      await navigator.clipboard.writeText(textarea.value);
    } catch (e) {
      textarea.select();
      if (!document.execCommand("copy")) { RED.notify("Cannot copy to the clipboard: " + e.message, "error"); return; }
    }
    RED.notify(n + " node" + (n === 1 ? "" : "s") + " copied to the clipboard", "success");
  }

  function download(json) {
    const a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([json], { type: "application/json" }));
    a.download = "flows.json";
    document.body.appendChild(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  return { showImport, showExport, importData, exportSet };
})();
