// Node-RED's context API for function code: context, flow and global with get/set/keys, in the
// synchronous form and with a callback, for the default store or a named one (argument or the
// "#:(store)::key" form), one key or an array of keys; env.get. Evaluates to
// function (host, codec) returning {context, flow, global, env}; sandbox.js installs them.
// Values cross as tapes: a read is a copy of the stored value, a write stores a copy.
// Errors: "Callback must be a function"; a store error goes to the callback, or is thrown.
(function () {
  'use strict';
  const OP_CTX_GET = 1, OP_CTX_SET = 2, OP_CTX_KEYS = 3, OP_ENV = 6;
  const SCOPE_NODE = 0, SCOPE_FLOW = 1, SCOPE_GLOBAL = 2;
  const isArray = Array.isArray;
  return function (host, codec) {
    const decode = codec.decode, enc = codec.enc, toHostTape = codec.toHostTape;
  function parseStore(key, store) {
    if (store === undefined && typeof key === 'string') {
      const m = /^#:\((\S+?)\)::(.*)$/.exec(key);
      if (m) return [m[2], m[1]];
    }
    return [key, store === undefined ? null : store];
  }
  function hostResult(r) {
    if (typeof r === 'string') throw new Error(r);
    return r;
  }
  function scopeApi(scope) {
    return {
      get: function (key, store, callback) {
        if (callback === undefined && typeof store === 'function') { callback = store; store = undefined; }
        if (callback !== undefined && typeof callback !== 'function') throw new Error('Callback must be a function');
        const ks = parseStore(key, store);
        let value;
        try {
          const r = hostResult(host(OP_CTX_GET, scope, ks[1], isArray(ks[0]) ? null : String(ks[0]), isArray(ks[0]) ? ks[0].map(String) : null));
          value = decode(r[0], r[1]);
        } catch (err) {
          if (callback) return callback(err);
          throw err;
        }
        if (!callback) return value;
        if (isArray(ks[0])) return callback.apply(null, [undefined].concat(value));
        return callback(undefined, value);
      },
      set: function (key, value, store, callback) {
        if (callback === undefined && typeof store === 'function') { callback = store; store = undefined; }
        if (callback !== undefined && typeof callback !== 'function') throw new Error('Callback must be a function');
        const ks = parseStore(key, store);
        try {
          toHostTape(function () { enc(ks[0], 0); enc(value, 0); });
          hostResult(host(OP_CTX_SET, scope, ks[1]));
        } catch (err) {
          if (callback) return callback(err);
          throw err;
        }
        if (callback) callback(undefined);
      },
      keys: function (store, callback) {
        if (callback === undefined && typeof store === 'function') { callback = store; store = undefined; }
        if (callback !== undefined && typeof callback !== 'function') throw new Error('Callback must be a function');
        let keys;
        try {
          const r = hostResult(host(OP_CTX_KEYS, scope, store === undefined ? null : store));
          keys = decode(r[0], r[1]);
        } catch (err) {
          if (callback) return callback(err);
          throw err;
        }
        return callback ? callback(undefined, keys) : keys;
      },
    };
  }
  const flowApi = scopeApi(SCOPE_FLOW);
  const globalApi = scopeApi(SCOPE_GLOBAL);
  const nodeApi = scopeApi(SCOPE_NODE);
  Object.defineProperty(nodeApi, 'flow', { get: function () { return flowApi; } });
  Object.defineProperty(nodeApi, 'global', { get: function () { return globalApi; } });

  const envCache = new Map();
  const envApi = {
    get: function (name) {
      name = String(name);
      if (!envCache.has(name)) {
        const r = hostResult(host(OP_ENV, name));
        const v = decode(r[0], r[1]);
        envCache.set(name, v === null ? undefined : v);
      }
      return envCache.get(name);
    },
  };


    return { context: nodeApi, flow: flowApi, global: globalApi, env: envApi };
  };
})()
