// Node-RED 5 settings for the side-by-side benchmarks (bench/run.sh); Node-RED's defaults apart
// from: loopback only, quiet logs, no telemetry, no flow-file pretty printing.
// With BENCH_AEDES_PORT set, this file also starts aedes (BENCH_AEDES_MODULE) on that port INSIDE
// Node-RED's process: Node-RED with an embedded broker, the set-up Conduit's built-in broker is
// compared with. Without it, the flows' mqtt nodes use an external broker (Mosquitto).
const aedesPort = process.env.BENCH_AEDES_PORT;
if (aedesPort) {
  const net = require('node:net');
  import(process.env.BENCH_AEDES_MODULE).then(async ({ Aedes }) => {
    const broker = await Aedes.createBroker();
    net.createServer(broker.handle).listen(Number(aedesPort), '127.0.0.1');
  }).catch(err => {
    console.error('embedded aedes failed to start:', err);
    process.exit(1);
  });
}

module.exports = {
  uiHost: '127.0.0.1',
  flowFile: 'flows.json',
  flowFilePretty: false,
  diagnostics: { enabled: false, ui: false },
  runtimeState: { enabled: false, ui: false },
  telemetry: { enabled: false, updateNotification: false },
  logging: { console: { level: 'warn', metrics: false, audit: false } },
  externalModules: {},
  editorTheme: { tours: false, projects: { enabled: false } },
  functionExternalModules: false,
  functionTimeout: 0,
  exportGlobalContextKeys: false
};
