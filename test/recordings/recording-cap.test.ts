// The recorder's cap and the control plane's agree: a shell session recorded past the sensor's 10 MiB
// cap (the real CastRecorder and castChunks) is uploaded as its pieces through the real native ingest
// into a libSQL file, and the cast comes back whole, verified and marked truncated, from
// session_recordings; none of its ~3,500 pieces are events.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServiceEvent } from '@decnet/protocol';
import { sql } from 'drizzle-orm';
import { afterAll, expect, it } from 'vitest';
import type { HostRow } from '../../control-plane/src/db/schema';
import { openNative } from '../../control-plane/src/runtime/node-database';
import { ingestEvents } from '../../control-plane/src/services/agent/ingest-events';
import { MAX_CHUNKS, RECORDING_MAX_BYTES } from '../../control-plane/src/services/recordings/chunks';
import { sessionRecording } from '../../control-plane/src/services/recordings/recording';
import { memoryDeps } from '../../control-plane/src/testing/memory-deps';
import { CAST_LIMITS, castChunks, CastRecorder } from '../../templates/src/runner/cast-recorder';

const dir = mkdtempSync(join(tmpdir(), 'decnet-rec-cap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('stores and rebuilds a recording cut at the recorder cap', async () => {
  expect(CAST_LIMITS.maxBytes).toBe(RECORDING_MAX_BYTES);
  const t0 = Date.now() - 60_000;
  let clock = t0;
  const rec = new CastRecorder({ width: 80, height: 24, term: 'xterm', startMs: t0 }, CAST_LIMITS, () => clock);
  const screen = `${'lorem ipsum dolor sit amet '.repeat(36)}\r\n`;
  for (let i = 0; i < 12_000 && !rec.truncated; i++) (clock += 5, rec.output(screen));
  const cast = rec.finish();
  expect(cast.truncated).toBe(true);
  expect(cast.bytes).toBeGreaterThan(RECORDING_MAX_BYTES - 2048);
  const pieces = castChunks(cast.text);
  expect(pieces.length).toBeLessThanOrEqual(MAX_CHUNKS);

  const url = `file:${join(dir, 'cap.db')}`;
  const syncSql = openNative(url);
  const deps = { ...(await memoryDeps({}, { now: Date.now() }, url)), syncSql };
  const at = new Date(t0 + 30_000).toISOString();
  const ev = (i: number, eventType: string, fields: Record<string, string>): ServiceEvent => ({ id: `cap-${i}`, ts: at, decky: 'web-01', service: 'ssh', eventType, srcIp: '203.0.113.60', srcPort: 40000, fields: { session_id: 's-cap', ...fields }, raw: `<134>1 ${at} web-01 ssh - ${eventType} -` });
  const events = [ev(0, 'connect', {}), ...pieces.map((data, seq) => ev(seq + 1, 'recording_chunk', { sid: 's-cap', seq: String(seq), of: String(pieces.length), data }))];
  events.push(ev(events.length, 'session_recorded', { sid: 's-cap', chunks: String(pieces.length), truncated: 'true', cast_sha256: createHash('sha256').update(cast.text).digest('hex') }));
  for (let i = 0; i < events.length; i += 2000) await ingestEvents(deps, { id: 'host-cap' } as HostRow, events.slice(i, i + 2000));

  const back = await sessionRecording(deps, 'host-cap/web-01/ssh/s-cap');
  expect(back.bytes).toBe(cast.bytes);
  expect(back.cast === cast.text).toBe(true);
  expect(back.verified).toBe(true);
  expect(back.truncated).toBe(true);
  expect(Number((await deps.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM session_recordings`))[0]!.n)).toBe(pieces.length);
  expect(Number((await deps.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM events`))[0]!.n)).toBe(2);
  syncSql?.close();
});
