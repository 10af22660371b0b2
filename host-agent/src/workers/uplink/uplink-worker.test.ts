import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Spool } from '../../spool/spool';
import type { CallOutcome } from '../../uplink/mtls-client';
import { UplinkWorker } from './uplink-worker';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A fake control plane: idempotent on id, with switchable failure modes. */
class FakeServer {
  stored = new Map<string, number>();
  posts = 0;
  mode: 'ok' | 'down' | 'revoked' = 'ok';
  batchSizes: number[] = [];
  async post(body: Buffer): Promise<CallOutcome> {
    this.posts++;
    await new Promise((r) => setTimeout(r, 1));
    if (this.mode === 'down') return { kind: 'retry', status: 0, code: 'ECONNREFUSED', message: 'down' };
    if (this.mode === 'revoked') return { kind: 'identity', status: 403, code: 'forbidden', message: 'host revoked' };
    const { events } = JSON.parse(body.toString()) as { events: Array<{ id: string; poison?: boolean }> };
    if (events.some((e) => e.poison)) return { kind: 'rejected', status: 422, code: 'validation_failed', message: 'bad event' };
    let accepted = 0;
    for (const e of events) {
      if (!this.stored.has(e.id)) accepted++;
      this.stored.set(e.id, (this.stored.get(e.id) ?? 0) + 1);
    }
    this.batchSizes.push(events.length);
    return { kind: 'ok', status: 200, body: { accepted, duplicates: events.length - accepted } };
  }
}

async function setup(config: Partial<{ batchMax: number; flushIntervalMs: number; inflight: number }> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'uplink-'));
  dirs.push(dir);
  const spool = await Spool.open({ dir, maxBytes: 64 << 20, segmentBytes: 1 << 20, fsync: 'group' });
  const server = new FakeServer();
  const quarantined: string[] = [];
  const failures: unknown[] = [];
  const make = () =>
    new UplinkWorker({
      name: 'uplink', log: () => {}, fail: (e) => failures.push(e),
      spool,
      post: (b) => server.post(b),
      quarantine: (r) => void quarantined.push((JSON.parse(r.toString()) as { id: string }).id),
      config: { batchMax: 100, batchMaxBytes: 1 << 20, flushIntervalMs: 20, inflight: 2, ...config },
      backoffMaxMs: 20,
      identityRetryMs: 10,
    });
  const append = (ids: string[], extra: object = {}) => spool.append(ids.map((id) => Buffer.from(JSON.stringify({ id, ...extra }))));
  return { spool, server, quarantined, failures, make, append };
}
const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe('UplinkWorker', () => {
  it('delivers everything in batches of at most batchMax and empties the spool', async () => {
    const t = await setup();
    const w = t.make();
    await w.start();
    await t.append(ids('a', 1050));
    await expect.poll(() => t.spool.stats().pendingRecords, { timeout: 5000 }).toBe(0);
    expect(t.server.stored.size).toBe(1050);
    expect(Math.max(...t.server.batchSizes)).toBeLessThanOrEqual(100);
    expect(w.health()).toMatchObject({ status: 'ok', counters: { events: 1050, accepted: 1050, duplicates: 0 } });
    await w.stop();
    expect(t.failures).toEqual([]);
  });

  it('sends a partial batch once flushIntervalMs has passed', async () => {
    const t = await setup({ batchMax: 5000, flushIntervalMs: 50 });
    const w = t.make();
    await w.start();
    const t0 = Date.now();
    await t.append(ids('p', 3));
    await expect.poll(() => t.server.stored.size, { timeout: 2000, interval: 5 }).toBe(3);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(40);
    expect(t.server.batchSizes).toEqual([3]);
    await w.stop();
  });

  it('retries while the control plane is down and loses nothing', async () => {
    const t = await setup();
    t.server.mode = 'down';
    const w = t.make();
    await w.start();
    await t.append(ids('d', 500));
    await expect.poll(() => t.server.posts, { timeout: 2000 }).toBeGreaterThan(5);
    expect(w.health().status).toBe('degraded');
    expect(t.spool.stats().pendingRecords).toBe(500);
    t.server.mode = 'ok';
    await expect.poll(() => t.spool.stats().pendingRecords, { timeout: 5000 }).toBe(0);
    expect(t.server.stored.size).toBe(500);
    await w.stop();
  });

  it('quarantines just the poison event of a refused batch', async () => {
    const t = await setup();
    const w = t.make();
    await w.start();
    await t.append(ids('g', 40));
    await t.append(['bad'], { poison: true });
    await t.append(ids('h', 40));
    await expect.poll(() => t.spool.stats().pendingRecords, { timeout: 5000 }).toBe(0);
    expect(t.quarantined).toEqual(['bad']);
    expect(t.server.stored.size).toBe(80);
    await w.stop();
  });

  it('keeps everything spooled while the host is refused, then delivers', async () => {
    const t = await setup();
    t.server.mode = 'revoked';
    const logs: string[] = [];
    const w = t.make();
    (w as unknown as { deps: { log: (m: string) => void } }).deps.log = (m) => logs.push(m);
    await w.start();
    await t.append(ids('r', 10));
    await expect.poll(() => logs.length, { timeout: 2000 }).toBeGreaterThan(2);
    expect(logs[0]).toMatch(/REFUSES THIS HOST.*403 forbidden/);
    expect(t.spool.stats().pendingRecords).toBe(10);
    t.server.mode = 'ok';
    await expect.poll(() => t.spool.stats().pendingRecords, { timeout: 5000 }).toBe(0);
    await w.stop();
  });

  it('a restarted instance resends what was in flight; the idempotent server stores each once', async () => {
    const t = await setup({ batchMax: 50 });
    t.server.mode = 'down';
    const w1 = t.make();
    await w1.start();
    await t.append(ids('k', 300));
    await expect.poll(() => t.server.posts, { timeout: 2000 }).toBeGreaterThan(2);
    await w1.stop();
    t.server.mode = 'ok';
    const w2 = t.make();
    await w2.start();
    await expect.poll(() => t.spool.stats().pendingRecords, { timeout: 5000 }).toBe(0);
    expect(t.server.stored.size).toBe(300);
    expect([...t.server.stored.values()].every((n) => n >= 1)).toBe(true);
    await w2.stop();
  });
});
