// aedes (Node.js MQTT broker) on 127.0.0.1:<port> with its defaults, for bench/run.sh.
// Usage: node aedes-broker.mjs <port>   (aedes is resolved from bench/peers/node_modules)
import net from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';

const port = Number(process.argv[2]);
if (!port) {
  console.error('usage: aedes-broker.mjs <port>');
  process.exit(2);
}
const require = createRequire(path.join(process.env.NODE_PATH || '.', 'noop.js'));
const { Aedes } = await import(require.resolve('aedes'));
const broker = await Aedes.createBroker();
net.createServer(broker.handle).listen(port, '127.0.0.1', () => console.log(`aedes listening on 127.0.0.1:${port}`));
process.on('SIGTERM', () => broker.close(() => process.exit(0)));
