// Node-RED's function-node API inside one GraalJS context (one context per function node).
// Evaluates to install(host, facts, fn, initFn, finFn, redUtil, contextApi), which defines the globals that function code
// sees (context, flow, global, env, RED, console, setTimeout & co.) and returns the entry points
// that JsSandbox calls. Rules implemented here, after Node-RED's 10-function.js:
//  * return/send semantics (sendResults): a message -> output 1; null/undefined -> nothing; an
//    array -> one entry per output; an array inside -> several messages on that output; anything
//    that is not an object -> error "function.error.non-message-returned"; every sent message gets
//    the input's _msgid.
//  * node.send(msg) copies the message at once (Node-RED clones it); node.send(msg, false) sends the
//    object as it is when the run ends, so later changes in the same run are seen (Node-RED's
//    setImmediate delivery).
//  * done() is called after the results are sent, unless the code calls node.done() itself.
//  * messages that arrive while the initialize code's promise is pending wait for it.
// Messages cross the Java boundary as a "tape": an int[] of shapes and an Object[] of atoms,
// read and written here in one pass (see MessageTape.java for the format).
(function install(host, facts, fn, initFn, finFn, redUtil, contextApi) {
  'use strict';
  // copied out of the Java proxy once: reading a proxy crosses the boundary
  const info = { id: facts.id, name: facts.name, path: facts.path, outputs: facts.outputs,
    sourceName: facts.sourceName, lineOffset: facts.lineOffset, handlesDone: facts.handlesDone };
  const g = globalThis;
  const Buffer = g.Buffer;
  const isArray = Array.isArray;
  const objectKeys = Object.keys;
  const ATOM = 0, OBJECT = 1, ARRAY = 2, BUFFER = 3;
  const EV_SEND = 20, EV_DONE = 21, EV_LOG = 22, EV_ERROR = 23, EV_STATUS = 24, EV_CLOSED = 25;
  const LOG_INFO = 0, LOG_WARN = 1, LOG_ERROR = 2, LOG_DEBUG = 3, LOG_TRACE = 4;
  const OP_TIMER_SET = 4, OP_TIMER_CLEAR = 5, OP_TAPE = 7;
  const MAX_DEPTH = 256;

  // The code that runs for every message (the tape and the one-message send) avoids calls:
  // in the engine's latency mode calls are not inlined, and each one allocates its arguments and
  // frame (measured: most of a run's garbage). So it writes arrays by index (push is a builtin
  // call), handles atoms inline, tells plain objects and arrays by their constructor (instanceof
  // and Array.isArray are calls), and reads the tapes Java registered with tapes() instead of taking
  // arrays per call.

  // ---- tape: decode (Java -> JS) ----
  let S = null, A = null, si = 0, ai = 0;
  function decode(shapes, atoms) {
    S = shapes; A = atoms; si = 0; ai = 0;
    const v = dec();
    S = null; A = null;
    return v;
  }
  // a '__proto__' key is an own property, as JSON.parse makes it (o.__proto__ = v would set the prototype)
  function ownProto(o, v) {
    Object.defineProperty(o, '__proto__', { value: v, enumerable: true, writable: true, configurable: true });
  }
  function dec() {
    const k = S[si++];
    if (k === ATOM) return A[ai++];
    if (k === OBJECT) {
      const n = S[si++];
      const o = {};
      // The first properties are written by position, each from a site of its own: a write site
      // caches (key, shape) pairs, and one site in a loop sees every key of every object shape and
      // goes megamorphic (a generic shape lookup per property), while the site of position i sees
      // only the i-th key of each kind of object (msg, its payload).
      let key, v;
      if (n > 0) { key = A[ai++]; if (S[si] === ATOM) { si++; v = A[ai++]; } else v = dec(); if (key === '__proto__') ownProto(o, v); else o[key] = v;
      if (n > 1) { key = A[ai++]; if (S[si] === ATOM) { si++; v = A[ai++]; } else v = dec(); if (key === '__proto__') ownProto(o, v); else o[key] = v;
      if (n > 2) { key = A[ai++]; if (S[si] === ATOM) { si++; v = A[ai++]; } else v = dec(); if (key === '__proto__') ownProto(o, v); else o[key] = v;
      if (n > 3) { key = A[ai++]; if (S[si] === ATOM) { si++; v = A[ai++]; } else v = dec(); if (key === '__proto__') ownProto(o, v); else o[key] = v;
      if (n > 4) { key = A[ai++]; if (S[si] === ATOM) { si++; v = A[ai++]; } else v = dec(); if (key === '__proto__') ownProto(o, v); else o[key] = v;
      if (n > 5) { key = A[ai++]; if (S[si] === ATOM) { si++; v = A[ai++]; } else v = dec(); if (key === '__proto__') ownProto(o, v); else o[key] = v;
      for (let i = 6; i < n; i++) {
        key = A[ai++];
        if (S[si] === ATOM) { si++; v = A[ai++]; } else v = dec();
        if (key === '__proto__') ownProto(o, v); else o[key] = v;
      } } } } } } }
      return o;
    }
    if (k === ARRAY) {
      const n = S[si++];
      const r = new Array(n);
      for (let i = 0; i < n; i++) {
        if (S[si] === ATOM) { si++; r[i] = A[ai++]; } else r[i] = dec();
      }
      return r;
    }
    const src = new Uint8Array(new ArrayBuffer(A[ai++]));
    const b = new Buffer(src.length);
    b.set(src);
    return b;
  }

  // ---- tape: encode (JS -> Java), into OS/OA (ns/na entries used), copied out by flush() ----
  let OS = [], OA = [], ns = 0, na = 0;
  function atom(x) { OS[ns++] = ATOM; OA[na++] = x; }
  // an atom's tape value, or NOT_ATOM for objects, arrays and buffers (JSON's rules: undefined,
  // functions and symbols become null; a BigInt its number when safe, else its digits)
  const NOT_ATOM = {};
  function atomOf(v) {
    if (v === null || v === undefined) return null;
    const t = typeof v;
    if (t === 'string' || t === 'number' || t === 'boolean') return v;
    if (t === 'object') return v instanceof Date ? (isNaN(v.getTime()) ? null : v.toISOString()) : NOT_ATOM;
    if (t === 'bigint') { const n = Number(v); return Number.isSafeInteger(n) ? n : String(v); }
    return null;
  }
  function enc(v, depth) {
    const t = typeof v;
    if (t === 'string' || t === 'number' || t === 'boolean') { OS[ns++] = ATOM; OA[na++] = v; return; }
    if (t === 'object' && v !== null && v.constructor === Object && depth <= MAX_DEPTH) { encObject(v, depth, null); return; }
    const x = atomOf(v);
    if (x !== NOT_ATOM) { OS[ns++] = ATOM; OA[na++] = x; return; }
    if (depth > MAX_DEPTH) throw new RangeError('message is nested more than ' + MAX_DEPTH + ' levels deep (circular reference?)');
    if (isArray(v)) {
      const n = v.length;
      OS[ns++] = ARRAY; OS[ns++] = n;
      for (let i = 0; i < n; i++) {
        const e = v[i];
        const te = typeof e;
        if (te === 'string' || te === 'number' || te === 'boolean') { OS[ns++] = ATOM; OA[na++] = e; } else enc(e, depth + 1);
      }
      return;
    }
    if (v instanceof Uint8Array) { OS[ns++] = BUFFER; OA[na++] = v.buffer; OA[na++] = v.byteOffset; OA[na++] = v.length; return; }
    if (ArrayBuffer.isView(v)) { enc(Array.from(v), depth); return; }
    encObject(v, depth, null);
  }
  function encObject(v, depth, msgid) {
    const keys = objectKeys(v);
    const nk = keys.length;
    OS[ns++] = OBJECT;
    const countAt = ns++;
    let n = 0;
    if (msgid !== null) {
      let own = false;
      for (let i = 0; i < nk; i++) if (keys[i] === '_msgid') { own = true; break; }
      if (!own) { OA[na++] = '_msgid'; OS[ns++] = ATOM; OA[na++] = msgid; n++; }
    }
    for (let i = 0; i < nk; i++) {
      const k = keys[i];
      // read by position, each from a site of its own (see the OBJECT case of dec)
      const x = (msgid !== null && k === '_msgid') ? msgid
        : i === 0 ? v[k] : i === 1 ? v[k] : i === 2 ? v[k] : i === 3 ? v[k] : i === 4 ? v[k] : i === 5 ? v[k] : v[k];
      const t = typeof x;
      if (t === 'string' || t === 'number' || t === 'boolean') { OA[na++] = k; OS[ns++] = ATOM; OA[na++] = x; n++; continue; }
      if (x === undefined || t === 'function' || t === 'symbol') continue;
      OA[na++] = k;
      if (x !== null && x.constructor === Object && depth < MAX_DEPTH) encObject(x, depth + 1, null);
      else enc(x, depth + 1);
      n++;
    }
    OS[countAt] = n;
  }
  // Java arrays to write into for a host call (context set): asks Java for a big enough tape.
  function toHostTape(encodeAll) {
    const s0 = ns, a0 = na;
    try {
      encodeAll();
      const cs = ns - s0, ca = na - a0;
      const t = host(OP_TAPE, cs, ca);
      const hs = t[0], ha = t[1];
      for (let i = 0; i < cs; i++) hs[i] = OS[s0 + i];
      for (let i = 0; i < ca; i++) ha[i] = OA[a0 + i];
    } finally {
      ns = s0; na = a0;
    }
  }

  // ---- events out ----
  let deferred = []; // node.send(msg, false): encoded when the run ends
  function emitSend(outputs, msgid, later) {
    if (later) { deferred.push(outputs, msgid); return; }
    const s0 = ns, a0 = na;
    try {
      writeSend(outputs, msgid);
    } catch (err) {
      ns = s0; na = a0;
      throw err;
    }
  }
  function writeSend(outputs, msgid) {
    OS[ns++] = EV_SEND; OS[ns++] = ARRAY; OS[ns++] = outputs.length;
    for (let i = 0; i < outputs.length; i++) {
      const list = outputs[i];
      if (list === null) { atom(null); continue; }
      OS[ns++] = ARRAY; OS[ns++] = list.length;
      for (let j = 0; j < list.length; j++) encObject(list[j], 1, msgid);
    }
  }
  function log(level, text) { OS[ns++] = EV_LOG; OS[ns++] = level; OA[na++] = String(text); }
  function reportError(text, msg) {
    OS[ns++] = EV_ERROR; OA[na++] = text;
    const s0 = ns, a0 = na;
    try { enc(msg === undefined ? null : msg, 0); }
    catch (e) { ns = s0; na = a0; atom(null); }
  }
  function emitDone(seq, errText) { OS[ns++] = EV_DONE; OS[ns++] = seq; OA[na++] = errText; }

  // flush: copies the events into Java's arrays (HS, HA). Returns shapes * 2^32 + atoms, or -(that) - 1
  // when the arrays are too small (Java grows them, registers them with tapes() and calls again).
  let IS = null, IA = null, HS = null, HA = null;
  function flush() {
    const hs = HS, ha = HA;
    while (deferred.length > 0) {
      const d = deferred; deferred = [];
      for (let i = 0; i < d.length; i += 2) {
        const s0 = ns, a0 = na;
        try { writeSend(d[i], d[i + 1]); }
        catch (err) { ns = s0; na = a0; reportError(errorText(err), null); }
      }
    }
    const packed = ns * 4294967296 + na;
    if (ns > hs.length || na > ha.length) return -packed - 1;
    for (let i = 0; i < ns; i++) hs[i] = OS[i];
    for (let i = 0; i < na; i++) ha[i] = OA[i];
    ns = 0; na = 0;
    // keep the arrays' room for the next run, but not a big message's atoms
    if (OA.length > 4096) { OS = []; OA = []; }
    return packed;
  }

  // ---- errors as text, as Node-RED reports them ----
  const sourceName = info.sourceName;
  function location(err) {
    const stack = typeof err.stack === 'string' ? err.stack : '';
    const lines = stack.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const at = lines[i].indexOf(sourceName + ':');
      if (at >= 0) {
        const m = /:(\d+):(\d+)\)?\s*$/.exec(lines[i]);
        if (m) return ' (line ' + (Number(m[1]) - info.lineOffset) + ', col ' + m[2] + ')';
      }
    }
    return '';
  }
  function errorText(err) {
    if (err instanceof Error) return String(err) + location(err);
    if (typeof err === 'string') return err;
    if (err !== null && typeof err === 'object') {
      if (typeof err.message === 'string') return err.message;
      try { return JSON.stringify(err); } catch (e) { return String(err); }
    }
    return String(err);
  }
  function messageOf(err) {
    return err instanceof Error ? String(err) : (err !== null && typeof err === 'object' && typeof err.message === 'string') ? err.message : String(err);
  }

  // ---- return / send semantics (Node-RED's sendResults) ----
  // cloned: node.send's copy (the script's object keeps its _msgid); later: node.send(msg, false)
  function sendResults(msgid, msgs, cloned, later) {
    if (msgs === null || msgs === undefined) return;
    if (!later && typeof msgs === 'object' && !isArray(msgs) && !(msgs instanceof Uint8Array)) {
      // the common case, one message to output 1: written as [[msg]] without building the lists
      if (!cloned) msgs._msgid = msgid;
      const s0 = ns, a0 = na;
      try {
        OS[ns++] = EV_SEND; OS[ns++] = ARRAY; OS[ns++] = 1; OS[ns++] = ARRAY; OS[ns++] = 1;
        encObject(msgs, 1, msgid);
      } catch (err) {
        ns = s0; na = a0;
        throw err;
      }
      return;
    }
    if (!isArray(msgs)) msgs = [msgs];
    const outputs = new Array(msgs.length);
    let count = 0;
    for (let m = 0; m < msgs.length; m++) {
      const entry = msgs[m];
      if (!entry) { outputs[m] = null; continue; }
      const list = isArray(entry) ? entry : [entry];
      const out = [];
      let used = 0;
      for (let n = 0; n < list.length; n++) {
        const msg = list[n];
        if (msg === null || msg === undefined) continue;
        if (typeof msg === 'object' && !(msg instanceof Uint8Array) && !isArray(msg)) {
          if (!cloned) msg._msgid = msgid;
          out[used++] = msg;
          count++;
        } else {
          let type = typeof msg;
          if (type === 'object') type = msg instanceof Uint8Array ? 'Buffer' : (isArray(msg) ? 'Array' : 'Date');
          log(LOG_ERROR, 'Function tried to send a message of type ' + type);
        }
      }
      outputs[m] = out;
    }
    if (count > 0) emitSend(outputs, msgid, later);
  }

  // ---- node.* ----
  let closeListeners = [];
  let statusUsed = false;
  function statusOf(s) {
    if (s === null || s === undefined) return {};
    if (typeof s === 'string' || typeof s === 'number' || typeof s === 'boolean') return { text: String(s) };
    return s;
  }
  function joinArgs(args) {
    let s = '';
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (i > 0) s += ' ';
      if (typeof a === 'string') s += a;
      else if (a instanceof Error) s += String(a);
      else if (a !== null && typeof a === 'object') { try { s += JSON.stringify(a); } catch (e) { s += String(a); } }
      else s += String(a);
    }
    return s;
  }
  const nodeBase = {
    log: function (m) { log(LOG_INFO, typeof m === 'string' ? m : joinArgs([m])); },
    warn: function (m) { log(LOG_WARN, typeof m === 'string' ? m : joinArgs([m])); },
    debug: function (m) { log(LOG_DEBUG, typeof m === 'string' ? m : joinArgs([m])); },
    trace: function (m) { log(LOG_TRACE, typeof m === 'string' ? m : joinArgs([m])); },
    error: function (err, msg) {
      if (msg === undefined || msg === null) log(LOG_ERROR, messageOf(err));
      else reportError(messageOf(err), msg);
    },
    status: function (s) {
      statusUsed = true;
      const s0 = ns, a0 = na;
      OS[ns++] = EV_STATUS;
      try { enc(statusOf(s), 0); } catch (e) { ns = s0; na = a0; throw e; }
    },
    on: function (event, listener) {
      if (event === 'input') throw new Error("Cannot add an 'input' event listener in a function node");
      if (event === 'close' && typeof listener === 'function') closeListeners.push(listener);
    },
  };
  function makeNode(msgid, seq) {
    let doneCalled = false;
    return {
      id: info.id, name: info.name, path: info.path, outputCount: info.outputs,
      log: nodeBase.log, warn: nodeBase.warn, error: nodeBase.error, debug: nodeBase.debug, trace: nodeBase.trace,
      on: nodeBase.on, status: nodeBase.status,
      send: function (msgs, clone) { sendResults(msgid, msgs, clone !== false, clone === false); },
      done: seq < 0 ? function () {} : function (err) {
        if (doneCalled) return;
        doneCalled = true;
        emitDone(seq, err === undefined || err === null ? null : errorText(err));
      },
      linkcall: function () { return Promise.reject(new Error('node.linkcall is not supported by Conduit')); },
    };
  }

  // ---- context, flow, global, env (context-api.js) ----
  const api = contextApi(host, { decode: decode, enc: enc, toHostTape: toHostTape });

  // ---- timers: run later as their own task, on this node's thread ----
  const timers = new Map();
  let timerSeq = 0;
  function addTimer(fn, delay, args, periodic) {
    const id = ++timerSeq;
    let ms = Number(delay);
    if (!(ms >= 1 && ms <= 2147483647)) ms = 1;
    timers.set(id, { fn: fn, args: args, periodic: periodic });
    host(OP_TIMER_SET, id, Math.floor(ms), periodic);
    return id;
  }
  function removeTimer(id) {
    if (typeof id === 'number' && timers.delete(id)) host(OP_TIMER_CLEAR, id);
  }
  g.setTimeout = function (fn, delay) { return addTimer(fn, delay, Array.prototype.slice.call(arguments, 2), false); };
  g.setInterval = function (fn, delay) { return addTimer(fn, delay, Array.prototype.slice.call(arguments, 2), true); };
  g.clearTimeout = removeTimer;
  g.clearInterval = removeTimer;

  // ---- RED.util (red-util.js) ----
  g.RED = { util: redUtil };
  g.console = {
    log: function () { log(LOG_INFO, joinArgs(arguments)); },
    info: function () { log(LOG_INFO, joinArgs(arguments)); },
    warn: function () { log(LOG_WARN, joinArgs(arguments)); },
    error: function () { log(LOG_ERROR, joinArgs(arguments)); },
    debug: function () { log(LOG_DEBUG, joinArgs(arguments)); },
    trace: function () { log(LOG_TRACE, joinArgs(arguments)); },
  };
  g.context = api.context;
  g.flow = api.flow;
  g.global = api.global;
  g.env = api.env;

  // ---- runs ----
  const RESOLVING = 0, RESOLVED = 1, FAILED = 2;
  let state = initFn ? RESOLVING : RESOLVED;
  let initError = null;
  let waiting = [];

  function handle(seq, msg) {
    const msgid = msg._msgid;
    const node = makeNode(msgid, seq);
    let result;
    try {
      result = fn(msg, node);
    } catch (err) {
      node.done(err);
      return;
    }
    if (result !== null && typeof result === 'object' && typeof result.then === 'function') {
      result.then(function (r) { finish(node, msgid, r); }, function (err) { node.done(err); });
    } else {
      finish(node, msgid, result);
    }
  }
  function finish(node, msgid, result) {
    try {
      sendResults(msgid, result, false, false);
    } catch (err) {
      node.done(err);
      return;
    }
    if (!info.handlesDone) node.done();
  }

  return {
    // Java's tapes: messages in (IS, IA) and events out (HS, HA); registered again when Java grows them
    tapes: function (inShapes, inAtoms, outShapes, outAtoms) { IS = inShapes; IA = inAtoms; HS = outShapes; HA = outAtoms; },
    input: function (seq) {
      const msg = decode(IS, IA);
      if (state === RESOLVED) handle(seq, msg);
      else if (state === RESOLVING) waiting.push(seq, msg);
      else emitDone(seq, 'initialize failed: ' + initError);
    },
    init: function () {
      if (!initFn) return;
      const node = makeNode(null, -1);
      node.send = function (msgs, clone) { sendResults(redUtil.generateId(), msgs, clone !== false, clone === false); };
      let p;
      try {
        p = initFn(node);
      } catch (err) {
        failInit(errorText(err));
        return;
      }
      Promise.resolve(p).then(function () {
        state = RESOLVED;
        const w = waiting; waiting = [];
        for (let i = 0; i < w.length; i += 2) handle(w[i], w[i + 1]);
      }, function (err) { failInit(errorText(err)); });
    },
    initFailed: function (text) { failInit(text); },
    timer: function (id) {
      const t = timers.get(id);
      if (!t) return;
      if (!t.periodic) timers.delete(id);
      try {
        t.fn.apply(null, t.args);
      } catch (err) {
        reportError(errorText(err), {});
      }
    },
    // Node-RED's order: the node's own close handler (finalize, timers, status) then the listeners
    close: function (removed) {
      if (finFn) {
        const node = makeNode(null, -1);
        node.send = function () { log(LOG_ERROR, 'Cannot send from close function'); };
        try { finFn(node); } catch (err) { log(LOG_ERROR, errorText(err)); }
      }
      for (const id of timers.keys()) host(OP_TIMER_CLEAR, id);
      timers.clear();
      if (statusUsed) { OS[ns++] = EV_STATUS; enc({}, 0); }
      const listeners = closeListeners; closeListeners = [];
      const pending = [];
      for (const l of listeners) {
        try {
          if (l.length >= 2) pending.push(new Promise(function (res) { l(removed, res); }));
          else if (l.length === 1) pending.push(new Promise(function (res) { l(res); }));
          else l();
        } catch (err) {
          log(LOG_ERROR, errorText(err));
        }
      }
      Promise.all(pending).then(function () { OS[ns++] = EV_CLOSED; });
    },
    flush: flush,
  };

  function failInit(text) {
    state = FAILED;
    initError = text;
    log(LOG_ERROR, text);
    const w = waiting; waiting = [];
    for (let i = 0; i < w.length; i += 2) emitDone(w[i], 'initialize failed: ' + text);
  }
})
