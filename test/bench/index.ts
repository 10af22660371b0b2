// `npm run bench`: runs every benchmark on this machine and prints one table.
// Usage: npm run bench [-- --only=http|agent|ingest|attack|sse|e2e|startup|docker|topology|sniffer|prober|identities|webhooks|high-interaction|stack-personality|fleet-sim|fleet-sim-workerd|desired-poll|memory] [-- --agents=1000] [-- --steps=50,100,250,500,1000] [-- --polls=1000] [-- --duration=10] [-- --events=1000000]
import { benchHttpApi } from './http-api';
import { benchAgent } from './agent';
import { benchAttack } from './attack';
import { benchDesiredPoll } from './desired-poll';
import { benchDocker } from './docker';
import { benchE2eLatency } from './e2e-latency';
import { benchFleetSim } from './fleet-sim';
import { benchFleetSimWorkerd, WORKERD_STEPS } from './fleet-sim-workerd';
import { benchHighInteraction } from './high-interaction';
import { benchIdentities } from './identities';
import { benchIngest } from './ingest';
import { benchMemory } from './memory';
import { benchSse } from './sse';
import { benchStartup } from './startup';
import { benchSniffer } from './sniffer';
import { benchStackPersonality } from './stack-personality';
import { benchProber } from './prober';
import { benchTopology } from './topology';
import { benchWebhooks } from './webhooks';
import { printTable, type BenchRow } from './table';

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const durationS = Number(args.get('duration') ?? 10);
const only = args.get('only');

const suites: Record<string, () => Promise<BenchRow[]>> = {
  http: () => benchHttpApi(durationS, Number(args.get('events') ?? 1_000_000)),
  agent: () => benchAgent(durationS),
  ingest: () => benchIngest(Number(args.get('events') ?? 1_000_000)),
  attack: () => benchAttack(Number(args.get('events') ?? 200_000)),
  sse: () => benchSse(Number(args.get('streams') ?? 1000), Number(args.get('rate') ?? 5000)),
  e2e: () => benchE2eLatency(),
  startup: () => benchStartup(),
  docker: () => benchDocker(durationS),
  topology: () => benchTopology(),
  sniffer: () => benchSniffer(),
  prober: () => benchProber(),
  identities: () => benchIdentities(Number(args.get('attackers') ?? 100_000)),
  webhooks: () => benchWebhooks(Number(args.get('facts') ?? 10_000)),
  'high-interaction': () => benchHighInteraction(),
  'stack-personality': () => benchStackPersonality(),
  // Its own defaults: 1,000 agents, a 60 s window unless --duration is given.
  'fleet-sim': () => benchFleetSim(Number(args.get('agents') ?? 1000), Number(args.get('duration') ?? 60)),
  // workerd with D1, N stepped up (--steps) until a target fails; a 30 s window per step unless --duration.
  'fleet-sim-workerd': () => benchFleetSimWorkerd(args.get('steps')?.split(',').map(Number) ?? WORKERD_STEPS, Number(args.get('duration') ?? 30)),
  'desired-poll': () => benchDesiredPoll(Number(args.get('polls') ?? 1000), durationS),
  // npm start, then --rounds (5) of ingest + list load; the product's RSS after each.
  memory: () => benchMemory(Number(args.get('rounds') ?? 5)),
};

const rows: BenchRow[] = [];
for (const [name, run] of Object.entries(suites)) {
  if (only && only !== name) continue;
  process.stderr.write(`bench: ${name}…\n`);
  try {
    rows.push(...(await run()));
  } catch (e) {
    // "fetch failed" alone says nothing: keep the cause (refused, reset, which address).
    const cause = e instanceof Error && e.cause instanceof Error ? `: ${e.cause.message}` : '';
    rows.push({ name, value: 'FAILED', note: e instanceof Error ? e.message + cause : String(e), met: false });
    process.stderr.write(`bench ${name} failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  }
}
printTable(rows);
