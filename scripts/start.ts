// `npm start`: runs the whole single-host product (control plane, dashboard, host agent, default
// fleet on the local or docker runtime), prints the dashboard URL, first-login credentials and each
// decky's address and services; Ctrl-C stops everything, removing the docker deckies this start ran
// unless --keep-deckies. Flags mirror the environment: --port, --host, --data-dir, --fleet, --runtime,
// --docker-parent/--docker-subnet/--docker-ip-range/--docker-image (DECNET_DOCKER_*), --no-agent.
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { formatBanner } from './banner';
import { DEFAULT_FLEET, readFleet, startStack } from './stack';

const USAGE = `npm start -- [--port 8080] [--host 127.0.0.1] [--data-dir .data] [--fleet FILE.ini] [--runtime local|docker]
               [--docker-parent IFACE --docker-subnet CIDR [--docker-ip-range CIDR] [--docker-image IMAGE]]
               [--keep-deckies] [--no-agent]`;

const { values: a } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    'data-dir': { type: 'string' },
    fleet: { type: 'string' },
    runtime: { type: 'string' },
    'docker-parent': { type: 'string' },
    'docker-subnet': { type: 'string' },
    'docker-ip-range': { type: 'string' },
    'docker-image': { type: 'string' },
    'keep-deckies': { type: 'boolean', default: false },
    'no-agent': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (a.help) {
  console.log(USAGE);
  process.exit(0);
}
const t0 = performance.now();
const env: Record<string, string | undefined> = {
  ...process.env,
  ...(a['docker-parent'] && { DECNET_DOCKER_PARENT: a['docker-parent'] }),
  ...(a['docker-subnet'] && { DECNET_DOCKER_SUBNET: a['docker-subnet'] }),
  ...(a['docker-ip-range'] && { DECNET_DOCKER_IP_RANGE: a['docker-ip-range'] }),
  ...(a['docker-image'] && { DECNET_DOCKER_IMAGE: a['docker-image'] }),
};
const runtime = (a.runtime ?? env.DECNET_RUNTIME ?? 'local') as 'local' | 'docker';
if (runtime !== 'local' && runtime !== 'docker') throw new Error(`--runtime must be local or docker, got '${runtime}'`);
const keepDeckies = a['keep-deckies'];
const stack = await startStack({
  dataDir: resolve(a['data-dir'] ?? env.DECNET_DATA_DIR ?? '.data'),
  ...(a.host || env.DECNET_HOST ? { host: a.host ?? env.DECNET_HOST } : {}),
  port: Number(a.port ?? env.DECNET_PORT ?? 8080),
  fleetIni: readFleet(a.fleet ?? env.DECNET_FLEET_INI ?? DEFAULT_FLEET),
  // With the default fleet, a small generated maze too: a DMZ and one inner LAN behind a forwarding decky.
  ...(!a.fleet && !env.DECNET_FLEET_INI && { topology: { name: 'maze', seed: 7, depth: 1, branching: 1, deckiesPerLan: 2, forwardProbability: 1, crossEdgeProbability: 0, subnetBase: '10.100.0.0/24', randomServices: false } }),
  runtime,
  agent: !a['no-agent'],
  env,
  log: (m) => console.log(`[decnet] ${m}`),
});
let stopping = false;
const stop = async (sig: string) => {
  if (stopping) return;
  stopping = true;
  const removing = stack.runtime === 'docker' && !keepDeckies;
  console.log(`\n[decnet] ${sig}: stopping${removing ? ' and removing the decky containers' : ''}…`);
  await stack.close({ keepDeckies });
  console.log(`[decnet] stopped${stack.runtime === 'docker' && keepDeckies ? ' (decky containers kept: --keep-deckies)' : ''}`);
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

await stack.fleetRunning(120_000).catch((e: Error) => console.log(`[decnet] warning: ${e.message}`));
const b = stack.cp.bootstrap;
const lines = formatBanner({
  upS: (performance.now() - t0) / 1000,
  url: stack.cp.url,
  ...(b.created && { login: { username: b.username, ...(b.generatedPassword && { password: b.generatedPassword }) } }),
  runtime: stack.runtime,
  ...(stack.network && { network: stack.network }),
  deckies: await stack.deckies(),
  keepDeckies,
});
console.log(lines.join('\n'));
