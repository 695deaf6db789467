/*
 * RED: the namespace the node editor files (GET /nodes) are written against, as in Node-RED's
 * editor. This file holds the pieces every other file uses: events, settings, utils,
 * validators and notifications. Rules:
 *  - validators return true or an error string (Node-RED's contract: false also means invalid);
 *  - RED.utils.validatePropertyExpression accepts Node-RED's property syntax (a.b["c"][0]);
 *  - notifications never block: they stack at the top, let clicks through and go after a few seconds.
 */
/* exported RED */
var RED = (function () {
  const listeners = {};
  const events = {
    on(name, fn) { (listeners[name] = listeners[name] || []).push(fn); },
    off(name, fn) { listeners[name] = (listeners[name] || []).filter(f => f !== fn); },
    emit(name, ...args) { (listeners[name] || []).slice().forEach(fn => fn(...args)); }
  };

  const propertyExpression = /^[a-zA-Z_$][a-zA-Z0-9_$]*(\.[a-zA-Z_$][a-zA-Z0-9_$]*|\[\s*(\d+|"(\\.|[^"\\])*"|'(\\.|[^'\\])*'|[a-zA-Z_$][a-zA-Z0-9_$.]*)\s*\])*$/;

  const utils = {
    validatePropertyExpression(str) {
      return typeof str === "string" && propertyExpression.test(str.trim());
    },
    /** Node-RED's check of a typed value (str, num, json, re, msg/flow/global, ...). */
    validateTypedProperty(v, type, opt) {
      const label = opt && opt.label ? opt.label + ": " : "";
      if (type === "num") {
        if (v === "" || v === undefined) return label + "not a number";
        return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(String(v).trim()) || /^0x[0-9a-fA-F]+$/.test(String(v).trim()) ||
          /^\$\{[^}]+\}$/.test(String(v)) ? true : label + "'" + v + "' is not a number";
      }
      if (type === "json") {
        try { JSON.parse(v); return true; } catch (e) { return label + "invalid JSON: " + e.message; }
      }
      if (type === "re") {
        try { new RegExp(v); return true; } catch (e) { return label + "invalid regular expression: " + e.message; }
      }
      if (type === "msg" || type === "flow" || type === "global") {
        let key = String(v || "");
        const store = /^#:\((\S+?)\)::(.*)$/.exec(key);
        if (store) key = store[2];
        return utils.validatePropertyExpression(key) ? true : label + "invalid property expression '" + v + "'";
      }
      if (type === "bool") return v === true || v === false || v === "true" || v === "false" ? true : label + "not a boolean";
      return true;
    },
    parseContextKey(key) {
      const m = /^#:\((\S+?)\)::(.*)$/.exec(key || "");
      return m ? { store: m[1], key: m[2] } : { key: key };
    },
    escapeHtml(s) {
      return String(s === undefined || s === null ? "" : s).replace(/[&<>"']/g,
        c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
    },
    /** The label shown for a node: its type's label function, else its name, else its type. */
    getNodeLabel(node, fallback) {
      if (!node) return fallback || "";
      if (node.type === "tab") return node.label || fallback || node.id;
      const def = node._def;
      let label;
      try {
        if (def && def.label) {
          label = typeof def.label === "function" ? def.label.call(node) : def.label;
        }
      } catch (e) {
        console.warn("label of " + node.type + " " + node.id + " failed: " + e.message);
      }
      label = label || node.name || fallback || node.type;
      return String(label) === "_DEFAULT_" ? node.type : String(label);
    },
    getPaletteLabel(type, def) {
      const l = def.paletteLabel;
      return (typeof l === "function" ? l.call(def) : l) || type;
    },
    iconUrl(def, node) {
      let icon = def && def.icon;
      if (typeof icon === "function") {
        try { icon = icon.call(node || {}); } catch (e) { icon = null; }
      }
      if (!icon) return "icons/arrow-in.svg";
      return /^(https?:|\/|icons\/)/.test(icon) ? icon : "icons/" + icon.replace(/^.*\//, "");
    },
    cloneValue(v) { return v === undefined ? undefined : JSON.parse(JSON.stringify(v)); },
    /** Node-RED's id format: 16 hex digits. */
    generateId() {
      const bytes = new Uint8Array(8);
      crypto.getRandomValues(bytes);
      return Array.from(bytes, b => b.toString(16).padStart(2, "0")).join("");
    }
  };

  const validators = {
    number(blankAllowed) {
      return function (v) {
        if (blankAllowed && (v === "" || v === undefined || v === null)) return true;
        return v !== "" && v !== null && v !== undefined && !isNaN(Number(v)) ? true : "not a number";
      };
    },
    regex(re) {
      return function (v) { return re.test(v) ? true : "does not match " + re; };
    },
    /** Checks a field against the type held in another field (e.g. payload/payloadType). */
    typedInput(ptypeName, isConfig) {
      return function (v, opt) {
        let ptype = typeof ptypeName === "string" ? this[ptypeName] : ptypeName.type;
        const input = $("#node-" + (isConfig ? "config-" : "") + "input-" + ptypeName);
        if (input.length) ptype = input.val() || ptype;
        return utils.validateTypedProperty(v, ptype || "str", opt);
      };
    }
  };
  // Node-RED's number validator is also called directly: RED.validators.number(v)
  const numberFactory = validators.number;
  validators.number = function (arg) {
    if (arg === undefined || typeof arg === "boolean") return numberFactory(arg);
    return numberFactory(false)(arg) === true;
  };

  function notify(text, type, timeout) {
    let box = document.getElementById("red-ui-notifications");
    if (!box) {
      box = document.createElement("div");
      box.id = "red-ui-notifications";
      document.body.appendChild(box);
    }
    const n = document.createElement("div");
    n.className = "red-ui-notification red-ui-notification-" + (type || "info");
    n.textContent = text;
    box.appendChild(n);
    setTimeout(() => n.remove(), timeout || (type === "error" ? 8000 : 3500));
    return n;
  }

  return {
    events,
    utils,
    validators,
    notify,
    settings: {},
    _(key, opts) { return key; },
    text: { bidi: { resolveBaseTextDir: () => "ltr" } }
  };
})();
