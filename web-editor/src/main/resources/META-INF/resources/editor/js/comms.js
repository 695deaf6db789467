/*
 * RED.comms: the comms WebSocket (/comms), Node-RED's protocol. The editor sends
 * {"subscribe": topic} for each topic it listens to (again after every reconnect); the runtime
 * sends one {topic, data} or an array of them. Topics match with MQTT wildcards (`status/#`).
 * A lost connection is retried with a growing delay (1 s .. 10 s) and shown once to the user.
 * With adminAuth the first message is {"auth": token} (RED.auth); the runtime answers {"auth":"ok"}.
 */
RED.comms = (function () {
  const subscriptions = {};
  let ws = null;
  let retryDelay = 1000;
  let connectedOnce = false;
  let lostNotice = null;

  function matches(filter, topic) {
    const f = filter.split("/"), t = topic.split("/");
    for (let i = 0; i < f.length; i++) {
      if (f[i] === "#") return true;
      if (i >= t.length || (f[i] !== "+" && f[i] !== t[i])) return false;
    }
    return f.length === t.length;
  }

  function send(obj) {
    if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(obj));
  }

  function connect() {
    const url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host +
      location.pathname.replace(/[^/]*$/, "") + "comms";
    ws = new WebSocket(url);
    ws.onopen = () => {
      retryDelay = 1000;
      if (lostNotice) { lostNotice.remove(); lostNotice = null; RED.notify("Connection to the runtime restored", "success"); }
      connectedOnce = true;
      if (RED.auth && RED.auth.token()) send({ auth: RED.auth.token() });
      Object.keys(subscriptions).forEach(topic => send({ subscribe: topic }));
      RED.events.emit("comms:connected");
    };
    ws.onmessage = e => {
      let data;
      try { data = JSON.parse(e.data); } catch (err) { console.warn("comms: not JSON: " + e.data); return; }
      (Array.isArray(data) ? data : [data]).forEach(m => {
        if (!m || typeof m.topic !== "string") return;
        Object.entries(subscriptions).forEach(([filter, fns]) => {
          if (matches(filter, m.topic)) fns.forEach(fn => fn(m.topic, m.data));
        });
      });
    };
    ws.onclose = () => {
      if (connectedOnce && !lostNotice) lostNotice = RED.notify("Lost connection to the runtime, reconnecting...", "warning", 600000);
      setTimeout(connect, retryDelay);
      retryDelay = Math.min(10000, retryDelay * 2);
    };
  }

  return {
    connect,
    subscribe(topic, fn) {
      const first = !subscriptions[topic];
      (subscriptions[topic] = subscriptions[topic] || []).push(fn);
      if (first) send({ subscribe: topic });
    },
    unsubscribe(topic, fn) {
      subscriptions[topic] = (subscriptions[topic] || []).filter(f => f !== fn);
      if (!subscriptions[topic].length) { delete subscriptions[topic]; send({ unsubscribe: topic }); }
    },
    matches,
    isConnected: () => !!ws && ws.readyState === WebSocket.OPEN
  };
})();
