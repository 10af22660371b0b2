// The client's connection settings hold for every call, concurrent ones included: @libsql/client
// opens a pool connection per overlapping call by default, and a PRAGMA reaches only the connection
// it ran on, so writes under load committed with SQLite's defaults (fsync per commit, checkpoints).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openNodeDatabase } from './node-database';

const dir = mkdtempSync(join(tmpdir(), 'decnet-node-db-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const silent = { info() {}, warn() {}, error() {} };

describe('openNodeDatabase', () => {
  it('runs every client call, however concurrent, on a connection with synchronous = NORMAL and no auto-checkpoint', async () => {
    const database = await openNodeDatabase(`file:${join(dir, 'cp.db')}`, { DECNET_INGEST_THREAD: '0' }, silent);
    try {
      const calls = await Promise.all(
        Array.from({ length: 12 }, (_, i) => (i % 2 ? database.client.execute('PRAGMA synchronous') : database.client.batch(['PRAGMA wal_autocheckpoint'], 'read'))),
      );
      const values = calls.map((r) => Number((Array.isArray(r) ? r[0]! : r).rows[0]![0]));
      expect(values).toEqual(Array.from({ length: 12 }, (_, i) => (i % 2 ? 1 : 0)));
    } finally {
      await database.close();
    }
  });
});
