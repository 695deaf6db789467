/*
 * RED.view: the workspace of the active tab, drawn in SVG. Habits kept from Node-RED:
 *  - click selects, shift/ctrl-click adds, dragging the background draws a selection box;
 *  - dragging a node moves the whole selection (snapped to the 20px grid on release);
 *  - dragging from an output port to a node's input (or the reverse) draws a wire;
 *  - a click on a wire selects it; Delete removes the selected nodes or wire;
 *  - double-click opens the edit tray; Ctrl+wheel or the footer buttons zoom; middle-drag or
 *    alt-drag pans (the chart is also a scrollable area);
 *  - a blue dot marks changed nodes, a red triangle invalid ones; status is drawn under a node;
 *  - the virtual wires of a selected link node are drawn dashed (to link nodes on the same tab).
 * Every change to the model goes through RED.history.push() first.
 */
RED.view = (function () {
  const GRID = 20;
  const SIZE = 5000;
  let scale = 1;
  let selection = new Set();
  let selectedLink = null;
  let svg, root, wireLayer, nodeLayer, dragLine, lasso, chart;
  let mouse = null;          // the current gesture: {mode, ...}
  let lastDown = null;       // {node, time} of the last mousedown on a node
  const DOUBLE_CLICK_MS = 400;

  function init() {
    chart = document.getElementById("red-ui-workspace-chart");
    svg = RED.wires.el("svg", { id: "red-ui-workspace-svg" }, chart);
    root = RED.wires.el("g", { id: "red-ui-workspace-root" }, svg);
    RED.wires.el("rect", { class: "red-ui-workspace-chart-background", x: 0, y: 0, width: SIZE, height: SIZE }, root);
    wireLayer = RED.wires.el("g", { class: "red-ui-workspace-wires" }, root);
    nodeLayer = RED.wires.el("g", { class: "red-ui-workspace-nodes" }, root);
    dragLine = RED.wires.el("path", { class: "red-ui-flow-link-line red-ui-flow-drag-line", d: "" }, root);
    lasso = RED.wires.el("rect", { class: "red-ui-flow-lasso", width: 0, height: 0 }, root);
    lasso.style.display = "none";
    applyZoom();
    svg.addEventListener("mousedown", onMouseDown);
    document.addEventListener("mousemove", onMouseMove);
    document.addEventListener("mouseup", onMouseUp);
    chart.addEventListener("wheel", e => {
      if (!e.ctrlKey) return;
      e.preventDefault();
      zoom(e.deltaY < 0 ? 1.1 : 1 / 1.1);
    }, { passive: false });
  }

  function toWorkspace(e) {
    const r = svg.getBoundingClientRect();
    return { x: (e.clientX - r.left) / scale, y: (e.clientY - r.top) / scale };
  }

  function isOverChart(e) {
    const r = chart.getBoundingClientRect();
    return e.clientX >= r.left && e.clientX <= r.right && e.clientY >= r.top && e.clientY <= r.bottom;
  }

  function applyZoom() {
    svg.setAttribute("width", SIZE * scale);
    svg.setAttribute("height", SIZE * scale);
    root.setAttribute("transform", "scale(" + scale + ")");
    $("#red-ui-view-zoom-level").text(Math.round(scale * 100) + "%");
  }

  function zoom(factor) {
    scale = factor === 0 ? 1 : Math.min(2, Math.max(0.3, scale * factor));
    applyZoom();
  }

  function activeNodes() {
    const z = RED.workspaces.active();
    return RED.nodes.all().filter(n => n.z === z && !RED.nodes.isConfig(n));
  }

  function redraw() {
    if (!svg) return;
    while (nodeLayer.firstChild) nodeLayer.firstChild.remove();
    while (wireLayer.firstChild) wireLayer.firstChild.remove();
    const shown = activeNodes();
    shown.forEach(n => { RED.wires.size(n); drawNode(n); });
    const visible = new Set(shown);
    RED.nodes.links().forEach((l, i) => {
      if (visible.has(l.source) && visible.has(l.target)) RED.wires.drawLink(l, wireLayer, l === selectedLink, i);
    });
    drawLinkNodeWires(visible);
    RED.events.emit("view:redraw");
  }

  /** Node-RED shows the virtual wires of link nodes (dashed) while one of their ends is selected. */
  function drawLinkNodeWires(visible) {
    selection.forEach(n => {
      if (!/^link (in|out|call)$/.test(n.type) || !Array.isArray(n.links)) return;
      n.links.map(id => RED.nodes.node(id)).filter(o => o && visible.has(o)).forEach(o => {
        const [out, into] = n.type === "link in" ? [o, n] : [n, o];
        RED.wires.el("path", { class: "red-ui-flow-link-line red-ui-flow-link-link",
          d: RED.wires.path(out.x + out.w / 2, out.y, into.x - into.w / 2, into.y) }, wireLayer);
      });
    });
  }

  function drawNode(n) {
    const el = RED.wires.el;
    const def = n._def;
    const g = el("g", { class: "red-ui-flow-node-group" + (selection.has(n) ? " selected" : "") + (n.d ? " disabled" : "") +
      (def.unknown ? " red-ui-flow-node-unknown" : ""), id: n.id, "data-type": n.type,
      transform: "translate(" + (n.x - n.w / 2) + "," + (n.y - n.h / 2) + ")" }, nodeLayer);
    if (n.type === "junction") {
      el("rect", { class: "red-ui-flow-node red-ui-flow-junction", width: n.w, height: n.h, rx: 5 }, g);
      RED.wires.drawPorts(n, g);
      return;
    }
    if (def.button) drawButton(n, g);
    const color = typeof def.color === "function" ? def.color.call(n) : (def.color || "#ddd");
    el("rect", { class: "red-ui-flow-node", width: n.w, height: n.h, rx: 5, fill: color }, g);
    const right = def.align === "right";
    el("rect", { class: "red-ui-flow-node-icon-shade", x: right ? n.w - 30 : 0, width: 30, height: n.h, rx: 5 }, g);
    el("image", { href: RED.utils.iconUrl(def, n), x: right ? n.w - 25 : 5, y: n.h / 2 - 12, width: 20, height: 24 }, g);
    const text = el("text", { class: "red-ui-flow-node-label", x: right ? n.w - 38 : 38, y: n.h / 2 + 5,
      "text-anchor": right ? "end" : "start" }, g);
    text.textContent = RED.utils.getNodeLabel(n);
    RED.wires.drawPorts(n, g);
    let badgeX = n.w - 8;
    if (n.changed) { el("circle", { class: "red-ui-flow-node-changed", cx: badgeX, cy: 0, r: 4 }, g); badgeX -= 12; }
    if (!n.valid) {
      const t = el("path", { class: "red-ui-flow-node-error", d: "M " + (badgeX - 5) + " 5 L " + badgeX + " -5 L " + (badgeX + 5) + " 5 Z" }, g);
      el("title", {}, t).textContent = (n.validationErrors || []).join("\n");
    }
    if (n.status && (n.status.text || n.status.fill)) {
      const s = el("g", { class: "red-ui-flow-node-status-group", transform: "translate(3," + (n.h + 3) + ")" }, g);
      if (n.status.fill) {
        const shape = n.status.shape === "ring" ? "ring" : "dot";
        el("rect", { class: "red-ui-flow-node-status red-ui-flow-node-status-" + shape + "-" + n.status.fill, x: 0, y: 1, width: 9, height: 9, rx: 2 }, s);
      }
      const st = el("text", { class: "red-ui-flow-node-status-label", x: n.status.fill ? 14 : 0, y: 10 }, s);
      st.textContent = n.status.text || "";
    }
  }

  function drawButton(n, g) {
    const def = n._def;
    const right = def.align === "right";
    const enabled = !def.button.enabled || def.button.enabled.call(n);
    const active = !def.button.toggle || n[def.button.toggle];
    const b = RED.wires.el("g", { class: "red-ui-flow-node-button" + (enabled ? "" : " disabled") + (active ? "" : " inactive"),
      "data-button": "1", transform: "translate(" + (right ? n.w - 7 : -25) + ",2)" }, g);
    RED.wires.el("rect", { class: "red-ui-flow-node-button-background", width: 32, height: n.h - 4, rx: 5 }, b);
    RED.wires.el("rect", { class: "red-ui-flow-node-button-button", x: right ? 11 : 5, y: 4, width: 16, height: n.h - 12, rx: 4,
      fill: typeof def.color === "function" ? def.color.call(n) : def.color }, b);
  }

  function nodeOf(target) {
    const g = target.closest && target.closest(".red-ui-flow-node-group");
    return g ? RED.nodes.node(g.id) : null;
  }

  function onMouseDown(e) {
    if (e.button === 1 || (e.button === 0 && e.altKey)) {
      e.preventDefault();
      mouse = { mode: "pan", x: e.clientX, y: e.clientY, left: chart.scrollLeft, top: chart.scrollTop };
      return;
    }
    if (e.button !== 0) return;
    const p = toWorkspace(e);
    const node = nodeOf(e.target);
    const linkEl = e.target.closest && e.target.closest(".red-ui-flow-link");
    if (node && e.target.closest("[data-button]")) {
      e.preventDefault();
      const def = node._def;
      if (!def.button.enabled || def.button.enabled.call(node)) {
        // as in Node-RED, a toggle flips the runtime state at once; it is not an edit to deploy
        if (def.button.toggle) node[def.button.toggle] = !node[def.button.toggle];
        def.button.onclick.call(node);
        redraw();
      }
      return;
    }
    if (node && e.target.dataset.port) {
      e.preventDefault();
      mouse = { mode: "wire", node, port: e.target.dataset.port === "out" ? Number(e.target.dataset.index) : -1, start: p };
      return;
    }
    if (node) {
      e.preventDefault();
      // a redraw replaces the node's elements, so the browser's dblclick never fires: detect it here
      const now = Date.now();
      if (lastDown && lastDown.node === node && now - lastDown.time < DOUBLE_CLICK_MS) {
        lastDown = null;
        RED.editor.edit(node);
        return;
      }
      lastDown = { node, time: now };
      selectedLink = null;
      if (e.shiftKey || e.ctrlKey || e.metaKey) {
        if (selection.has(node)) selection.delete(node); else selection.add(node);
      } else if (!selection.has(node)) {
        selection = new Set([node]);
      }
      mouse = { mode: "move", start: p, moved: false, origin: [...selection].map(n => ({ n, x: n.x, y: n.y })) };
      selectionChanged();
      return;
    }
    if (linkEl) {
      selection.clear();
      selectedLink = RED.nodes.links()[Number(linkEl.dataset.link)] || null;
      selectionChanged();
      return;
    }
    e.preventDefault();
    if (!e.shiftKey) { selection.clear(); selectedLink = null; }
    mouse = { mode: "lasso", start: p };
    selectionChanged();
  }

  function onMouseMove(e) {
    if (!mouse) return;
    if (mouse.mode === "pan") {
      chart.scrollLeft = mouse.left - (e.clientX - mouse.x);
      chart.scrollTop = mouse.top - (e.clientY - mouse.y);
      return;
    }
    const p = toWorkspace(e);
    if (mouse.mode === "move") {
      const dx = p.x - mouse.start.x, dy = p.y - mouse.start.y;
      if (!mouse.moved && Math.abs(dx) + Math.abs(dy) < 3) return;
      if (!mouse.moved) { RED.history.push(); mouse.moved = true; }
      mouse.origin.forEach(o => { o.n.x = Math.max(o.n.w / 2, o.x + dx); o.n.y = Math.max(o.n.h / 2, o.y + dy); });
      redraw();
    } else if (mouse.mode === "wire") {
      const n = mouse.node;
      const from = mouse.port >= 0
        ? { x: n.x + n.w / 2, y: n.y - n.h / 2 + RED.wires.outputPortY(n, mouse.port) }
        : { x: n.x - n.w / 2, y: n.y };
      dragLine.setAttribute("d", mouse.port >= 0 ? RED.wires.path(from.x, from.y, p.x, p.y) : RED.wires.path(p.x, p.y, from.x, from.y));
    } else if (mouse.mode === "lasso") {
      lasso.style.display = "";
      lasso.setAttribute("x", Math.min(p.x, mouse.start.x));
      lasso.setAttribute("y", Math.min(p.y, mouse.start.y));
      lasso.setAttribute("width", Math.abs(p.x - mouse.start.x));
      lasso.setAttribute("height", Math.abs(p.y - mouse.start.y));
    }
  }

  function onMouseUp(e) {
    if (!mouse) return;
    const m = mouse;
    mouse = null;
    if (m.mode === "move" && m.moved) {
      m.origin.forEach(o => {
        o.n.x = Math.round(o.n.x / GRID) * GRID; o.n.y = Math.round(o.n.y / GRID) * GRID; o.n.moved = true;
      });
      RED.nodes.dirty(true);
      redraw();
    } else if (m.mode === "wire") {
      dragLine.setAttribute("d", "");
      const target = nodeOf(e.target);
      if (target && target !== m.node) connect(m.node, m.port, target, e.target.dataset.port === "out" ? Number(e.target.dataset.index) : -1);
    } else if (m.mode === "lasso") {
      lasso.style.display = "none";
      const p = toWorkspace(e);
      const x1 = Math.min(p.x, m.start.x), x2 = Math.max(p.x, m.start.x), y1 = Math.min(p.y, m.start.y), y2 = Math.max(p.y, m.start.y);
      if (x2 - x1 > 2 || y2 - y1 > 2) {
        activeNodes().forEach(n => { if (n.x >= x1 && n.x <= x2 && n.y >= y1 && n.y <= y2) selection.add(n); });
      }
      selectionChanged();
    }
  }

  /** Wires an output port to an input, whichever end the user started from. */
  function connect(a, aPort, b, bPort) {
    let source = a, port = aPort, target = b;
    if (aPort < 0) { source = b; port = bPort >= 0 ? bPort : 0; target = a; }
    if (port >= RED.nodes.outputCount(source) || RED.nodes.inputCount(target) === 0) return;
    RED.history.push();
    RED.nodes.addLink({ source, sourcePort: port, target });
    source.changed = true;
    RED.nodes.dirty(true);
    redraw();
  }

  function selectionChanged() {
    redraw();
    RED.events.emit("view:selection-changed", { nodes: [...selection], link: selectedLink });
  }

  function deleteSelection() {
    if (!selection.size && !selectedLink) return;
    RED.history.push();
    if (selectedLink) {
      selectedLink.source.changed = true;
      RED.nodes.removeLink(selectedLink);
      selectedLink = null;
    }
    selection.forEach(n => {
      RED.nodes.links().filter(l => l.target === n).forEach(l => { l.source.changed = true; });
      RED.nodes.remove(n.id);
    });
    selection.clear();
    RED.nodes.dirty(true);
    selectionChanged();
  }

  /** Centres the chart on the node and selects it (used by search, debug and info links). */
  function reveal(id) {
    const n = RED.nodes.node(id);
    if (!n || RED.nodes.isConfig(n)) return;
    if (n.z !== RED.workspaces.active()) RED.workspaces.show(n.z);
    selection = new Set([n]);
    selectedLink = null;
    chart.scrollLeft = n.x * scale - chart.clientWidth / 2;
    chart.scrollTop = n.y * scale - chart.clientHeight / 2;
    selectionChanged();
  }

  /** Where a drop at client coordinates lands in the workspace, or null when outside the chart. */
  function dropPoint(e) {
    if (!isOverChart(e)) return null;
    const p = toWorkspace(e);
    return { x: Math.round(p.x / GRID) * GRID, y: Math.round(p.y / GRID) * GRID };
  }

  function visibleOrigin() {
    return { x: chart.scrollLeft / scale, y: chart.scrollTop / scale };
  }

  return {
    init, redraw, reveal, deleteSelection, dropPoint, visibleOrigin, zoom,
    select(nodes) { selection = new Set(nodes); selectedLink = null; selectionChanged(); },
    selection: () => [...selection],
    selectedLink: () => selectedLink,
    selectAll() { selection = new Set(activeNodes()); selectionChanged(); },
    scale: () => scale
  };
})();
