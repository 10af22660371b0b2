// The native synchronous ingest path (Node, local file) must store and fold exactly as the driver
// batch path (D1, remote libSQL): the same batches go through both into two real libSQL files and
// every table must come out identical, including retries, repeated ids and out-of-order events; and
// so must the Node runtime's writer thread (the same transactions on a thread of its own), also
// when many small batches arrive at once and are folded together (ingest-coalesce.ts).
import { credentialFields, type ServiceEvent } from '@decnet/protocol';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import type { HostRow } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { openNative } from '../../runtime/node-database';
import { startIngestWriter } from '../../runtime/node-ingest-writer';
import { memoryDeps } from '../../testing/memory-deps';
import { ingestEvents } from './ingest-events';

const dir = mkdtempSync(join(tmpdir(), 'decnet-ingest-native-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const host = { id: 'host-1' } as HostRow;
const T0 = Date.parse('2026-03-01T10:50:00Z');
const PASSWORDS = ['toor', '123456', 'Winter2024!', 'admin'];
const COMMANDS = ['uname -a', 'cat /etc/passwd', 'echo x >> /etc/crontab', 'scp a b:'];

/** Event `i`: 7 attackers, sessions of 6 events, credentials, commands, artifacts, hints, two hours. */
function ev(i: number, offsetS = i * 37): ServiceEvent {
  const a = i % 7;
  const session = `s-${Math.floor(i / 6)}-${a}`;
  const kind = i % 6;
  const decky = ['web-01', 'db-01', 'iot-01'][Math.floor(i / 6) % 3]!;
  const service = a === 3 ? 'http' : 'ssh';
  const eventType = service === 'http' ? 'request' : ['connect', 'auth_attempt', 'auth_attempt', 'command', 'file_captured', 'disconnect'][kind]!;
  const fields: Record<string, string> = { session_id: session };
  if (eventType === 'connect') fields.client_banner = `SSH-2.0-client-${a}`;
  if (eventType === 'request') fields.user_agent = 'Mozilla/5.0 zgrab/0.x';
  if (eventType === 'auth_attempt') Object.assign(fields, credentialFields('root', PASSWORDS[i % 4]!, 'plaintext', i % 11 === 0 ? 'success' : 'failure'));
  if (eventType === 'command') fields.cmd = COMMANDS[i % 4]!;
  if (eventType === 'file_captured') Object.assign(fields, { sha256: (i % 16).toString(16).repeat(64), size: String(i * 10), orig_path: `/tmp/f${i}` });
  const ts = new Date(T0 + offsetS * 1000).toISOString();
  return { id: `ev-${i}`, ts, decky, service, eventType, srcIp: `198.51.100.${a}`, srcPort: 40000 + i, fields, raw: `<134>1 ${ts} ${decky} ${service} - ${eventType} -`, ...(i % 5 === 0 ? { msg: `m${i}` } : {}) };
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => ev(from + k));
const BATCHES: ServiceEvent[][] = [
  range(0, 120),
  range(100, 260), // a retry overlapping the first batch
  [ev(300), ev(300), ev(301), ev(5)], // an id repeated within a batch, and an old one
  range(260, 300).reverse(), // out of order
  [ev(400, -3600), ev(401, 7200)], // before the first sighting, and after a gap longer than IAT_MAX
  range(0, 50), // all duplicates
];

const TABLES = ['events', 'attackers', 'sessions', 'credentials', 'credential_reuse', 'artifacts', 'event_rollups'];

let runs = 0;

async function run(path: 'batch' | 'native' | 'thread'): Promise<{ results: unknown[]; tables: Record<string, unknown[]> }> {
  const file = join(dir, `${path}-${++runs}.db`);
  const base = await memoryDeps({}, { now: T0 + 86_400_000 }, `file:${file}`);
  const syncSql = path === 'native' ? openNative(`file:${file}`) : undefined;
  const writer = path === 'thread' ? startIngestWriter(file, (m) => expect.fail(m)) : undefined;
  const deps: AppDeps = { ...base, ...(syncSql ? { syncSql } : {}), ...(writer ? { ingestWriter: writer.apply } : {}) };
  const results = [];
  for (const b of BATCHES) results.push(await ingestEvents(deps, host, b));
  const tables: Record<string, unknown[]> = {};
  for (const t of TABLES) tables[t] = await deps.db.all(sql.raw(`SELECT * FROM ${t} ORDER BY 1, 2, 3, 4`));
  syncSql?.close();
  await writer?.stop();
  return { results, tables };
}

describe('native ingest', () => {
  it('stores and folds exactly what the driver batch path does', async () => {
    const batch = await run('batch');
    const native = await run('native');
    expect(native.results).toEqual(batch.results);
    expect(native.results[5]).toEqual({ accepted: 0, duplicates: 50 });
    expect(native.results[2]).toEqual({ accepted: 2, duplicates: 2 });
    for (const t of TABLES) expect({ table: t, rows: native.tables[t] }).toEqual({ table: t, rows: batch.tables[t] });
    expect(native.tables.events).toHaveLength(304);
    // Non-trivial folding actually happened (reuse needs one password on two targets).
    for (const t of ['attackers', 'sessions', 'credentials', 'credential_reuse', 'artifacts', 'event_rollups']) expect(native.tables[t]!.length, t).toBeGreaterThan(0);
  });

  it('stores and folds the same on the writer thread', async () => {
    const native = await run('native');
    const thread = await run('thread');
    expect(thread.results).toEqual(native.results);
    for (const t of TABLES) expect({ table: t, rows: thread.tables[t] }).toEqual({ table: t, rows: native.tables[t] });
  });

  /** Sends `batches` all at once through a writer thread on a fresh file: totals answered and stored. */
  async function sendAtOnce(name: string, batches: ServiceEvent[][]) {
    const file = join(dir, `${name}.db`);
    const deps = await memoryDeps({}, { now: T0 + 86_400_000 }, `file:${file}`);
    const writer = startIngestWriter(file, (m) => expect.fail(m));
    try {
      const results = await Promise.all(batches.map((b) => ingestEvents({ ...deps, ingestWriter: writer.apply }, host, b)));
      const [stored] = await deps.db.values<number[]>(sql`SELECT (SELECT count(*) FROM events), (SELECT sum(event_count) FROM attackers)`);
      return {
        accepted: results.reduce((n, r) => n + r.accepted, 0),
        duplicates: results.reduce((n, r) => n + r.duplicates, 0),
        stored: [Number(stored![0]), Number(stored![1])],
      };
    } finally {
      await writer.stop();
    }
  }

  it('stores and folds a batch sent three times at once on the writer thread exactly once', async () => {
    const batch = range(1000, 1300);
    expect(await sendAtOnce('concurrent', [batch, batch, batch])).toEqual({ accepted: 300, duplicates: 600, stored: [300, 300] });
  });

  it('stores and folds many small batches posted at once to the writer thread exactly once', async () => {
    // 40 batches of 10 events, each id sent in two of them: what queues behind the writer is folded together.
    const batches = Array.from({ length: 40 }, (_, k) => range(2000 + (k % 20) * 10, 2010 + (k % 20) * 10));
    expect(await sendAtOnce('group-thread', batches)).toEqual({ accepted: 200, duplicates: 200, stored: [200, 200] });
  });

  it('goes on storing after the writer thread gave its memory back while idle (GC, page cache, malloc trim)', async () => {
    const file = join(dir, 'idle-release.db');
    const deps = await memoryDeps({}, { now: T0 + 86_400_000 }, `file:${file}`);
    const writer = startIngestWriter(file, (m) => expect.fail(m));
    try {
      const send = (b: ServiceEvent[]) => ingestEvents({ ...deps, ingestWriter: writer.apply }, host, b);
      expect((await send(range(3000, 3200))).accepted).toBe(200);
      await new Promise((r) => setTimeout(r, 3000)); // the thread's idle release runs 2 s after its last job
      expect((await send(range(3100, 3400))).accepted).toBe(200);
      const [stored] = await deps.db.values<number[]>(sql`SELECT (SELECT count(*) FROM events), (SELECT sum(event_count) FROM attackers)`);
      expect([Number(stored![0]), Number(stored![1])]).toEqual([400, 400]);
    } finally {
      await writer.stop();
    }
  });
});
