// `npm start`: runs the whole single-host product (control plane, dashboard, host agent, default
// fleet on the local runtime), prints the dashboard URL and first-login credentials; Ctrl-C stops
// everything. Flags mirror the environment: --port, --host, --data-dir, --fleet, --runtime, --no-agent.
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { DEFAULT_FLEET, readFleet, startStack } from './stack';

const { values: a } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    'data-dir': { type: 'string' },
    fleet: { type: 'string' },
    runtime: { type: 'string' },
    'no-agent': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (a.help) {
  console.log('npm start -- [--port 8080] [--host 127.0.0.1] [--data-dir .data] [--fleet FILE.ini] [--runtime local|docker] [--no-agent]');
  process.exit(0);
}
const t0 = performance.now();
const env = process.env;
const runtime = (a.runtime ?? env.DECNET_RUNTIME ?? 'local') as 'local' | 'docker';
if (runtime !== 'local' && runtime !== 'docker') throw new Error(`--runtime must be local or docker, got '${runtime}'`);
const stack = await startStack({
  dataDir: resolve(a['data-dir'] ?? env.DECNET_DATA_DIR ?? '.data'),
  ...(a.host || env.DECNET_HOST ? { host: a.host ?? env.DECNET_HOST } : {}),
  port: Number(a.port ?? env.DECNET_PORT ?? 8080),
  fleetIni: readFleet(a.fleet ?? env.DECNET_FLEET_INI ?? DEFAULT_FLEET),
  runtime,
  agent: !a['no-agent'],
  log: (m) => console.log(`[decnet] ${m}`),
});
let stopping = false;
const stop = async (sig: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n[decnet] ${sig}: stopping…`);
  await stack.close();
  console.log('[decnet] stopped');
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

const running = await stack.fleetRunning(120_000).catch((e: Error) => {
  console.log(`[decnet] warning: ${e.message}`);
  return [];
});
const endpoints = stack.agent?.status().desiredState?.endpoints ?? [];
console.log('');
console.log(`DECNET-TS is up in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
console.log(`  Dashboard:  ${stack.cp.url}/`);
console.log(`  API:        ${stack.cp.url}/api/v1 (OpenAPI: ${stack.cp.url}/api/v1/openapi.json)`);
if (stack.cp.bootstrap.generatedPassword) {
  console.log(`  First login: user '${stack.cp.bootstrap.username}', password '${stack.cp.bootstrap.generatedPassword}' (shown once; you must change it)`);
} else if (stack.cp.bootstrap.created) {
  console.log(`  First login: user '${stack.cp.bootstrap.username}' with DECNET_ADMIN_PASSWORD (you must change it)`);
}
if (running.length) {
  console.log(`  Deckies (${running.length} running on the local runtime; attack them from this machine):`);
  for (const e of endpoints) console.log(`    ${e.decky.padEnd(10)} ${e.service.padEnd(6)} ${e.host}:${e.port}${e.mapped ? ` (mapped from ${e.wantedPort})` : ''}`);
}
console.log('Press Ctrl-C to stop.');
