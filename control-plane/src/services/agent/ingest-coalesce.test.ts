// Coalesced ingest through the real writer thread on a real libSQL file: batches of several agents
// that queue behind the writer are folded as one job, store every event exactly once, keep each
// host's sessions apart, count like one-by-one ingest, and a batch that fails fails alone.
import { credentialFields, type ServiceEvent } from '@decnet/protocol';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { startIngestWriter } from '../../runtime/node-ingest-writer';
import { memoryDeps } from '../../testing/memory-deps';
import { nativeSql } from '../../testing/native';
import { ingestNativeVia } from './ingest-coalesce';
import { ingestNative, type ApplyJob } from './ingest-native';

const dir = mkdtempSync(join(tmpdir(), 'decnet-ingest-coalesce-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const T0 = Date.parse('2026-03-01T10:00:00Z');
const HOSTS = ['host-a', 'host-b', 'host-c'];

/** Batch `k` of a host: 10 events of session `s<k % 5>` (the same keys on every host), 4 attackers. */
function batch(host: string, k: number): ServiceEvent[] {
  return Array.from({ length: 10 }, (_, j) => {
    const i = k * 10 + j;
    const ts = new Date(T0 + i * 1000).toISOString();
    const eventType = j === 0 ? 'connect' : j < 7 ? 'auth_attempt' : j < 9 ? 'command' : 'disconnect';
    const fields: Record<string, string> = { session_id: `s${k % 5}` };
    if (eventType === 'auth_attempt') Object.assign(fields, credentialFields('root', ['toor', 'admin', '123456'][i % 3]!, 'plaintext', 'failure'));
    if (eventType === 'command') fields.cmd = 'uname -a';
    return { id: `${host}-${i}`, ts, decky: 'web-01', service: 'ssh', eventType, srcIp: `198.51.100.${k % 4}`, srcPort: 40000 + i, fields, raw: `<134>1 ${ts} web-01 ssh - ${eventType} -` };
  });
}

/** Every host's 20 batches, each sent twice (an agent's retry), all at once. */
const SENDS = HOSTS.flatMap((h) => Array.from({ length: 40 }, (_, n) => [h, batch(h, n % 20)] as const));
const NOW = T0 + 86_400_000;

async function open(name: string) {
  const file = join(dir, `${name}.db`);
  return { file, deps: await memoryDeps({}, { now: NOW }, `file:${file}`) };
}

const totals = (deps: Awaited<ReturnType<typeof open>>['deps']) =>
  Promise.all([
    deps.db.all(sql`SELECT id, event_count, command_count FROM sessions ORDER BY id`),
    deps.db.all(sql`SELECT ip, event_count, auth_count, command_count, credential_count FROM attackers ORDER BY ip`),
    deps.db.all(sql`SELECT principal, secret_printable, attempts, json_array_length(attacker_ips_json) AS ips FROM credentials ORDER BY 1, 2`),
    deps.db.all(sql`SELECT hour_ms, event_type, count FROM event_rollups ORDER BY 1, 2`),
    deps.db.all(sql`SELECT count(*) AS n FROM events`),
  ]);

describe('coalesced ingest through the writer thread', () => {
  it('folds queued batches of several hosts as one job: every event once, counted as one by one', async () => {
    const { file, deps } = await open('coalesced');
    const writer = startIngestWriter(file, (m) => expect.fail(m));
    let jobs = 0;
    const apply: ApplyJob = (job) => (jobs++, writer.apply(job));
    try {
      const results = await Promise.all(SENDS.map(([h, b]) => ingestNativeVia(apply, h, b, NOW)));
      expect(results.reduce((n, r) => n + r.accepted, 0)).toBe(600);
      expect(results.reduce((n, r) => n + r.duplicates, 0)).toBe(600);
      // 120 uploads; the writer got a few jobs (the first ones alone, then what queued behind them).
      expect(jobs).toBeLessThanOrEqual(10);

      // The same batches one by one on a native connection: the same sessions, attackers, counts.
      const one = await open('one-by-one');
      const sync = nativeSql(`file:${one.file}`);
      for (const [h, b] of SENDS) await ingestNative(sync, h, b, NOW);
      sync.close();
      const [got, want] = await Promise.all([totals(deps), totals(one.deps)]);
      expect(got).toEqual(want);
      // Each host's `s0`..`s4` stayed its own session.
      expect(got[0]).toHaveLength(15);
      expect(got[4]).toEqual([{ n: 600 }]);
    } finally {
      await writer.stop();
    }
  });

  it('a batch that fails does not take the batches coalesced with it down', async () => {
    const { file, deps } = await open('poison');
    const writer = startIngestWriter(file, (m) => expect.fail(m));
    // The writer refuses any job holding the poisoned batch (as a statement error would).
    const apply: ApplyJob = (job) => (job.rows.some((r) => r[0] === 'host-b-55') ? Promise.reject(new Error('poisoned')) : writer.apply(job));
    try {
      const sends = HOSTS.flatMap((h) => Array.from({ length: 10 }, (_, k) => [h, batch(h, k)] as const));
      const results = await Promise.allSettled(sends.map(([h, b]) => ingestNativeVia(apply, h, b, NOW)));
      const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [sends[i]![0] + '/' + i] : []));
      expect(failed).toEqual(['host-b/15']); // batch 5 of host-b (events 50..59) alone
      expect(await deps.db.all(sql`SELECT count(*) AS n FROM events`)).toEqual([{ n: 290 }]);
    } finally {
      await writer.stop();
    }
  });
});
