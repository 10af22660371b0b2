// Recordings out of the event stream, on both ingest paths (native synchronous connection and the
// driver batch of Workers/remote libSQL) over real libSQL files: pieces land in session_recordings
// (re-sent ones once, malformed ones dropped), never in events, counts or rollups; the cast is rebuilt
// and verified; pre-0014 pieces kept as events stay readable; retention removes whole old recordings.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServiceEvent } from '@decnet/protocol';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import type { HostRow } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { openNative } from '../../runtime/node-database';
import { memoryDeps } from '../../testing/memory-deps';
import { ingestEvents } from '../agent/ingest-events';
import { runMaintenance } from '../maintenance/retention';
import { MAX_CHUNKS } from './chunks';
import { sessionRecording } from './recording';

const dir = mkdtempSync(join(tmpdir(), 'decnet-recordings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const host = { id: 'host-r' } as HostRow;
const DAY = 86_400_000;
const T0 = Date.now() - 2 * DAY;
let n = 0;
function ev(sid: string, eventType: string, fields: Record<string, string>, atMs: number): ServiceEvent {
  const ts = new Date(atMs).toISOString();
  return { id: `r-${++n}`, ts, decky: 'web-01', service: 'ssh', eventType, srcIp: '203.0.113.9', srcPort: 40100, fields: { session_id: sid, ...fields }, raw: `<134>1 ${ts} web-01 ssh - ${eventType} -` };
}

const lines = [JSON.stringify({ version: 2, width: 80, height: 24, timestamp: Math.floor(T0 / 1000) })];
for (let i = 0; i < 300; i++) lines.push(JSON.stringify([i / 10, 'o', `line ${i}: ${'x'.repeat(40)}\r\n`]));
const cast = Buffer.from(`${lines.join('\n')}\n`);
const pieces: string[] = [];
for (let i = 0; i < cast.length; i += 3000) pieces.push(cast.subarray(i, i + 3000).toString('base64'));
const sha = createHash('sha256').update(cast).digest('hex');

function sessionBatches(sid: string, at: number): ServiceEvent[][] {
  const chunk = (seq: number) => ev(sid, 'recording_chunk', { sid, seq: String(seq), of: String(pieces.length), data: pieces[seq]! }, at + 60_000);
  const all = pieces.map((_, i) => chunk(i));
  return [
    [ev(sid, 'connect', {}, at), ev(sid, 'command', { cmd: 'id' }, at + 1000), ...all.slice(1)],
    [all[0]!, chunk(1), ev(sid, 'session_recorded', { sid, chunks: String(pieces.length), cast_sha256: sha, duration_s: '30', truncated: 'false' }, at + 60_000), ev(sid, 'disconnect', {}, at + 61_000)],
    all.slice(0, 3), // only pieces, all stored before
    [
      ev(sid, 'recording_chunk', { sid, seq: '5', of: '5', data: 'AAAA' }, at), // seq beyond its count
      ev(sid, 'recording_chunk', { sid, seq: '0', of: String(MAX_CHUNKS + 1), data: 'AAAA' }, at), // more pieces than the cap
      ev(sid, 'recording_chunk', { sid, seq: '0', of: '1', data: 'A'.repeat(4004) }, at), // piece larger than 3,000 bytes
    ],
  ];
}

async function run(native: boolean) {
  const url = `file:${join(dir, `${native ? 'native' : 'batch'}.db`)}`;
  const base = await memoryDeps({}, { now: Date.now() }, url);
  const syncSql = native ? openNative(url) : undefined;
  const deps: AppDeps = { ...base, ...(syncSql ? { syncSql } : {}) };
  const results = [];
  for (const b of sessionBatches('s-new', T0 + DAY)) results.push(await ingestEvents(deps, host, b));
  return { deps, results, close: () => syncSql?.close() };
}

const count = async (deps: AppDeps, q: string) => Number((await deps.db.all<{ n: number }>(sql.raw(q)))[0]!.n);

describe('session recordings table', () => {
  it('stores pieces apart from events on both ingest paths, identically', async () => {
    const batch = await run(false);
    const native = await run(true);
    expect(native.results).toEqual(batch.results);
    expect(batch.results).toEqual([
      { accepted: 2 + pieces.length - 1, duplicates: 0 },
      { accepted: 3, duplicates: 1 },
      { accepted: 0, duplicates: 3 },
      { accepted: 0, duplicates: 3 },
    ]);
    for (const { deps, close } of [batch, native]) {
      expect(await count(deps, 'SELECT count(*) AS n FROM session_recordings')).toBe(pieces.length);
      expect(await count(deps, "SELECT count(*) AS n FROM events WHERE event_type = 'recording_chunk'")).toBe(0);
      expect(await count(deps, 'SELECT count(*) AS n FROM events')).toBe(4);
      expect(await count(deps, 'SELECT sum(event_count) AS n FROM sessions')).toBe(4);
      expect(await count(deps, 'SELECT sum(event_count) AS n FROM attackers')).toBe(4);
      const rec = await sessionRecording(deps, 'host-r/web-01/ssh/s-new');
      expect(Buffer.from(rec.cast).equals(cast)).toBe(true);
      expect(rec.verified).toBe(true);
      close();
    }
    expect(pieces.length).toBeGreaterThan(4);
  });

  it('reads pieces a pre-0014 database kept as events, and ages whole recordings out', async () => {
    const { deps, close } = await run(false);
    // An old session whose pieces were stored as events (before migration 0014).
    const at = T0 - 40 * DAY;
    await ingestEvents(deps, host, [ev('s-old', 'connect', {}, at), ev('s-old', 'disconnect', {}, at + 61_000)]);
    for (const e of pieces.map((data, seq) => ev('s-old', 'recording_chunk', { sid: 's-old', seq: String(seq), of: String(pieces.length), data }, at + 60_000))) {
      await deps.db.run(sql`INSERT INTO events (id, host_id, ts_ms, received_at_ms, decky, service, event_type, src_ip, src_port, fields_json, raw) VALUES (${e.id}, ${host.id}, ${Date.parse(e.ts)}, ${Date.parse(e.ts)}, ${e.decky}, ${e.service}, ${e.eventType}, ${e.srcIp!}, ${e.srcPort!}, ${JSON.stringify(e.fields)}, ${e.raw})`);
    }
    const legacy = await sessionRecording(deps, 'host-r/web-01/ssh/s-old');
    expect(Buffer.from(legacy.cast).equals(cast)).toBe(true);
    expect(legacy.verified).toBe(false); // no summary was sent for it

    // A recording in the table older than the retention age goes whole; the recent one stays.
    for (const b of sessionBatches('s-aged', T0 - 31 * DAY).slice(0, 2)) await ingestEvents(deps, host, b);
    expect(await count(deps, "SELECT count(*) AS n FROM session_recordings WHERE session_id LIKE '%/s-aged'")).toBe(pieces.length);
    await runMaintenance(deps); // 30 days by default
    expect(await count(deps, "SELECT count(*) AS n FROM session_recordings WHERE session_id LIKE '%/s-aged'")).toBe(0);
    expect(await count(deps, "SELECT count(*) AS n FROM session_recordings WHERE session_id LIKE '%/s-new'")).toBe(pieces.length);
    await expect(sessionRecording(deps, 'host-r/web-01/ssh/s-aged')).rejects.toThrow(/No recording/);
    close();
  });
});
