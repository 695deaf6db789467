/*
 * RED.editor: the edit tray of a node, and of config nodes on top of it, as in Node-RED:
 *  - the form is the type's `data-template-name` template; each default `x` is bound to the
 *    input `#node-input-x` (`#node-config-input-x` for config nodes): checkboxes to booleans,
 *    other inputs to their string value; fields whose default has a config-node `type` become a
 *    select of the existing config nodes plus "Add new ...", with a pencil to edit the selected one;
 *  - order on open: fill the inputs, then oneditprepare; on Done: oneditsave, then read the inputs;
 *  - `outputs` may hold a JSON map {oldPort: newPort|-1} (switch rules reordered): wires follow it;
 *  - Done marks the node changed (blue dot) only when its exported JSON changed; Cancel calls
 *    oneditcancel and leaves the node untouched; Delete removes it.
 */
RED.editor = (function () {
  const trays = [];

  function template(type) {
    const t = $('script[data-template-name="' + type + '"]');
    return t.length ? t.html() : '<div class="form-row">This node type has no properties to edit.</div>';
  }

  function isConfigField(d) {
    return d.type && RED.nodes.getType(d.type) && RED.nodes.getType(d.type).category === "config";
  }

  function fill(node, form, prefix) {
    for (const [k, d] of Object.entries(node._def.defaults)) {
      const input = form.find("#" + prefix + k);
      if (!input.length) continue;
      if (isConfigField(d)) { configSelect(node, k, d.type, input, prefix); continue; }
      if (input.attr("type") === "checkbox") input.prop("checked", node[k] === true || node[k] === "true");
      else if (node[k] === null || typeof node[k] !== "object") input.val(node[k] === undefined || node[k] === null ? "" : node[k]);
    }
    if (node._def.credentials) {
      for (const k of Object.keys(node._def.credentials)) {
        form.find("#" + prefix + k).val((node._credentials || {})[k] || "");
      }
    }
  }

  /** Reads the inputs back into the node; returns the outputs map when `outputs` held one. */
  function read(node, form, prefix) {
    let outputMap = null;
    for (const [k, d] of Object.entries(node._def.defaults)) {
      const input = form.find("#" + prefix + k);
      if (!input.length) continue;
      let v = input.attr("type") === "checkbox" ? input.prop("checked") : input.val();
      if (isConfigField(d) && v === "_ADD_") v = "";
      if (k === "outputs" && typeof v === "string") {
        if (v.trim() === "") continue;
        if (isNaN(v)) {
          outputMap = JSON.parse(v);
          let count = 0;
          for (const p of Object.keys(outputMap)) {
            if (isNaN(p)) { count++; delete outputMap[p]; } else if (String(outputMap[p]) !== "-1") count++;
          }
          v = count;
        } else {
          v = parseInt(v, 10);
        }
      }
      // as Node-RED: a value that is loosely equal to the old one keeps the old one (and its type)
      if (v !== null && v !== undefined && !(node[k] == v || JSON.stringify(node[k]) === JSON.stringify(v))) node[k] = v;
    }
    if (node._def.credentials) {
      node._credentials = {};
      for (const k of Object.keys(node._def.credentials)) node._credentials[k] = form.find("#" + prefix + k).val();
    }
    return outputMap;
  }

  function configSelect(node, field, type, input, prefix) {
    const select = $("<select></select>").attr("id", input.attr("id")).addClass("red-ui-config-select");
    input.replaceWith(select);
    const lookup = $('<button type="button" class="red-ui-button red-ui-config-edit" title="edit">&#9998;</button>')
      .attr("id", prefix + "lookup-" + field).insertAfter(select);
    function options(selected) {
      select.empty();
      RED.nodes.filterNodes({ type }).forEach(c => select.append($("<option>").val(c.id).text(RED.utils.getNodeLabel(c))));
      select.append($("<option>").val("_ADD_").text("Add new " + type + "..."));
      select.val(selected && RED.nodes.node(selected) ? selected : (select.find("option").first().val()));
    }
    options(node[field]);
    lookup.on("click", () => editConfig(type, select.val(), id => { options(id); select.trigger("change"); }));
  }

  function openTray(title, form, buttons, onClose) {
    const tray = $('<div class="red-ui-tray"></div>').attr("id", trays.length ? "red-ui-config-tray" : "red-ui-editor-tray")
      .css("z-index", 50 + trays.length).appendTo("#red-ui-workspace");
    const header = $('<div class="red-ui-tray-header"></div>').appendTo(tray);
    $('<span class="red-ui-tray-title"></span>').text(title).appendTo(header);
    const bar = $('<span class="red-ui-tray-buttons"></span>').appendTo(header);
    buttons.forEach(b => $('<button type="button" class="red-ui-button"></button>').attr("id", b.id).text(b.text)
      .toggleClass("primary", !!b.primary).toggleClass("leftButton", !!b.left)
      .on("click", e => { e.preventDefault(); b.click(); }).appendTo(bar));
    $('<div class="red-ui-tray-body"></div>').append(form).appendTo(tray);
    const entry = { tray, onClose };
    trays.push(entry);
    return () => { trays.splice(trays.indexOf(entry), 1); tray.remove(); if (onClose) onClose(); };
  }

  function edit(node) {
    if (trays.length) return;
    const def = node._def;
    const form = $('<form class="red-ui-form dialog-form" id="dialog-form" onsubmit="return false"></form>');
    const props = $('<div class="red-ui-tray-tab" id="red-ui-editor-properties"></div>').html(template(node.type)).appendTo(form);
    const desc = $('<div class="red-ui-tray-tab" id="red-ui-editor-description" style="display:none"><div class="form-row">' +
      '<label for="node-input-info-text">Description</label><textarea id="node-input-info-text" rows="10"></textarea></div></div>').appendTo(form);
    desc.find("textarea").val(node.info || "");
    const tabs = $('<ul class="red-ui-tray-tabs"><li class="active" data-tab="properties">Properties</li><li data-tab="description">Description</li></ul>').prependTo(form);
    tabs.on("click", "li", e => {
      tabs.children().removeClass("active");
      $(e.target).addClass("active");
      props.toggle(e.target.dataset.tab === "properties");
      desc.toggle(e.target.dataset.tab === "description");
    });
    const before = JSON.stringify(RED.nodes.convertNode(node));
    let close;
    const buttons = [
      { id: "node-dialog-delete", text: "Delete", left: true, click() { close(); RED.view.select([node]); RED.view.deleteSelection(); } },
      { id: "node-dialog-cancel", text: "Cancel", click() { if (def.oneditcancel) def.oneditcancel.call(node); close(); } },
      { id: "node-dialog-ok", text: "Done", primary: true, click() { if (save(node, form, before)) close(); } }
    ];
    close = openTray("Edit " + node.type + " node", form, buttons, () => RED.view.redraw());
    fill(node, props, "node-input-");
    try {
      if (def.oneditprepare) def.oneditprepare.call(node);
    } catch (e) {
      console.warn("oneditprepare of " + node.type + " failed: " + e.stack);
    }
    RED.sidebar.info.showHelp(node.type);
  }

  function save(node, form, before) {
    const snapshotTaken = RED.history.depth();
    RED.history.push();
    try {
      if (node._def.oneditsave) {
        const r = node._def.oneditsave.call(node);
        if (r === false) return false;
      }
    } catch (e) {
      RED.notify("Cannot save " + node.type + ": " + e.message, "error");
      return false;
    }
    const map = read(node, form, "node-input-");
    const info = form.find("#node-input-info-text").val();
    if (info || node.info) node.info = info;
    if (map) remapOutputs(node, map);
    RED.nodes.links().filter(l => l.source === node && l.sourcePort >= RED.nodes.outputCount(node)).forEach(RED.nodes.removeLink);
    const after = JSON.stringify(RED.nodes.convertNode(node));
    if (after !== before || map) {
      node.changed = true;
      RED.nodes.dirty(true);
    } else if (RED.history.depth() > snapshotTaken) {
      RED.history.undoDiscard();
    }
    RED.nodes.validateAll();
    return true;
  }

  function remapOutputs(node, map) {
    RED.nodes.links().filter(l => l.source === node).forEach(l => {
      const to = map[String(l.sourcePort)];
      if (to === undefined || String(to) === "-1") RED.nodes.removeLink(l);
      else l.sourcePort = Number(to);
    });
  }

  /** Edits (or, for "_ADD_"/empty, creates) a config node; done(id) gets the id to select. */
  function editConfig(type, id, done) {
    const def = RED.nodes.getType(type);
    const existing = id && id !== "_ADD_" ? RED.nodes.node(id) : null;
    const node = existing || RED.nodes.createNode(type);
    const form = $('<form class="red-ui-form dialog-form" id="node-config-dialog-form" onsubmit="return false"></form>').html(template(type));
    let close;
    const buttons = [];
    if (existing) {
      buttons.push({ id: "node-config-dialog-delete", text: "Delete", left: true, click() {
        RED.history.push();
        RED.nodes.users(node).forEach(u => {
          Object.entries(u._def.defaults).forEach(([k, d]) => { if (d.type === type && u[k] === node.id) u[k] = ""; });
          u.changed = true;
        });
        RED.nodes.remove(node.id);
        RED.nodes.dirty(true);
        RED.nodes.validateAll();
        close();
        done("");
      } });
    }
    buttons.push({ id: "node-config-dialog-cancel", text: "Cancel", click() { if (def.oneditcancel) def.oneditcancel.call(node); close(); } });
    buttons.push({ id: "node-config-dialog-ok", text: existing ? "Update" : "Add", primary: true, click() {
      RED.history.push();
      try {
        if (def.oneditsave) def.oneditsave.call(node);
      } catch (e) {
        RED.notify("Cannot save " + type + ": " + e.message, "error");
        return;
      }
      read(node, form, "node-config-input-");
      node.changed = true;
      if (!existing) RED.nodes.add(node);
      RED.nodes.users(node).forEach(u => { u.changed = true; });
      RED.nodes.dirty(true);
      RED.nodes.validateAll();
      close();
      done(node.id);
    } });
    close = openTray((existing ? "Edit " : "Add new ") + type + " config node", form, buttons);
    fill(node, form, "node-config-input-");
    try {
      if (def.oneditprepare) def.oneditprepare.call(node);
    } catch (e) {
      console.warn("oneditprepare of " + type + " failed: " + e.stack);
    }
  }

  return {
    edit, editConfig,
    isOpen: () => trays.length > 0,
    validateNode: n => RED.nodes.validate(n)
  };
})();

/*
 * The node picker of catch, status and complete (Node-RED's scope list): a select
 * #node-input-scope-select ("all" or "target") and checkboxes for the other nodes of the flow
 * in #node-input-scope-target-container. scopeValue() gives null for "all", else the ids.
 */
RED.editor.scopeTargets = function (node, allowAll) {
  const box = $("#node-input-scope-target-container").empty();
  const scope = Array.isArray(node.scope) ? node.scope : [];
  RED.nodes.filterNodes({ z: node.z }).filter(n => n.id !== node.id && n.type !== "comment").forEach(n => {
    const row = $('<label class="node-input-scope-target-row" style="display:block"></label>').appendTo(box);
    $('<input type="checkbox" class="node-input-scope-target" style="width:auto">').val(n.id).prop("checked", scope.includes(n.id)).appendTo(row);
    $("<span></span>").text(" " + RED.utils.getNodeLabel(n) + " (" + n.type + ")").appendTo(row);
  });
  const select = $("#node-input-scope-select");
  select.val(allowAll && !Array.isArray(node.scope) ? "all" : "target");
  select.on("change", function () {
    box.toggle($(this).val() === "target");
    $(".node-input-uncaught-row").toggle($(this).val() === "all");
  }).trigger("change");
};

RED.editor.scopeValue = function () {
  if ($("#node-input-scope-select").val() === "all") return null;
  return $(".node-input-scope-target:checked").map(function () { return this.value; }).get();
};

/*
 * The target list of link nodes: checkboxes (.node-input-link-target) for every node of the
 * given types on any flow, in #node-input-link-container. saveLinkTargets keeps both ends'
 * `links` in step, as Node-RED does (a link out lists its link ins and the reverse).
 */
RED.editor.linkTargets = function (node, types, single) {
  const box = $("#node-input-link-container").empty();
  const links = Array.isArray(node.links) ? node.links : [];
  RED.nodes.all().filter(n => types.includes(n.type) && n.id !== node.id).forEach(n => {
    const ws = RED.nodes.workspace(n.z);
    const row = $('<label class="node-input-link-target-row" style="display:block"></label>').appendTo(box);
    $('<input style="width:auto" class="node-input-link-target">').attr("type", single ? "radio" : "checkbox").attr("name", "node-input-link-target")
      .val(n.id).prop("checked", links.includes(n.id)).appendTo(row);
    $("<span></span>").text(" " + RED.utils.getNodeLabel(n) + (ws ? " (" + ws.label + ")" : "")).appendTo(row);
  });
  if (!box.children().length) box.text("No " + types.join(" / ") + " nodes yet.");
};

RED.editor.saveLinkTargets = function (node) {
  const chosen = $(".node-input-link-target:checked").map(function () { return this.value; }).get();
  const previous = Array.isArray(node.links) ? node.links : [];
  previous.filter(id => !chosen.includes(id)).forEach(id => {
    const other = RED.nodes.node(id);
    if (other && Array.isArray(other.links)) { other.links = other.links.filter(x => x !== node.id); other.changed = true; }
  });
  chosen.filter(id => !previous.includes(id)).forEach(id => {
    const other = RED.nodes.node(id);
    if (other && other.type !== "link call") { other.links = (other.links || []).concat(node.id); other.changed = true; }
  });
  node.links = chosen;
};
