// Publishes COUNT retained messages of SIZE bytes on distinct topics (fill/<i mod 1000>/<i>), QoS 1
// with up to 500 unacknowledged, and exits when every one is acknowledged.
//   node bench/scripts/retained-fill.cjs PORT COUNT SIZE     (MQTT.js from bench/peers, a Node-RED dependency)
const path = require('path');
const mqtt = require(path.join(__dirname, '..', 'peers', 'node_modules', 'mqtt'));
const [port, count, size] = process.argv.slice(2).map(Number);
const client = mqtt.connect(`mqtt://127.0.0.1:${port}`, { clientId: 'retained-fill', clean: true });
const payload = Buffer.alloc(size, 'x');
const WINDOW = 500;
let sent = 0, acked = 0;
const start = Date.now();
function pump() {
  while (sent < count && sent - acked < WINDOW) {
    const i = sent++;
    client.publish(`fill/${i % 1000}/${i}`, payload, { qos: 1, retain: true }, (err) => {
      if (err) { console.error(err.message); process.exit(1); }
      if (++acked === count) {
        console.log(`retained-fill: ${count} messages of ${size} bytes acknowledged in ${Date.now() - start} ms`);
        client.end();
      } else {
        pump();
      }
    });
  }
}
client.on('connect', pump);
client.on('error', (err) => { console.error(err.message); process.exit(1); });
