// ATT&CK tagging cost at ingest: the same synthetic events (commands, password attempts, HTTP
// requests that fire rules) through the in-process native ingest path into a libSQL file, with every
// rule on and with every rule disabled, in alternating pairs; then ingest over the agent API (mTLS)
// with all rules on, as a share of the machine's native insert ceiling measured in the same run.
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
import { fmtRate, median, nativeInsertRate, shares } from './ceilings';
import { ingestRate } from './ingest';
import { syntheticBatch } from './synthetic-events';
import type { BenchRow } from './table';

const BATCH = 5000;
const PAIRS = 3;
/**
 * The issue's target, 25,000 events/s with all rules on, was set on a machine whose native insert
 * ceiling read 129,000 rows/s: 19.4 % of it. Absolute figures differ twofold between machines, so the
 * row is met at that share of this run's ceiling (and says whether 25,000 itself was reached).
 */
const TARGET_EVENTS = 25_000;
const TARGET_CEILING = 129_000;
const host = { id: 'bench-host' } as HostRow;

async function inProcess(events: number, rulesOn: boolean, dir: string, run: number): Promise<{ perS: number; tags: number }> {
  const url = `file:${join(dir, `attack-${rulesOn ? 'on' : 'off'}-${run}.db`)}`;
  const base = await memoryDeps({}, { now: Date.now() }, url);
  const deps: AppDeps = { ...base, syncSql: openNative(url) };
  try {
    for (const r of ATTACK_RULES) await patchAttackRule(deps, r.id, { enabled: rulesOn }, 'bench');
    const batches: ServiceEvent[][] = [];
    for (let i = 0; i < events; i += BATCH) batches.push(syntheticBatch(i, Math.min(BATCH, events - i)) as ServiceEvent[]);
    const t0 = performance.now();
    for (const b of batches) await ingestEvents(deps, host, b);
    const s = (performance.now() - t0) / 1000;
    const tags = Number((await deps.rawBatch([q`SELECT count(*) FROM attack_tags`]))[0]?.rows[0]?.[0] ?? 0);
    return { perS: events / s, tags };
  } finally {
    deps.syncSql?.close();
  }
}

export async function benchAttack(events = 200_000): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'decnet-bench-attack-'));
  try {
    const fmt = (n: number) => `${Math.round(n).toLocaleString('en')} events/s`;
    // Off and on alternate, so a drift in the machine's speed (shared hosts) hits both alike; the
    // cost is the median of the pairs' ratios.
    const off: number[] = [];
    const on: number[] = [];
    let tags = 0;
    for (let i = 0; i < PAIRS; i++) {
      off.push((await inProcess(events, false, dir, i)).perS);
      const r = await inProcess(events, true, dir, i);
      on.push(r.perS);
      tags = r.tags;
      process.stderr.write(`attack bench: pair ${i + 1}: all rules off ${fmt(off[i]!)}, on ${fmt(on[i]!)}, ${tags} tags\n`);
    }
    const cost = median(on.map((v, i) => 1 - v / off[i]!), (c) => c);
    const ceiling = await nativeInsertRate(events);
    const api = await ingestRate(events, 1);
    process.stderr.write(`attack bench: native insert ceiling ${fmtRate(ceiling, 'rows')}; mTLS ingest, all rules on ${fmtRate(api, 'events')}\n`);
    const share = TARGET_EVENTS / TARGET_CEILING;
    return [
      {
        name: `ATT&CK tagging in the native ingest path, ${events.toLocaleString('en')} events (libSQL file, in process), ${PAIRS} alternating pairs`,
        value: `all ${ATTACK_RULES.length} rules on: ${fmt(median(on, (v) => v))} (${tags.toLocaleString('en')} tags); all off: ${fmt(median(off, (v) => v))} (medians)`,
        target: 'tagging costs < 25 % of ingest',
        met: cost < 0.25,
        note: `${Math.round(cost * 100)} % slower with every rule on (median of the pairs: ${on.map((v, i) => `${Math.round((1 - v / off[i]!) * 100)} %`).join(', ')})`,
      },
      {
        name: `ingest + folding + ATT&CK tagging (all rules on), ${events.toLocaleString('en')} events (mTLS, libSQL file), 1 process`,
        value: fmtRate(api, 'events'),
        share: shares(api, ceiling, ' of native insert'),
        target: `>= ${(share * 100).toFixed(1)} % of native insert (25,000 events/s where it read 129,000 rows/s)`,
        met: api.perS >= ceiling.perS * share,
        note: `native insert ceiling this run ${fmtRate(ceiling, 'rows')}; 25,000 events/s itself ${api.perS >= TARGET_EVENTS ? 'reached' : 'not reached'}`,
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
