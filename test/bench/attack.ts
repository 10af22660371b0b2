// ATT&CK tagging cost at ingest: the same synthetic events (commands, password attempts, HTTP
// requests that fire rules) through the in-process native ingest path into a libSQL file, with every
// rule on and with every rule disabled; then ingest over the agent API (mTLS) with all rules on.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServiceEvent } from '@decnet/protocol';
import type { HostRow } from '../../control-plane/src/db/schema';
import type { AppDeps } from '../../control-plane/src/deps';
import { openNative } from '../../control-plane/src/runtime/node-database';
import { memoryDeps } from '../../control-plane/src/testing/memory-deps';
import { ingestEvents } from '../../control-plane/src/services/agent/ingest-events';
import { q } from '../../control-plane/src/db/raw-sql';
import { ATTACK_RULES } from '../../control-plane/src/services/attack/rules';
import { patchAttackRule } from '../../control-plane/src/services/attack/rules-admin';
import { ingestRate } from './ingest';
import { syntheticBatch } from './synthetic-events';
import type { BenchRow } from './table';

const BATCH = 5000;
const host = { id: 'bench-host' } as HostRow;

async function inProcess(events: number, rulesOn: boolean, dir: string): Promise<{ perS: number; tags: number }> {
  const url = `file:${join(dir, `attack-${rulesOn ? 'on' : 'off'}.db`)}`;
  const base = await memoryDeps({}, { now: Date.now() }, url);
  const deps: AppDeps = { ...base, syncSql: openNative(url) };
  for (const r of ATTACK_RULES) await patchAttackRule(deps, r.id, { enabled: rulesOn }, 'bench');
  const batches: ServiceEvent[][] = [];
  for (let i = 0; i < events; i += BATCH) batches.push(syntheticBatch(i, Math.min(BATCH, events - i)) as ServiceEvent[]);
  const t0 = performance.now();
  for (const b of batches) await ingestEvents(deps, host, b);
  const s = (performance.now() - t0) / 1000;
  const tags = Number((await deps.rawBatch([q`SELECT count(*) FROM attack_tags`]))[0]?.rows[0]?.[0] ?? 0);
  return { perS: events / s, tags };
}

export async function benchAttack(events = 200_000): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'decnet-bench-attack-'));
  try {
    const fmt = (n: number) => `${Math.round(n).toLocaleString('en')} events/s`;
    const off = await inProcess(events, false, dir);
    process.stderr.write(`attack bench: all rules off ${fmt(off.perS)}\n`);
    const on = await inProcess(events, true, dir);
    process.stderr.write(`attack bench: all rules on ${fmt(on.perS)}, ${on.tags} tags\n`);
    const api = await ingestRate(events, 1);
    process.stderr.write(`attack bench: mTLS ingest, all rules on ${fmt(api.perS)}\n`);
    return [
      {
        name: `ATT&CK tagging in the native ingest path, ${events.toLocaleString('en')} events (libSQL file, in process)`,
        value: `all ${ATTACK_RULES.length} rules on: ${fmt(on.perS)} (${on.tags.toLocaleString('en')} tags); all off: ${fmt(off.perS)}`,
        target: 'tagging costs < 25 % of ingest',
        met: on.perS >= off.perS * 0.75,
        note: `${Math.round((1 - on.perS / off.perS) * 100)} % slower with every rule on`,
      },
      {
        name: `ingest + folding + ATT&CK tagging (all rules on), ${events.toLocaleString('en')} events (mTLS, libSQL file), 1 process`,
        value: fmt(api.perS),
        target: '>= 25,000 events/s',
        met: api.perS >= 25_000,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Run directly: `npx tsx test/bench/attack.ts [events]`.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { printTable } = await import('./table');
  printTable(await benchAttack(Number(process.argv[2] ?? 200_000)));
}
