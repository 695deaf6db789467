/*
 * RED.debug: the debug sidebar. Messages arrive on the comms topic `debug` in Node-RED's form
 * {id, z, name, topic, property, msg, format}; `msg` is encoded as Node-RED's runtime does
 * (JSON text for objects and arrays, hex for buffers, {__enc__:true, type, data, length} for
 * cut-down values). Each entry shows the time, the source node (click: reveal it), the topic
 * and property, and the value as an expandable tree. Filter: all nodes, selected nodes,
 * current flow. At most MAX_MESSAGES are kept; Clear empties the list.
 */
RED.debug = (function () {
  const MAX_MESSAGES = 1000;
  let messages = [];
  let filter = "all";

  function decode(d) {
    const f = String(d.format || "");
    let v = d.msg;
    if (typeof v !== "string") return v;
    if (/^(Object|object|array|error|Error)/.test(f)) { try { return JSON.parse(v); } catch (e) { return v; } }
    if (/^buffer/.test(f)) return { __enc__: true, type: "buffer", data: hexBytes(v), length: v.length / 2 };
    if (f === "number") return Number(v);
    if (f === "boolean") return v === "true";
    if (f === "null") return null;
    if (f === "undefined") return undefined;
    return v;
  }

  function hexBytes(hex) {
    const out = [];
    for (let i = 0; i + 1 < hex.length; i += 2) out.push(parseInt(hex.substr(i, 2), 16));
    return out;
  }

  function typeLabel(v) {
    if (v === null) return "null";
    if (Array.isArray(v)) return "array[" + v.length + "]";
    if (v && v.__enc__) return v.type + "[" + (v.length !== undefined ? v.length : (v.data || []).length) + "]";
    if (typeof v === "object") return "Object";
    return typeof v;
  }

  /** A value in one short line, as Node-RED's collapsed previews show it. */
  function short(v) {
    if (v === null || v === undefined) return String(v);
    if (typeof v === "string") return JSON.stringify(v.length > 40 ? v.substring(0, 40) + "..." : v);
    if (typeof v !== "object") return String(v);
    if (v.__enc__ || Array.isArray(v)) {
      const items = v.__enc__ ? (v.data || []) : v;
      return "[" + items.slice(0, 5).map(x => x !== null && typeof x === "object" ? typeLabel(x) : short(x)).join(", ") + (items.length > 5 ? ", ..." : "") + "]";
    }
    return typeLabel(v);
  }

  /** One value as a tree row: primitives inline, objects/arrays/buffers expand on click. */
  function tree(key, v) {
    const row = $('<div class="red-ui-debug-msg-element"></div>');
    if (key !== null) $('<span class="red-ui-debug-msg-object-key"></span>').text(key + ": ").appendTo(row);
    const complex = v !== null && typeof v === "object";
    if (!complex) {
      const cls = v === null || v === undefined ? "null" : typeof v;
      const text = typeof v === "string" ? '"' + v + '"' : String(v);
      $('<span></span>').addClass("red-ui-debug-msg-type-" + cls).text(text).appendTo(row);
      return row;
    }
    const entries = v.__enc__ ? (v.data || []).map((x, i) => [i, x]) : Object.entries(v);
    const header = $('<span class="red-ui-debug-msg-object-header"></span>').appendTo(row);
    $('<span class="red-ui-debug-msg-expand">&#9656;</span>').appendTo(header);
    const preview = Array.isArray(v) || v.__enc__ ? typeLabel(v) + " " + short(v)
      : "{" + entries.slice(0, 5).map(([k, x]) => k + ": " + short(x)).join(", ") + (entries.length > 5 ? ", ..." : "") + "}";
    $('<span class="red-ui-debug-msg-preview"></span>').text(preview).appendTo(header);
    const children = $('<div class="red-ui-debug-msg-children"></div>').hide().appendTo(row);
    header.on("click", () => {
      if (!children.data("filled")) { entries.forEach(([k, x]) => children.append(tree(k, x))); children.data("filled", true); }
      children.toggle();
      row.toggleClass("expanded", children.is(":visible"));
    });
    return row;
  }

  function visible(m) {
    const node = RED.nodes.node(m.id);
    if (node && node.active === false) return false;
    if (filter === "flow") return m.z === RED.workspaces.active();
    if (filter === "selected") return RED.view.selection().some(n => n.id === m.id);
    return true;
  }

  function render(m) {
    const node = RED.nodes.node(m.id);
    const el = $('<div class="red-ui-debug-msg"></div>').attr("data-source", m.id || "");
    const meta = $('<div class="red-ui-debug-msg-meta"></div>').appendTo(el);
    $('<span class="red-ui-debug-msg-date"></span>').text(m.time.toLocaleDateString() + ", " + m.time.toLocaleTimeString()).appendTo(meta);
    $('<a href="#" class="red-ui-debug-msg-name"></a>').text(node ? RED.utils.getNodeLabel(node) : (m.name || m.id || "runtime"))
      .on("click", e => { e.preventDefault(); if (m.id) RED.view.reveal(m.id); }).appendTo(meta);
    const topic = $('<div class="red-ui-debug-msg-topic"></div>').appendTo(el);
    if (m.topic !== undefined && m.topic !== "") $('<span class="red-ui-debug-msg-topic-value"></span>').text(m.topic).appendTo(topic);
    $('<span class="red-ui-debug-msg-property"></span>').text(" msg" + (m.property ? "." + m.property : "") + " : " + (m.format || typeLabel(m.value))).appendTo(topic);
    $('<div class="red-ui-debug-msg-payload"></div>').append(tree(null, m.value)).appendTo(el);
    el.toggle(visible(m));
    return el;
  }

  function add(topic, d) {
    if (!d) return;
    const m = Object.assign({}, d, { time: new Date(), value: decode(d) });
    messages.push(m);
    const list = $("#red-ui-debug-messages");
    const atBottom = list[0].scrollHeight - list.scrollTop() - list.outerHeight() < 30;
    m.el = render(m).appendTo(list);
    if (messages.length > MAX_MESSAGES) messages.shift().el.remove();
    if (atBottom) list.scrollTop(list[0].scrollHeight);
    $("#red-ui-sidebar-tabs li[data-tab=debug]").toggleClass("red-ui-tab-news", RED.sidebar.active() !== "debug");
  }

  function refilter() { messages.forEach(m => m.el.toggle(visible(m))); }

  return {
    init() {
      RED.comms.subscribe("debug", add);
      $("#red-ui-debug-filter").on("change", e => { filter = e.target.value; refilter(); });
      $("#red-ui-debug-clear").on("click", e => { e.preventDefault(); messages = []; $("#red-ui-debug-messages").empty(); });
      RED.events.on("workspace:change", refilter);
      RED.events.on("view:selection-changed", () => { if (filter === "selected") refilter(); });
      RED.events.on("sidebar:show", tab => { if (tab === "debug") $("#red-ui-sidebar-tabs li[data-tab=debug]").removeClass("red-ui-tab-news"); });
    },
    messages: () => messages.slice(),
    decode
  };
})();
