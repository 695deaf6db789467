/*
 * RED.palette: the node types on the left, grouped by category (common, function, network,
 * then any other, as in Node-RED; config and hidden types are not shown), with a filter box.
 * A palette node is dragged with the mouse onto the workspace; dropping it outside the chart
 * does nothing. The new node gets its type's defaults and is selected.
 */
RED.palette = (function () {
  const ORDER = ["common", "function", "network", "sequence", "parser", "storage"];
  const HIDDEN = ["config", "unknown", "hidden", ""];

  function render() {
    const box = $("#red-ui-palette-container").empty();
    const byCategory = {};
    RED.nodes.types().forEach(t => {
      const def = RED.nodes.getType(t);
      if (HIDDEN.includes(def.category || "")) return;
      (byCategory[def.category] = byCategory[def.category] || []).push(t);
    });
    const cats = Object.keys(byCategory).sort((a, b) => {
      const ia = ORDER.indexOf(a), ib = ORDER.indexOf(b);
      return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
    });
    cats.forEach(cat => {
      const section = $('<div class="red-ui-palette-category"></div>').attr("data-category", cat).appendTo(box);
      $('<div class="red-ui-palette-header"></div>').text(cat).appendTo(section)
        .on("click", () => section.toggleClass("collapsed"));
      const content = $('<div class="red-ui-palette-content"></div>').appendTo(section);
      byCategory[cat].forEach(t => content.append(paletteNode(t)));
    });
    filter($("#red-ui-palette-search input").val() || "");
  }

  function paletteNode(type) {
    const def = RED.nodes.getType(type);
    const label = RED.utils.getPaletteLabel(type, def);
    const el = $('<div class="red-ui-palette-node"></div>').attr("data-palette-type", type)
      .css("background-color", typeof def.color === "function" ? "#ddd" : def.color)
      .toggleClass("red-ui-palette-node-right", def.align === "right");
    $('<div class="red-ui-palette-icon-container"></div>')
      .append($('<img class="red-ui-palette-icon" alt="">').attr("src", RED.utils.iconUrl(def)))
      .appendTo(el);
    $('<div class="red-ui-palette-label"></div>').text(label).appendTo(el);
    if (def.inputs > 0) $('<div class="red-ui-palette-port red-ui-palette-port-input"></div>').appendTo(el);
    if (def.outputs > 0) $('<div class="red-ui-palette-port red-ui-palette-port-output"></div>').appendTo(el);
    el.on("mousedown", e => startDrag(e, type, el));
    el.on("click", () => RED.sidebar.info.showHelp(type));
    return el;
  }

  function startDrag(e, type, source) {
    if (e.button !== 0) return;
    e.preventDefault();
    const helper = source.clone().addClass("red-ui-palette-helper").appendTo("body")
      .css({ position: "fixed", left: e.clientX - 60, top: e.clientY - 13, pointerEvents: "none" });
    const move = ev => helper.css({ left: ev.clientX - 60, top: ev.clientY - 13 });
    const up = ev => {
      document.removeEventListener("mousemove", move);
      document.removeEventListener("mouseup", up);
      helper.remove();
      const p = RED.view.dropPoint(ev);
      if (p) addNode(type, p.x, p.y);
    };
    document.addEventListener("mousemove", move);
    document.addEventListener("mouseup", up);
  }

  function addNode(type, x, y) {
    RED.history.push();
    const node = RED.nodes.createNode(type, x, y, RED.workspaces.active());
    RED.nodes.add(node);
    RED.nodes.dirty(true);
    RED.view.select([node]);
    return node;
  }

  function filter(text) {
    const f = text.trim().toLowerCase();
    $(".red-ui-palette-node").each((i, el) => {
      const t = $(el).attr("data-palette-type");
      const label = $(el).text().toLowerCase();
      $(el).toggle(!f || t.toLowerCase().includes(f) || label.includes(f));
    });
    $(".red-ui-palette-category").each((i, el) => {
      $(el).toggle($(el).find(".red-ui-palette-node").filter((j, n) => n.style.display !== "none").length > 0);
    });
  }

  return {
    init() {
      $("#red-ui-palette-search input").on("input", e => filter(e.target.value));
      RED.events.on("registry:node-type-added", () => { if (RED.palette.ready) render(); });
    },
    render() { RED.palette.ready = true; render(); },
    addNode,
    filter
  };
})();
