// A write lock held by another connection to the same libSQL file (the native ingest connection, a
// background job's batch) makes API writes wait on the busy timeout rather than fail with a 500;
// a lock still held past it is a 503 `busy` with Retry-After, never a 500.
import Database from 'libsql';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { q } from '../db/raw-sql';
import type { AppDeps } from '../deps';
import { memoryDeps } from '../testing/memory-deps';
import { handleError, isDatabaseBusy } from './error-handler';

const dir = mkdtempSync(join(tmpdir(), 'decnet-busy-'));
const file = join(dir, 'cp.db');
let deps: AppDeps;
let app: ReturnType<typeof createApp>;
let other: Database.Database;

/** Takes the write lock, says so, keeps it 300 ms, commits. */
const HOLDER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.libsql);
const db = new Database(workerData.file);
db.exec('BEGIN IMMEDIATE');
db.exec("INSERT INTO login_attempts (key, count, window_start_ms) VALUES ('held', 1, 0) ON CONFLICT DO NOTHING");
parentPort.postMessage('locked');
setTimeout(() => { db.exec('COMMIT'); db.close(); }, 300);
`;

beforeAll(async () => {
  deps = await memoryDeps({}, { now: Date.now() }, `file:${file}`);
  app = createApp(deps);
  other = new Database(file);
});

afterAll(() => {
  other.close();
  rmSync(dir, { recursive: true, force: true });
});

const login = (username: string) =>
  app.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'not-the-password-1' }) });

describe('database busy', () => {
  it('concurrent logins wait for a write lock held briefly by another process', async () => {
    // The holder runs on another thread, as a second control-plane worker or ingest process would:
    // a holder on this thread could never release while a synchronous busy wait blocks it.
    // Background jobs issue several queries at once, so the client's pool has grown past the one
    // connection a PRAGMA at start reached, and hands out the most recently returned one first.
    await Promise.all(Array.from({ length: 6 }, () => deps.rawBatch([q`SELECT count(*) FROM login_attempts`])));
    const holder = new Worker(HOLDER, { eval: true, workerData: { libsql: createRequire(import.meta.url).resolve('libsql'), file } });
    const exited = new Promise((ok) => holder.once('exit', ok));
    await new Promise((ok, fail) => holder.once('message', ok).once('error', fail));
    const responses = await Promise.all(Array.from({ length: 6 }, (_, i) => login(`nobody-${i}`)));
    await exited;
    const statuses = await Promise.all(responses.map(async (r) => [r.status, await r.text()] as const));
    expect(statuses.filter(([s]) => s !== 401)).toEqual([]);
  });

  it('a lock held past the busy timeout is a 503 busy with Retry-After, not a 500', async () => {
    const impatient = new Database(file, { timeout: 0 });
    other.exec('BEGIN IMMEDIATE');
    try {
      let thrown: unknown;
      try {
        impatient.exec("INSERT INTO login_attempts (key, count, window_start_ms) VALUES ('impatient', 1, 0)");
      } catch (e) {
        thrown = e;
      }
      expect(isDatabaseBusy(thrown)).toBe(true);
      const warnings: string[] = [];
      const probe = new Hono();
      probe.onError(handleError({ info() {}, warn: (m) => void warnings.push(m), error() {} }));
      probe.get('/x', () => {
        throw new Error('wrapped query failure', { cause: thrown });
      });
      const res = await probe.request('/x');
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('1');
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('busy');
      expect(warnings).toEqual(['database busy']);
      expect(isDatabaseBusy(new Error('UNIQUE constraint failed'))).toBe(false);
    } finally {
      other.exec('ROLLBACK');
      impatient.close();
    }
  });
});
