/*
 * RED.broker: Conduit's broker sidebar, a read-only view of the built-in broker from the
 * inspector routes (GET broker/clients, broker/retained, broker/topics), refreshed every
 * POLL_MS while the tab is shown (the broker records topic activity only while it is
 * watched). Sections: clients (id, address, protocol, keep-alive, session, subscriptions), retained topics, the live topic tree (last value and
 * rate), and devices. A device is a topic that carries LWT state: the will topic of a client
 * seen connected (when the inspector reports wills), or a topic whose last value is
 * "online"/"offline" (the LWT convention: retained "online" on connect, will "offline"). It is
 * online while a connected client holds that will; offline when the last value is the will
 * payload or "offline".
 */
RED.broker = (function () {
  const POLL_MS = 2000;
  let timer = null;
  const wills = {};   // will topic -> {clientId, payload}

  async function get(path) {
    const r = await RED.deploy.api("GET", path);
    if (!r.ok) throw new Error(path + " answered " + r.status);
    return r.data || [];
  }

  function text(v) { return v === undefined || v === null ? "" : String(v); }

  function table(id, headers, rows) {
    const t = $('<table class="red-ui-broker-table"></table>').attr("id", id);
    t.append($("<tr></tr>").append(headers.map(h => $("<th></th>").text(h))));
    rows.forEach(r => t.append($("<tr></tr>").append(r.map(c => $("<td></td>").text(text(c))))));
    if (!rows.length) t.append($('<tr><td class="red-ui-broker-empty">none</td></tr>').find("td").attr("colspan", headers.length).end());
    return t;
  }

  function devices(clients, topics) {
    const last = {};
    topics.forEach(t => { last[t.topic] = text(t.lastValue); });
    const connectedWills = {};
    clients.filter(c => c.connected).forEach(c => {
      if (c.will && c.will.topic) {
        connectedWills[c.will.topic] = c.clientId;
        wills[c.will.topic] = { clientId: c.clientId, payload: text(c.will.payload) };
      }
    });
    const names = new Set(Object.keys(wills));
    topics.forEach(t => { if (/^(online|offline)$/i.test(text(t.lastValue))) names.add(t.topic); });
    return [...names].sort().map(topic => {
      const w = wills[topic];
      let state;
      if (connectedWills[topic]) state = "online";
      else if ((w && last[topic] === w.payload) || /^offline$/i.test(last[topic] || "")) state = "offline";
      else if (/^online$/i.test(last[topic] || "")) state = "online";
      else state = w ? "offline" : "unknown";
      return { topic, clientId: w ? w.clientId : "", state, last: last[topic] };
    });
  }

  async function refresh() {
    let clients, retained, topics;
    try {
      [clients, retained, topics] = await Promise.all([get("broker/clients"), get("broker/retained"), get("broker/topics")]);
    } catch (e) {
      $("#red-ui-broker-error").text("Broker view unavailable: " + e.message);
      return;
    }
    $("#red-ui-broker-error").text("");
    const devs = devices(clients, topics);
    const devBox = $("#red-ui-broker-devices").empty();
    devs.forEach(d => $('<div class="red-ui-broker-device"></div>').attr("data-topic", d.topic).attr("data-state", d.state)
      .append($('<span class="red-ui-broker-device-dot"></span>').addClass(d.state))
      .append($('<span class="red-ui-broker-device-name"></span>').text(d.topic))
      .append($('<span class="red-ui-broker-device-state"></span>').text(d.state + (d.clientId ? " · " + d.clientId : "")))
      .appendTo(devBox));
    if (!devs.length) devBox.text("No device with a will seen yet.");
    $("#red-ui-broker-clients").replaceWith(table("red-ui-broker-clients", ["client id", "address", "protocol", "keep-alive", "session", "subscriptions"],
      clients.map(c => [c.clientId, c.connected ? (c.address || "in-process") : "offline", c.protocol, c.keepAlive + " s",
        c.persistent ? "persistent" : "clean", (c.subscriptions || []).map(s => s.filter + " (QoS " + s.qos + ")").join(", ")])));
    $("#red-ui-broker-retained").replaceWith(table("red-ui-broker-retained", ["topic", "bytes", "QoS"],
      retained.map(r => [r.topic, r.size, r.qos])));
    $("#red-ui-broker-topics").replaceWith(table("red-ui-broker-topics", ["topic", "last value", "msg/s", "messages"],
      topics.map(t => [t.topic, t.lastValue, Number(t.rate || 0).toFixed(1), t.count])));
  }

  function start() {
    if (timer) return;
    refresh();
    timer = setInterval(refresh, POLL_MS);
  }

  function stop() { clearInterval(timer); timer = null; }

  return {
    init() {
      RED.events.on("sidebar:show", tab => { if (tab === "broker") start(); else stop(); });
    },
    refresh, devices
  };
})();
