// Node-RED's RED.util as function code sees it: cloneMessage, generateId, get/setMessageProperty,
// get/setObjectProperty. Evaluates to that object; sandbox.js installs it as RED.util.
// cloneMessage copies deeply (Buffers, Dates, Maps, Sets, typed arrays included) and refuses
// structures deeper than 256 levels (a circular message) with a RangeError.
(function () {
  'use strict';
  const Buffer = globalThis.Buffer;
  const isArray = Array.isArray;
  const objectKeys = Object.keys;
  const MAX_DEPTH = 256;
  function cloneValue(v, depth) {
    if (v === null || typeof v !== 'object') return v;
    if (depth > MAX_DEPTH) throw new RangeError('value is nested more than ' + MAX_DEPTH + ' levels deep (circular reference?)');
    if (v instanceof Buffer) return Buffer.from(v);
    if (v instanceof Date) return new Date(v.getTime());
    if (isArray(v)) return v.map(function (x) { return cloneValue(x, depth + 1); });
    if (v instanceof Map) { const m = new Map(); v.forEach(function (x, k) { m.set(k, cloneValue(x, depth + 1)); }); return m; }
    if (v instanceof Set) { const s = new Set(); v.forEach(function (x) { s.add(cloneValue(x, depth + 1)); }); return s; }
    if (ArrayBuffer.isView(v)) return v.slice();
    const o = {};
    const keys = objectKeys(v);
    for (let i = 0; i < keys.length; i++) o[keys[i]] = cloneValue(v[keys[i]], depth + 1);
    return o;
  }
  function pathOf(expr) {
    const parts = [];
    const re = /([^.[\]]+)|\[(\d+)\]|\[["']((?:[^"'\\]|\\.)*)["']\]/g;
    let m;
    while ((m = re.exec(String(expr))) !== null) {
      parts.push(m[1] !== undefined ? m[1] : m[2] !== undefined ? Number(m[2]) : m[3]);
    }
    return parts;
  }
  function getObjectProperty(obj, expr) {
    let cur = obj;
    for (const p of pathOf(expr)) {
      if (cur === null || cur === undefined) return undefined;
      cur = cur[p];
    }
    return cur;
  }
  function setObjectProperty(obj, expr, value, createMissing) {
    const parts = pathOf(expr);
    let cur = obj;
    for (let i = 0; i < parts.length - 1; i++) {
      if (cur[parts[i]] === null || typeof cur[parts[i]] !== 'object') {
        if (createMissing === false) return false;
        cur[parts[i]] = typeof parts[i + 1] === 'number' ? [] : {};
      }
      cur = cur[parts[i]];
    }
    if (value === undefined) delete cur[parts[parts.length - 1]];
    else cur[parts[parts.length - 1]] = value;
    return true;
  }
  function stripMsg(expr) { return String(expr).replace(/^msg\./, ''); }
  function generateId() {
    let s = '';
    for (let i = 0; i < 16; i++) s += Math.floor(Math.random() * 16).toString(16);
    return s;
  }


  return {
    cloneMessage: function (msg) { return cloneValue(msg, 0); },
    generateId: generateId,
    getMessageProperty: function (msg, expr) { return getObjectProperty(msg, stripMsg(expr)); },
    setMessageProperty: function (msg, expr, value, createMissing) { return setObjectProperty(msg, stripMsg(expr), value, createMissing); },
    getObjectProperty: getObjectProperty,
    setObjectProperty: setObjectProperty,
  };
})()
