// The event loop's writes keep working while the ingest writer thread commits back to back: without
// the gate some failed with SQLITE_BUSY, often at once (without waiting out the busy timeout).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServiceEvent } from '@decnet/protocol';
import { afterAll, expect, it } from 'vitest';
import { libsqlRawBatch } from '../db/raw-batch';
import { q } from '../db/raw-sql';
import { ingestNativeVia } from '../services/agent/ingest-coalesce';
import { openDatabase } from './node-database';
import { startIngestWriter } from './node-ingest-writer';
import { WriteGate } from './node-write-gate';
import { syntheticBatch } from '../../../test/bench/synthetic-events';

const dir = mkdtempSync(join(tmpdir(), 'decnet-write-gate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The bench's realistic events (sessions from 20,000 attackers): long transactions, as real load makes. */
const batch = (from: number, n: number) => syntheticBatch(from, n) as ServiceEvent[];

it('lets the event loop write between the writer thread transactions, without SQLITE_BUSY', async () => {
  const file = join(dir, 'db.db');
  const gate = new WriteGate();
  const { client } = await openDatabase(`file:${file}`, gate);
  const writer = startIngestWriter(file, (m) => expect.fail(m), gate.buffer);
  const rawBatch = libsqlRawBatch(client);
  let done = false;
  const ingest = (async () => {
    for (let round = 0; round < 4; round++) {
      await Promise.all([0, 1, 2].map((k) => ingestNativeVia(writer.apply, 'h1', batch((round * 3 + k) * 2000, 2000), Date.now())));
    }
    done = true;
  })();
  const failures: string[] = [];
  let writes = 0;
  while (!done) {
    for (const write of [
      () => rawBatch([q`INSERT INTO fts_state (id, indexed_upto) VALUES (1, 0) ON CONFLICT(id) DO UPDATE SET indexed_upto = indexed_upto`, q`SELECT count(*) FROM attackers`]),
      // Deferred by default: it reads first, then writes.
      () => client.batch([{ sql: 'SELECT count(*) FROM events', args: [] }, { sql: 'UPDATE fts_state SET indexed_upto = indexed_upto WHERE id = 1', args: [] }]),
      () => client.execute({ sql: 'UPDATE fts_state SET indexed_upto = indexed_upto WHERE id = ?', args: [1] }),
    ]) {
      await write().then(
        () => writes++,
        (e: unknown) => failures.push(String(e)),
      );
    }
    await new Promise((r) => setTimeout(r, 2));
  }
  await ingest;
  await writer.stop();
  client.close();
  expect(failures).toEqual([]);
  expect(writes).toBeGreaterThan(30);
  const [row] = (await (await openDatabase(`file:${file}`)).client.execute('SELECT count(*) FROM events')).rows;
  expect(Number(row![0])).toBe(24_000);
});
