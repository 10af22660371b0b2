// Outbox retention on a real migrated libSQL file: old delivered rows and unneeded old facts go,
// pending deliveries and dead letters keep their fact (a re-delivered one ages out afterwards), the
// work per call is bounded and the scan gets past old rows that must stay; the Node loop prunes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../deps';
import { memoryDeps } from '../../testing/memory-deps';
import { startReceiver, type Receiver } from '../../testing/webhook-receiver';
import { fanOut } from './fan-out';
import { factStatements } from './outbox';
import { parseRetentionDays, pruneWebhooks, resetPruneCursor } from './prune';
import { fetchTransport } from './transport';
import { createWebhook, deleteWebhook, redeliver, updateWebhook } from './subscriptions';
import { runWebhookTick, startWebhookLoop } from './tick';
import { webhookSettings } from './settings';

const DAY = 86_400_000;
const WEEK = 7 * DAY;
const dir = mkdtempSync(join(tmpdir(), 'decnet-prune-'));
let deps: AppDeps & { clock: { now: number } };
let rx: Receiver;
let n = 0;

const publish = (topic: string, count: number, atMs: number) => {
  const ids = Array.from({ length: count }, () => `prune.test:${n++}`);
  return deps.rawBatch(factStatements(ids.map((id) => ({ id, topic, type: 'webhook.test', ts: atMs, payload: {} })), atMs)).then(() => ids);
};
const rows = <T>(query: ReturnType<typeof sql>) => deps.db.all<T>(query);
const factIds = async () => (await rows<{ id: string }>(sql`SELECT id FROM webhook_outbox ORDER BY seq`)).map((r) => r.id);
const deliveries = async (subId: string) => rows<{ fact_id: string; status: string }>(sql`SELECT fact_id, status FROM webhook_deliveries WHERE subscription_id = ${subId} ORDER BY fact_seq`);
/** Marks a subscription's deliveries of `ids` with a status and a delivery time. */
const mark = (subId: string, ids: string[], status: string, deliveredAtMs: number | null) =>
  deps.db.run(sql`UPDATE webhook_deliveries SET status = ${status}, delivered_at_ms = ${deliveredAtMs} WHERE subscription_id = ${subId} AND fact_id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`);
const sub = (name: string, topic: string) => createWebhook(deps, { name, url: `http://127.0.0.1:${rx.port}/${name}`, patterns: [topic] });

beforeAll(async () => {
  rx = await startReceiver();
  deps = await memoryDeps({}, { now: Date.UTC(2026, 5, 1) }, `file:${join(dir, 'prune.db')}`);
  const policy = { allowPrivate: false, allowCidrs: ['127.0.0.1/32'] };
  deps.webhooks = { policy, transport: fetchTransport(), random: () => 0.5 };
});
beforeEach(async () => {
  resetPruneCursor();
  await deps.db.run(sql`DELETE FROM webhook_deliveries`);
  await deps.db.run(sql`DELETE FROM webhook_outbox`);
  await deps.db.run(sql`DELETE FROM webhook_subscriptions`);
});
afterAll(async () => {
  await rx.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('webhook outbox retention', () => {
  it('parses the retention setting (days, default 7, 0 keeps everything)', () => {
    expect([parseRetentionDays(undefined), parseRetentionDays(''), parseRetentionDays('0'), parseRetentionDays('1.5')]).toEqual([WEEK, WEEK, 0, 1.5 * DAY]);
    expect(() => parseRetentionDays('-1')).toThrow(/RETENTION_DAYS/);
    expect(() => parseRetentionDays('a week')).toThrow(/RETENTION_DAYS/);
  });

  it('deletes old delivered rows and unneeded old facts; pending and dead letters keep theirs', async () => {
    const now = deps.clock.now;
    const old = now - WEEK - DAY;
    const a = await sub('a', 'decnet/test/prune');
    const b = await sub('b', 'decnet/test/prune');
    deps.clock.now = old;
    const [f1, f2, f3, f4, f5] = await publish('decnet/test/prune', 5, old);
    const [orphan] = await publish('decnet/test/nobody', 1, old);
    await fanOut(deps);
    deps.clock.now = now - DAY;
    const [recent] = await publish('decnet/test/prune', 1, now - DAY);
    await fanOut(deps);
    deps.clock.now = now;
    await mark(a.id, [f1!, f2!, f3!], 'delivered', old);
    await mark(b.id, [f1!, f2!], 'delivered', old);
    await mark(b.id, [f3!], 'dead', null);
    await mark(a.id, [f5!, recent!], 'delivered', now - DAY); // f5 delivered late (after a retry): its log row is recent
    await mark(b.id, [f5!, recent!], 'delivered', now - DAY);
    // f4 stays pending for both.
    const res = await pruneWebhooks(deps, WEEK);
    expect(res).toEqual({ deliveries: 5, facts: 3 });
    expect(await factIds()).toEqual([f3, f4, f5, recent]);
    expect(await factIds()).not.toContain(orphan);
    expect((await deliveries(a.id)).map((d) => [d.fact_id, d.status])).toEqual([[f4, 'pending'], [f5, 'delivered'], [recent, 'delivered']]);
    expect((await deliveries(b.id)).map((d) => [d.fact_id, d.status])).toEqual([[f3, 'dead'], [f4, 'pending'], [f5, 'delivered'], [recent, 'delivered']]);
    expect(await pruneWebhooks(deps, 0)).toEqual({ deliveries: 0, facts: 0 });
    expect(await pruneWebhooks(deps, WEEK)).toEqual({ deliveries: 0, facts: 0 });
  });

  it('a re-delivered dead letter ages out like any delivery; deleting a subscription frees its facts', async () => {
    const old = deps.clock.now - WEEK - DAY;
    const s = await sub('redo', 'decnet/test/redo');
    const other = await sub('gone', 'decnet/test/redo');
    const saved = deps.clock.now;
    deps.clock.now = old;
    const [f] = await publish('decnet/test/redo', 1, old);
    await fanOut(deps);
    deps.clock.now = saved;
    await mark(s.id, [f!], 'dead', null);
    await mark(other.id, [f!], 'dead', null);
    expect((await pruneWebhooks(deps, WEEK)).facts).toBe(0);
    await updateWebhook(deps, other.id, { enabled: false });
    expect(await redeliver(deps, s.id)).toBe(1);
    await runWebhookTick(deps, webhookSettings(deps));
    expect(rx.received.filter((r) => r.path === '/redo').map((r) => r.headers['x-decnet-event-id'])).toEqual([f]);
    expect((await deliveries(s.id)).map((d) => d.status)).toEqual(['delivered']);
    expect(await pruneWebhooks(deps, WEEK)).toEqual({ deliveries: 0, facts: 0 }); // delivered just now
    deps.clock.now += WEEK + 1;
    expect(await pruneWebhooks(deps, WEEK)).toEqual({ deliveries: 1, facts: 0 }); // the other subscription's dead letter holds the fact
    await deleteWebhook(deps, other.id);
    expect(await pruneWebhooks(deps, WEEK)).toEqual({ deliveries: 0, facts: 1 });
    expect(await factIds()).toEqual([]);
  });

  it('works in bounded batches and gets past old rows that must stay', async () => {
    const old = deps.clock.now - WEEK - DAY;
    const s = await sub('bounded', 'decnet/test/bounded');
    const saved = deps.clock.now;
    deps.clock.now = old;
    const held = await publish('decnet/test/bounded', 3, old); // dead letters at the head of the outbox
    const done = await publish('decnet/test/bounded', 5, old);
    await publish('decnet/test/unmatched', 4, old);
    await fanOut(deps);
    deps.clock.now = saved;
    await mark(s.id, held, 'dead', null);
    await mark(s.id, done, 'delivered', old);
    const limits = { window: 2, rounds: 1 };
    const first = await pruneWebhooks(deps, WEEK, limits);
    expect(first.deliveries).toBe(2);
    expect(first.facts).toBe(0); // the first window holds only dead letters' facts
    let total = first;
    for (let i = 0; i < 20 && (await factIds()).length > held.length; i++) {
      const r = await pruneWebhooks(deps, WEEK, limits);
      expect(r.deliveries).toBeLessThanOrEqual(2);
      expect(r.facts).toBeLessThanOrEqual(2);
      total = { deliveries: total.deliveries + r.deliveries, facts: total.facts + r.facts };
    }
    expect(total).toEqual({ deliveries: 5, facts: 9 });
    expect(await factIds()).toEqual(held);
  });

  it('the Node delivery loop prunes with the configured retention', async () => {
    const old = deps.clock.now - 2 * DAY;
    const saved = deps.clock.now;
    deps.clock.now = old;
    await publish('decnet/test/loop', 3, old);
    await fanOut(deps);
    deps.clock.now = saved;
    const loop = startWebhookLoop(deps, { ...webhookSettings(deps), retentionMs: DAY }, 5);
    try {
      for (let i = 0; i < 200 && (await factIds()).length > 0; i++) await new Promise((ok) => setTimeout(ok, 10));
    } finally {
      await loop.stop();
    }
    expect(await factIds()).toEqual([]);
  });
});
