// MQTT.js (the browser MQTT client, here on Node) against Conduit's WebSocket listener.
// Usage: node roundtrip.js URL TOPIC [CA_FILE|-] [USERNAME PASSWORD]
// Subscribes to TOPIC, publishes "from mqtt.js" to TOPIC/out, prints one JSON line per event and
// exits 0 once it has received the message "bye" on TOPIC (3 on error, 4 after 60 s).
// Generous timeouts: CI machines may be busy.
const mqtt = require('mqtt');
const fs = require('fs');

const [url, topic, caFile, username, password] = process.argv.slice(2);
const options = { protocolVersion: 5, clientId: 'mqttjs-' + process.pid, reconnectPeriod: 0, connectTimeout: 30000 };
if (caFile && caFile !== '-') options.ca = fs.readFileSync(caFile);
if (username) {
  options.username = username;
  options.password = password;
}
const t0 = Date.now();
const log = (event) => console.log(JSON.stringify({ ...event, ms: Date.now() - t0 }));
log({ event: 'start' });
const client = mqtt.connect(url, options);
let done = false; // "bye" arrived: a socket error while closing no longer matters
client.on('connect', () => {
  client.subscribe(topic, { qos: 1 }, (err, granted) => {
    if (err) {
      log({ event: 'error', message: err.message });
      process.exit(3);
    }
    log({ event: 'subscribed', granted });
    client.publish(topic + '/out', 'from mqtt.js', { qos: 1 });
  });
});
client.on('message', (t, payload) => {
  log({ event: 'message', topic: t, payload: payload.toString() });
  if (payload.toString() === 'bye') {
    done = true;
    client.end(false, {}, () => process.exit(0));
  }
});
client.on('error', (e) => {
  log({ event: 'error', message: e.message, code: e.code });
  process.exit(done ? 0 : 3);
});
setTimeout(() => {
  log({ event: 'timeout' });
  process.exit(4);
}, 60000);
