// Delivery against a real local node:http receiver over undici, on a real migrated libSQL database:
// signature, retries (5xx/429 yes, 4xx no), breaker and re-enable, dead-letter re-delivery, a
// backlog built while the receiver is down delivered in order, and two instances sharing the queue.
import { createHmac } from 'node:crypto';
import { FactTopics, type Fact } from '@decnet/protocol';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../deps';
import { memoryDeps } from '../../testing/memory-deps';
import { startReceiver, type Receiver } from '../../testing/webhook-receiver';
import { factStatements } from './outbox';
import { webhookSettings } from './settings';
import { createWebhook, getWebhook, redeliver, updateWebhook } from './subscriptions';
import { runWebhookTick } from './tick';
import { undiciTransport } from './transport-undici';

const policy = { allowPrivate: false, allowCidrs: ['127.0.0.1/32'] };
const transport = undiciTransport(async (h) => [{ address: h === 'localhost' ? '127.0.0.1' : '203.0.113.9', family: 4 }], policy);
let rx: Receiver;
let deps: AppDeps & { clock: { now: number } };
let n = 0;

const fact = (tag: string): Fact => ({ id: `attacker.new:${tag}:${n++}`, topic: FactTopics.attackerNew, type: 'attacker.new', ts: deps.clock.now, payload: { ip: '198.51.100.7', tag } });
const publish = (facts: Fact[]) => deps.rawBatch(factStatements(facts, deps.clock.now));
const tick = (instanceId = 'i1') => runWebhookTick(deps, { ...webhookSettings(deps), instanceId });
const forPath = (path: string) => rx.received.filter((r) => r.path === path);
async function hook(path: string, extra: Record<string, unknown> = {}) {
  return createWebhook(deps, { name: path, url: `${rx.url.replace('/hook', '')}${path}`, presets: ['attacker_activity'], ...extra });
}

beforeAll(async () => {
  rx = await startReceiver();
  deps = await memoryDeps({}, { now: 1_700_000_000_000 });
  deps.webhooks = { transport, policy, random: () => 0.5, retryDelaysMs: [1000, 2000, 4000] };
});
afterAll(async () => {
  await rx.close();
  await transport.close();
});

describe('webhook delivery', () => {
  it('signs the DECNET body with the subscription secret (HMAC-SHA256) and sends its headers', async () => {
    const sub = await hook('/sig');
    await publish([fact('sig')]);
    expect((await tick()).delivered).toBe(1);
    const [got] = forPath('/sig');
    const expected = createHmac('sha256', sub.secret).update(got!.body).digest('hex');
    expect(got!.headers['x-decnet-signature']).toBe(`sha256=${expected}`);
    expect(got!.headers['x-decnet-event-topic']).toBe('attacker.new');
    expect(got!.headers['user-agent']).toBe('decnet-webhook/1.0');
    const body = JSON.parse(got!.body);
    expect(Object.keys(body)).toEqual(['id', 'payload', 'topic', 'ts', 'type', 'v']);
    expect(body).toMatchObject({ v: 1, id: got!.headers['x-decnet-event-id'], type: 'attacker.new', payload: { tag: 'sig' } });
    expect(createHmac('sha256', 'another secret').update(got!.body).digest('hex')).not.toBe(expected);
    const raw = await deps.db.all<{ secret_enc: string }>(sql`SELECT secret_enc FROM webhook_subscriptions WHERE id = ${sub.id}`);
    expect(raw[0]!.secret_enc).not.toContain(sub.secret.slice(6, 20));
    await updateWebhook(deps, sub.id, { enabled: false });
  });

  it('retries 5xx and 429 on the jittered schedule and never retries a 4xx', async () => {
    const seen = new Map<string, number>();
    rx.respond = (r) => {
      const k = r.path;
      seen.set(k, (seen.get(k) ?? 0) + 1);
      if (k === '/503') return seen.get(k)! <= 2 ? 503 : 200;
      if (k === '/429') return seen.get(k)! <= 1 ? 429 : 204;
      if (k === '/404') return 404;
      return 200;
    };
    const subs = [await hook('/503'), await hook('/429'), await hook('/404')];
    await publish([fact('retry')]);
    await tick();
    expect([forPath('/503').length, forPath('/429').length, forPath('/404').length]).toEqual([1, 1, 1]);
    deps.clock.now += 999; // under the first delay (1000 ms x 1.0): nothing is due yet
    await tick();
    expect(forPath('/503').length).toBe(1);
    deps.clock.now += 1;
    await tick();
    deps.clock.now += 2000;
    await tick();
    expect([forPath('/503').length, forPath('/429').length, forPath('/404').length]).toEqual([3, 2, 1]);
    const views = await Promise.all(subs.map((s) => getWebhook(deps, s.id)));
    expect(views.map((v) => [v.pending, v.dead])).toEqual([[0, 0], [0, 0], [0, 1]]);
    for (const s of subs) await updateWebhook(deps, s.id, { enabled: false });
    rx.respond = () => 200;
  });

  it('opens the breaker after 5 dead letters; re-enabling clears it and dead letters can be re-delivered', async () => {
    let failing = true;
    rx.respond = (r) => (r.path === '/brk' && failing ? 400 : 200);
    const sub = await hook('/brk');
    await publish(Array.from({ length: 7 }, () => fact('brk')));
    await tick();
    let v = await getWebhook(deps, sub.id);
    expect(forPath('/brk').length).toBe(5);
    expect([v.dead, v.pending, v.consecutiveFailures, v.autoDisabledAt !== null]).toEqual([5, 2, 5, true]);
    await tick();
    expect(forPath('/brk').length).toBe(5);
    failing = false;
    v = await updateWebhook(deps, sub.id, { enabled: true });
    expect([v.autoDisabledAt, v.consecutiveFailures]).toEqual([null, 0]);
    await tick();
    expect(forPath('/brk').length).toBe(7);
    expect(await redeliver(deps, sub.id)).toBe(5);
    await tick();
    v = await getWebhook(deps, sub.id);
    expect([v.dead, v.pending]).toEqual([0, 0]);
    const ids = forPath('/brk').map((r) => r.headers['x-decnet-event-id']);
    expect(new Set(ids).size).toBe(7);
    await updateWebhook(deps, sub.id, { enabled: false });
  });

  it('delivers a backlog built while the receiver was down, every fact, in fact order', async () => {
    const sub = await hook('/down');
    await rx.down();
    const facts = Array.from({ length: 500 }, () => fact('down'));
    await publish(facts);
    const first = await tick();
    expect(first.retriesScheduled).toBe(1);
    expect((await getWebhook(deps, sub.id)).lastError).toMatch(/ECONNREFUSED|connect|fetch failed|other side closed/i);
    await rx.up();
    deps.clock.now += 1000;
    for (let i = 0; i < 20 && (await getWebhook(deps, sub.id)).pending > 0; i++) await tick();
    expect(forPath('/down').map((r) => r.headers['x-decnet-event-id'])).toEqual(facts.map((f) => f.id));
    await updateWebhook(deps, sub.id, { enabled: false });
  });

  it('two instances ticking at once deliver each fact once (subscription lease)', async () => {
    const subs = [await hook('/pa'), await hook('/pb')];
    await publish(Array.from({ length: 200 }, () => fact('par')));
    await Promise.all([tick('i1'), tick('i2'), tick('i3')]);
    for (let i = 0; i < 5; i++) await tick('i2');
    for (const p of ['/pa', '/pb']) {
      const ids = forPath(p).map((r) => r.headers['x-decnet-event-id']);
      expect(ids.length).toBe(200);
      expect(new Set(ids).size).toBe(200);
    }
    for (const s of subs) await updateWebhook(deps, s.id, { enabled: false });
  });

  it('batches facts within the window into one signed request', async () => {
    const sub = await hook('/batch', { batchWindowMs: 5000 });
    await publish(Array.from({ length: 30 }, () => fact('batch')));
    await tick();
    expect(forPath('/batch').length).toBe(0);
    deps.clock.now += 5000;
    await tick();
    const [got] = forPath('/batch');
    expect(forPath('/batch').length).toBe(1);
    expect(JSON.parse(got!.body).events).toHaveLength(30);
    expect(got!.headers['x-decnet-signature']).toBe(`sha256=${createHmac('sha256', sub.secret).update(got!.body).digest('hex')}`);
  });
});
