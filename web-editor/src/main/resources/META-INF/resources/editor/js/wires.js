/*
 * RED.wires: geometry and drawing of nodes' ports and the wires between them. Node-RED's
 * layout: a node's x/y is its centre; it is at least 100 wide (label + icon, snapped to 20)
 * and max(30, outputs x 15) high; the input port sits mid-left, output ports are spread down the
 * right edge 13px apart; a wire is a cubic Bezier from an output port to an input port.
 */
RED.wires = (function () {
  const SVG = "http://www.w3.org/2000/svg";
  const NODE_HEIGHT = 30;
  const PORT = 10;
  let measure;

  function el(name, attrs, parent) {
    const e = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (parent) parent.appendChild(e);
    return e;
  }

  function textWidth(text) {
    if (!measure) measure = document.createElement("canvas").getContext("2d");
    measure.font = "14px Helvetica, Arial, sans-serif";
    return measure.measureText(text).width;
  }

  /** Sets node.w and node.h from its label and ports. */
  function size(node) {
    if (node.type === "junction") { node.w = 10; node.h = 10; return; }
    const label = RED.utils.getNodeLabel(node);
    node.w = Math.max(100, Math.ceil((textWidth(label) + 50) / 20) * 20);
    node.h = Math.max(NODE_HEIGHT, RED.nodes.outputCount(node) * 15);
  }

  /** Output port i's centre, relative to the node's top-left corner. */
  function outputPortY(node, i) {
    const n = RED.nodes.outputCount(node);
    return node.h / 2 - ((n - 1) / 2) * 13 + 13 * i;
  }

  function path(sx, sy, tx, ty) {
    const d = Math.max(40, Math.abs(tx - sx) / 2, Math.abs(ty - sy) > 0 && tx < sx ? 80 : 0);
    return "M " + sx + " " + sy + " C " + (sx + d) + " " + sy + " " + (tx - d) + " " + ty + " " + tx + " " + ty;
  }

  function linkPath(l) {
    const s = l.source, t = l.target;
    return path(s.x + s.w / 2, s.y - s.h / 2 + outputPortY(s, l.sourcePort), t.x - t.w / 2, t.y);
  }

  /** Draws one wire; clicking its wide transparent twin selects it. */
  function drawLink(l, layer, selected, index) {
    const g = el("g", { class: "red-ui-flow-link" + (selected ? " selected" : ""), "data-link": index }, layer);
    const d = linkPath(l);
    el("path", { class: "red-ui-flow-link-background", d }, g);
    el("path", { class: "red-ui-flow-link-line", d }, g);
    return g;
  }

  function drawPorts(node, g) {
    if (RED.nodes.inputCount(node) > 0) {
      el("rect", { class: "red-ui-flow-port red-ui-flow-port-input", "data-port": "in", x: -PORT / 2, y: node.h / 2 - PORT / 2,
        rx: 3, width: PORT, height: PORT }, g);
    }
    for (let i = 0; i < RED.nodes.outputCount(node); i++) {
      el("rect", { class: "red-ui-flow-port red-ui-flow-port-output", "data-port": "out", "data-index": i,
        x: node.w - PORT / 2, y: outputPortY(node, i) - PORT / 2, rx: 3, width: PORT, height: PORT }, g);
    }
  }

  return { el, size, path, linkPath, drawLink, drawPorts, outputPortY, textWidth };
})();
