/*
 * RED.nodes: the registry of node types (filled by the editor files from GET /nodes) and the
 * editor's model of the flows: tabs, nodes, config nodes, links. Rules, as in Node-RED:
 *  - a node's fields are its type's `defaults`; fields the type does not know (and whole nodes
 *    of unknown types, groups, subflows) are kept untouched so an export gives back the import;
 *  - export order: tabs, then groups/subflows, then config nodes, then flow nodes;
 *    keys: id, type, z, d, g, the defaults in order, other kept fields, x, y, wires;
 *  - a node is invalid when a required field is empty, a config reference points nowhere,
 *    or a field's validate function says no; unknown types are always invalid.
 */
RED.nodes = (function () {
  const types = {};
  const typeOrder = [];
  let nodes = new Map();         // id -> node (flow nodes and config nodes)
  let links = [];                // {source, sourcePort, target}
  let workspaces = [];           // tab objects, in tab order
  let extras = [];               // groups, subflow definitions: kept as JSON
  let dirty = false;
  const STRUCTURAL = ["id", "type", "z", "x", "y", "wires", "d", "g"];

  function unknownDef(type) {
    return { category: "unknown", color: "#fdd", defaults: {}, inputs: 1, outputs: 0, unknown: true,
      icon: "alert.svg", label() { return type; } };
  }

  function registerType(type, def) {
    def.type = type;
    def.defaults = def.defaults || {};
    def.inputs = def.inputs || 0;
    def.outputs = def.outputs || 0;
    if (!types[type]) typeOrder.push(type);
    types[type] = def;
    RED.events.emit("registry:node-type-added", type);
  }

  function isConfigDef(def) { return def && def.category === "config"; }
  function isConfig(node) { return isConfigDef(node._def); }

  function outputCount(node) {
    if (node._def.unknown) return Math.max(0, (node._wires || []).length);
    if (node._def.defaults.outputs !== undefined && node.outputs !== undefined) return Number(node.outputs) || 0;
    return node._def.outputs || 0;
  }

  function inputCount(node) {
    if (node._def.defaults.inputs !== undefined && node.inputs !== undefined) return Number(node.inputs) || 0;
    return node._def.inputs || 0;
  }

  function defaultName(type) {
    let n = 1;
    const used = new Set([...nodes.values()].filter(x => x.type === type).map(x => x.name));
    while (used.has(type + " " + n)) n++;
    return type + " " + n;
  }

  /** A new node of a registered type, with its defaults, not yet added. */
  function createNode(type, x, y, z) {
    const def = types[type];
    const node = { id: RED.utils.generateId(), type, _def: def, _extra: {}, changed: true };
    if (!isConfigDef(def)) Object.assign(node, { x, y, z });
    for (const [k, d] of Object.entries(def.defaults)) {
      node[k] = RED.utils.cloneValue(d.value);
      if (k === "name" && node[k] === "_DEFAULT_") node[k] = defaultName(type);
      if (d.type && types[d.type] && isConfigDef(types[d.type]) && !node[k]) {
        const preferred = RED.nodes.defaultConfigNode ? RED.nodes.defaultConfigNode(d.type) : "";
        const existing = [...nodes.values()].find(c => c.type === d.type);
        node[k] = preferred || (existing ? existing.id : "");
      }
    }
    if (def.onadd) {
      try { def.onadd.call(node); } catch (e) { console.warn(type + " onadd: " + e.message); }
    }
    return node;
  }

  function add(node) {
    nodes.set(node.id, node);
    validate(node);
    return node;
  }

  function remove(id) {
    const node = nodes.get(id);
    if (!node) return { links: [] };
    nodes.delete(id);
    const removed = links.filter(l => l.source === node || l.target === node);
    links = links.filter(l => l.source !== node && l.target !== node);
    dirty = true;
    return { node, links: removed };
  }

  function addLink(l) {
    if (!links.some(x => x.source === l.source && x.target === l.target && x.sourcePort === l.sourcePort)) links.push(l);
  }

  function removeLink(l) { links = links.filter(x => x !== l); }

  function filterNodes(f) {
    return [...nodes.values()].filter(n => (f.type === undefined || n.type === f.type) && (f.z === undefined || n.z === f.z));
  }

  function filterLinks(f) {
    return links.filter(l => (f.source === undefined || l.source === f.source) &&
      (f.target === undefined || l.target === f.target) && (f.sourcePort === undefined || l.sourcePort === f.sourcePort));
  }

  /** Runs the type's checks; sets node.valid and node.validationErrors. */
  function validate(node) {
    const errors = [];
    if (node._def.unknown) {
      errors.push("unknown node type '" + node.type + "'");
    } else {
      for (const [k, d] of Object.entries(node._def.defaults)) {
        const v = node[k];
        const label = d.label || k;
        if (d.type && types[d.type] && isConfigDef(types[d.type])) {
          const ref = v ? nodes.get(v) : null;
          if (d.required && !v) errors.push(label + ": no " + d.type + " configured");
          else if (v && !ref) errors.push(label + ": " + d.type + " " + v + " not found");
          else if (ref && ref.valid === false) errors.push(label + ": " + d.type + " is invalid");
          continue;
        }
        if (d.required && (v === "" || v === undefined || v === null)) { errors.push(label + " is required"); continue; }
        if (typeof d.validate === "function") {
          let r;
          try { r = d.validate.call(node, v, { label }); } catch (e) { r = e.message; }
          if (r === false) errors.push(label + " is invalid");
          else if (typeof r === "string") errors.push(r);
          else if (Array.isArray(r)) errors.push(...r);
        }
      }
    }
    node.validationErrors = errors;
    node.valid = errors.length === 0;
    return node.valid;
  }

  function validateAll() { nodes.forEach(n => { if (isConfig(n)) validate(n); }); nodes.forEach(n => { if (!isConfig(n)) validate(n); }); }

  /** The JSON of one node, as Node-RED exports it. */
  function convertNode(node) {
    const o = { id: node.id, type: node.type };
    if (node.z) o.z = node.z;
    if (node.d) o.d = true;
    if (node.g) o.g = node.g;
    for (const k of Object.keys(node._def.defaults)) {
      if (node[k] !== undefined) o[k] = RED.utils.cloneValue(node[k]);
    }
    for (const [k, v] of Object.entries(node._extra || {})) if (!(k in o)) o[k] = RED.utils.cloneValue(v);
    if (node.info && !("info" in o)) o.info = node.info;
    if (!isConfig(node)) {
      o.x = Math.round(node.x);
      o.y = Math.round(node.y);
      const wires = [];
      for (let i = 0; i < outputCount(node); i++) wires.push([]);
      for (const l of links) if (l.source === node) (wires[l.sourcePort] = wires[l.sourcePort] || []).push(l.target.id);
      for (let i = 0; i < wires.length; i++) wires[i] = wires[i] || [];
      o.wires = wires;
    }
    return o;
  }

  function convertTab(ws) {
    return Object.assign({ id: ws.id, type: "tab", label: ws.label, disabled: !!ws.disabled, info: ws.info || "", env: ws.env || [] }, ws._extra || {});
  }

  /** The given nodes plus the config nodes they use, as a flat array. */
  function createExportableNodeSet(set, includeTabs) {
    const out = [];
    const seen = new Set();
    if (includeTabs) includeTabs.forEach(ws => { out.push(convertTab(ws)); seen.add(ws.id); });
    const configs = [];
    for (const n of set) {
      for (const [k, d] of Object.entries(n._def.defaults)) {
        const c = d.type && n[k] ? nodes.get(n[k]) : null;
        if (c && isConfig(c) && !seen.has(c.id) && !set.includes(c)) { seen.add(c.id); configs.push(convertNode(c)); }
      }
    }
    out.push(...configs);
    set.forEach(n => { if (!seen.has(n.id)) { seen.add(n.id); out.push(convertNode(n)); } });
    return out;
  }

  function createCompleteNodeSet() {
    const out = workspaces.map(convertTab);
    out.push(...extras.map(e => RED.utils.cloneValue(e)));
    nodes.forEach(n => { if (isConfig(n)) out.push(convertNode(n)); });
    nodes.forEach(n => { if (!isConfig(n)) out.push(convertNode(n)); });
    return out;
  }

  /** Builds the editor's node object from one JSON node (no links yet). */
  function nodeFromJson(j) {
    const def = types[j.type] || unknownDef(j.type);
    const node = { id: j.id, type: j.type, _def: def, _extra: {}, z: j.z, changed: false };
    if (j.d) node.d = true;
    if (j.g) node.g = j.g;
    if (!isConfigDef(def)) { node.x = Number(j.x) || 0; node.y = Number(j.y) || 0; }
    for (const [k, d] of Object.entries(def.defaults)) {
      node[k] = j.hasOwnProperty(k) ? RED.utils.cloneValue(j[k]) : RED.utils.cloneValue(d.value);
    }
    for (const [k, v] of Object.entries(j)) {
      if (!STRUCTURAL.includes(k) && !def.defaults.hasOwnProperty(k)) node._extra[k] = RED.utils.cloneValue(v);
    }
    if (node._extra.info !== undefined) { node.info = node._extra.info; delete node._extra.info; }
    node._wires = Array.isArray(j.wires) ? j.wires : [];
    if (isConfigDef(def) && !j.z) delete node.z;
    return node;
  }

  /** Checks that the text is a Node-RED flow export; returns the array or throws with the reason. */
  function parseImport(text) {
    let data = text;
    if (typeof text === "string") {
      if (!text.trim()) throw new Error("nothing to import: the text is empty");
      try { data = JSON.parse(text); } catch (e) { throw new Error("not valid JSON: " + e.message); }
    }
    if (data && !Array.isArray(data) && typeof data === "object") data = Array.isArray(data.flows) ? data.flows : [data];
    if (!Array.isArray(data)) throw new Error("not a flow export: expected an array of nodes");
    data.forEach((n, i) => {
      if (!n || typeof n !== "object" || Array.isArray(n)) throw new Error("item " + i + " is not an object");
      if (typeof n.id !== "string" || !n.id) throw new Error("item " + i + " has no id");
      if (typeof n.type !== "string" || !n.type) throw new Error("node " + n.id + " has no type");
    });
    return data;
  }

  /**
   * Adds the parsed nodes to the model. opts.generateIds gives every imported item a new id
   * (Node-RED's "import copy"); opts.z is the tab for nodes whose own tab is not imported.
   * Returns {nodes, workspaces}.
   */
  function importNodes(data, opts) {
    opts = opts || {};
    if (opts.generateIds) data = remapIds(data);
    const newTabs = [];
    for (const j of data.filter(n => n.type === "tab")) {
      const existing = workspaces.find(w => w.id === j.id);
      if (existing) workspaces.splice(workspaces.indexOf(existing), 1);
      const ws = { id: j.id, type: "tab", label: j.label || j.id, disabled: !!j.disabled, info: j.info || "", env: j.env || [], _extra: {} };
      for (const [k, v] of Object.entries(j)) if (!["id", "type", "label", "disabled", "info", "env"].includes(k)) ws._extra[k] = v;
      workspaces.push(ws);
      newTabs.push(ws);
    }
    const tabIds = new Set(workspaces.map(w => w.id));
    const subflowIds = new Set(data.filter(n => n.type === "subflow").map(n => n.id));
    const added = [];
    for (const j of data) {
      if (j.type === "tab") continue;
      if (j.type === "group" || j.type === "subflow" || subflowIds.has(j.z) || extras.some(e => e.z === j.z && subflowIds.has(e.id))) {
        extras = extras.filter(e => e.id !== j.id);
        extras.push(RED.utils.cloneValue(j));
        continue;
      }
      if (nodes.has(j.id)) remove(j.id);
      const node = nodeFromJson(j);
      if (!isConfig(node) && !tabIds.has(node.z)) node.z = opts.z;
      if (opts.markChanged !== false) node.changed = true;
      nodes.set(node.id, node);
      added.push(node);
    }
    for (const node of added) {
      (node._wires || []).forEach((port, i) => (port || []).forEach(t => {
        const target = nodes.get(t);
        if (target) addLink({ source: node, sourcePort: i, target });
      }));
      delete node._wires;
    }
    validateAll();
    return { nodes: added, workspaces: newTabs };
  }

  /** Node-RED's import copy: new ids for every item, references inside the set follow. */
  function remapIds(data) {
    const map = {};
    data.forEach(n => { map[n.id] = RED.utils.generateId(); });
    const fix = v => (typeof v === "string" && map[v]) ? map[v] : v;
    return data.map(j => {
      const c = RED.utils.cloneValue(j);
      c.id = map[j.id];
      if (c.z) c.z = fix(c.z);
      if (c.g) c.g = fix(c.g);
      if (Array.isArray(c.wires)) c.wires = c.wires.map(p => (p || []).map(fix));
      const def = types[c.type];
      for (const [k, v] of Object.entries(c)) {
        if (["id", "z", "g", "wires", "type"].includes(k)) continue;
        if (typeof v === "string" && map[v] && (!def || (def.defaults[k] && def.defaults[k].type))) c[k] = fix(v);
        if (Array.isArray(v) && (k === "links" || k === "scope" || k === "nodes")) c[k] = v.map(fix);
      }
      return c;
    });
  }

  /** Ids in the data that already exist in the editor. */
  function clashes(data) {
    return data.filter(n => nodes.has(n.id) || workspaces.some(w => w.id === n.id) || extras.some(e => e.id === n.id)).map(n => n.id);
  }

  function clear() {
    nodes = new Map(); links = []; workspaces = []; extras = []; dirty = false;
  }

  return {
    registerType,
    getType: t => types[t],
    types: () => typeOrder.slice(),
    node: id => nodes.get(id),
    eachNode(fn) { nodes.forEach(n => { if (!isConfig(n)) fn(n); }); },
    eachConfig(fn) { nodes.forEach(n => { if (isConfig(n)) fn(n); }); },
    all: () => [...nodes.values()],
    filterNodes, filterLinks,
    links: () => links.slice(),
    add, remove, addLink, removeLink, createNode, validate, validateAll,
    isConfig, outputCount, inputCount,
    workspaces: () => workspaces,
    workspace: id => workspaces.find(w => w.id === id),
    addWorkspace(ws) { workspaces.push(ws); dirty = true; return ws; },
    removeWorkspace(id) {
      workspaces = workspaces.filter(w => w.id !== id);
      filterNodes({ z: id }).forEach(n => remove(n.id));
      dirty = true;
    },
    extras: () => extras,
    convertNode, createExportableNodeSet, createCompleteNodeSet, convertTab,
    parseImport, importNodes, clashes, clear,
    users(configNode) {
      return [...nodes.values()].filter(n => Object.entries(n._def.defaults).some(([k, d]) => d.type === configNode.type && n[k] === configNode.id));
    },
    dirty(v) { if (v !== undefined) { dirty = v; RED.events.emit("nodes:dirty", v); } return dirty; }
  };
})();
