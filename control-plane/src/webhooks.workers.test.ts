// Webhook delivery inside workerd against D1, through the Workers delivery path (runWorkersWebhooks:
// workerd's fetch, literal-address SSRF checks) and the Worker's cron handler. The receiver is a real
// node:http server on 127.0.0.1 started by the project's globalSetup (testing/webhook-receiver-global.ts):
// workerd cannot listen, but Miniflare's egress reaches loopback, so every request really leaves
// through workerd's fetch (no fetch mock), and the test reads what arrived back from the receiver.
import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { type Fact } from '@decnet/protocol';
import { describe, expect, inject, it } from 'vitest';
import { q } from './db/raw-sql';
import worker from './runtime/workers';
import { sendFacts } from './services/webhooks/deliver';
import { factStatements } from './services/webhooks/outbox';
import { webhookSettings, type WebhookSettings } from './services/webhooks/settings';
import { createWebhook, getWebhook, listDeliveries, redeliver, sendTest, updateWebhook } from './services/webhooks/subscriptions';
import { fetchTransport } from './services/webhooks/transport';
import { STRICT_POLICY } from './services/webhooks/address-policy';
import { runWorkersWebhooks, WEBHOOK_CRON } from './services/webhooks/workers-delivery';
import { workersDeps } from './testing/workers-deps';
import type { ReceivedRequest } from './testing/webhook-receiver-global';

const rx = inject('webhookReceiver');
const deps = workersDeps({ DECNET_WEBHOOK_ALLOW_PRIVATE: '127.0.0.1/32' });
deps.webhooks = { ...deps.webhooks, random: () => 0.5, retryDelaysMs: [1000, 2000, 4000] };
const run = String(Date.now() % 1_000_000);
let n = 0;

const fact = (topic: string): Fact => ({ id: `wk-${run}-${n++}`, topic, type: 'webhook.test', ts: deps.clock.now, payload: { n } });
const publish = (facts: Fact[], atMs = deps.clock.now) => deps.rawBatch(factStatements(facts, atMs));
const received = async (prefix: string): Promise<ReceivedRequest[]> => (await fetch(`${rx.origin}/__received?prefix=${encodeURIComponent(prefix)}`)).json();
const hook = (path: string, topic: string, extra: Record<string, unknown> = {}) => createWebhook(deps, { name: path, url: `${rx.origin}${path}`, patterns: [topic], ...extra });

async function hmacHex(secret: string, body: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const sig = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(body)));
  return [...sig].map((b) => b.toString(16).padStart(2, '0')).join('');
}

describe('webhook delivery on workerd + D1 (Workers delivery path)', () => {
  it('signs the DECNET body with the subscription secret and sends its headers', async () => {
    const topic = `decnet/test/wk/${run}/sig`;
    const sub = await hook(`/s/sig-${run}/200`, topic);
    const f = fact(topic);
    await publish([f]);
    expect((await runWorkersWebhooks(deps)).delivered).toBe(1);
    const [got, ...more] = await received(`/s/sig-${run}/`);
    expect(more).toEqual([]);
    expect(got!.headers['x-decnet-signature']).toBe(`sha256=${await hmacHex(sub.secret, got!.body)}`);
    expect(got!.headers['x-decnet-signature']).not.toBe(`sha256=${await hmacHex('another secret', got!.body)}`);
    expect(got!.headers['x-decnet-event-id']).toBe(f.id);
    expect(got!.headers['user-agent']).toBe('decnet-webhook/1.0');
    // The body carries DECNET's dotted topic form.
    expect(JSON.parse(got!.body)).toMatchObject({ v: 1, id: f.id, topic: `test.wk.${run}.sig`, type: 'webhook.test', payload: f.payload });
    await updateWebhook(deps, sub.id, { enabled: false });
  });

  it('retries 5xx, 429 and refused connections on the jittered schedule, never a 4xx', async () => {
    const topic = `decnet/test/wk/${run}/retry`;
    const subs = [
      await hook(`/s/r503-${run}/503,503,200`, topic),
      await hook(`/s/r429-${run}/429,204`, topic),
      await hook(`/s/r404-${run}/404`, topic),
      await createWebhook(deps, { name: 'closed', url: `http://127.0.0.1:${rx.closedPort}/x`, patterns: [topic] }),
    ];
    await publish([fact(topic)]);
    const first = await runWorkersWebhooks(deps);
    expect([first.delivered, first.dead, first.retriesScheduled]).toEqual([0, 1, 3]);
    const counts = async () => Promise.all(['r503', 'r429', 'r404'].map(async (k) => (await received(`/s/${k}-${run}/`)).length));
    expect(await counts()).toEqual([1, 1, 1]);
    deps.clock.now += 999; // under the first delay (1000 ms x 1.0): nothing is due yet
    await runWorkersWebhooks(deps);
    expect(await counts()).toEqual([1, 1, 1]);
    deps.clock.now += 1;
    await runWorkersWebhooks(deps);
    deps.clock.now += 2000;
    await runWorkersWebhooks(deps);
    expect(await counts()).toEqual([3, 2, 1]);
    const views = await Promise.all(subs.map((s) => getWebhook(deps, s.id)));
    expect(views.slice(0, 3).map((v) => [v.pending, v.dead])).toEqual([[0, 0], [0, 0], [0, 1]]);
    expect([views[3]!.pending, views[3]!.dead, views[3]!.lastError]).toEqual([1, 0, expect.any(String)]);
    for (const s of subs) await updateWebhook(deps, s.id, { enabled: false });
  });

  it('opens the breaker after 5 dead letters; re-enabling clears it and dead letters are re-delivered', async () => {
    const topic = `decnet/test/wk/${run}/brk`;
    const path = `/s/brk-${run}/400,400,400,400,400,200`;
    const sub = await hook(path, topic);
    const facts = Array.from({ length: 7 }, () => fact(topic));
    await publish(facts);
    await runWorkersWebhooks(deps);
    let v = await getWebhook(deps, sub.id);
    expect((await received(path)).length).toBe(5);
    expect([v.dead, v.pending, v.consecutiveFailures, v.autoDisabledAt !== null]).toEqual([5, 2, 5, true]);
    await runWorkersWebhooks(deps);
    expect((await received(path)).length).toBe(5);
    v = await updateWebhook(deps, sub.id, { enabled: true });
    expect([v.autoDisabledAt, v.consecutiveFailures]).toEqual([null, 0]);
    await runWorkersWebhooks(deps);
    expect((await received(path)).length).toBe(7);
    expect(await redeliver(deps, sub.id)).toBe(5);
    await runWorkersWebhooks(deps);
    v = await getWebhook(deps, sub.id);
    expect([v.dead, v.pending]).toEqual([0, 0]);
    const ids = (await received(path)).map((r) => r.headers['x-decnet-event-id']);
    expect(ids.slice(5).sort()).toEqual(facts.map((f) => f.id).sort());
    expect(new Set(ids).size).toBe(7);
    await updateWebhook(deps, sub.id, { enabled: false });
  });
});

describe('SSRF guard on workerd (literal addresses; names cannot be pre-resolved with fetch)', () => {
  const settings = (policy: WebhookSettings['policy']): WebhookSettings => ({ ...webhookSettings(deps), policy, transport: fetchTransport() });
  const send = (s: WebhookSettings, url: string) => sendFacts(s, { url, format: 'json', secret: 's' }, [{ id: 'webhook.test:1', topic: 'decnet/system/webhook/test', type: 'webhook.test', tsMs: 0, payloadJson: '{}' }], 0);
  const port = rx.origin.split(':').at(-1);

  it('refuses loopback, metadata, [::1], 10/8 and localhost without connecting', async () => {
    const s = settings(STRICT_POLICY);
    for (const url of [`http://127.0.0.1:${port}/s/ssrf-${run}/200`, 'http://169.254.169.254/latest/meta-data/', `http://[::1]:${port}/s/ssrf-${run}/200`, 'http://10.0.0.1/a', `http://localhost:${port}/s/ssrf-${run}/200`, 'http://[::ffff:127.0.0.1]/a']) {
      const out = await send(s, url);
      expect([url, out.ok, out.retryable, out.error]).toEqual([url, false, false, expect.stringMatching(/refused by the SSRF guard/)]);
    }
    expect(await received(`/s/ssrf-${run}/`)).toEqual([]);
  });

  it('does not follow a redirect into a refused range, and follows one to an allowed receiver', async () => {
    const s = settings({ allowPrivate: false, allowCidrs: ['127.0.0.1/32'] });
    for (const to of ['http://10.0.0.1/x', 'http://169.254.169.254/', `http://[::1]:${port}/s/ssrf-${run}/200`]) {
      const out = await send(s, `${rx.origin}/r/redir-${run}?to=${encodeURIComponent(to)}`);
      expect([to, out.ok, out.error]).toEqual([to, false, expect.stringMatching(/refused by the SSRF guard/)]);
    }
    expect((await send(s, `${rx.origin}/r/redir-${run}?to=${encodeURIComponent(`${rx.origin}/s/after-${run}/200`)}`)).ok).toBe(true);
    expect((await received(`/s/after-${run}/`)).length).toBe(1);
    expect(await received(`/s/ssrf-${run}/`)).toEqual([]);
  });

  it('refuses a metadata-address subscription in "send test" and dead-letters it without retry', async () => {
    const sub = await createWebhook(deps, { name: 'meta', url: 'http://169.254.169.254/latest/meta-data/', patterns: [`decnet/test/wk/${run}/meta`] });
    expect(await sendTest(deps, sub.id)).toMatchObject({ ok: false, status: null, error: expect.stringMatching(/refused by the SSRF guard/) });
    await publish([fact(`decnet/test/wk/${run}/meta`)]);
    const r = await runWorkersWebhooks(deps);
    expect([r.dead, r.retriesScheduled]).toEqual([1, 0]);
    await updateWebhook(deps, sub.id, { enabled: false });
  });
});

describe('the Worker cron', () => {
  it('delivers due outbox rows from the scheduled handler and prunes past the retention', async () => {
    const topic = `decnet/test/wk/${run}/cron`;
    const path = `/s/cron-${run}/200`;
    const sub = await hook(path, topic);
    // An old fact already fanned (the watermark past it), then new ones to deliver.
    const stale = fact(`decnet/test/wk/${run}/nobody`);
    await publish([stale], Date.now() - 8 * 86_400_000);
    await deps.rawBatch([q`UPDATE webhook_fanout_state SET fanned_upto = (SELECT seq FROM webhook_outbox WHERE id = ${stale.id}) WHERE id = 1`]);
    const facts = Array.from({ length: 3 }, () => fact(topic));
    await publish(facts, Date.now());
    // The Worker's own deps (runtime/workers.ts build), real clock, the Workers cron path.
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: WEBHOOK_CRON, scheduledTime: Date.now() }), env, ctx);
    await waitOnExecutionContext(ctx);
    const got = await received(path);
    expect(got.map((r) => r.headers['x-decnet-event-id'])).toEqual(facts.map((f) => f.id));
    expect(got[0]!.headers['x-decnet-signature']).toBe(`sha256=${await hmacHex(sub.secret, got[0]!.body)}`);
    const log = await listDeliveries(deps, sub.id, { limit: 10 });
    expect(log.map((d) => [d.factId, d.status]).reverse()).toEqual(facts.map((f) => [f.id, 'delivered']));
    const left = await deps.rawBatch([q`SELECT count(*) FROM webhook_outbox WHERE id = ${stale.id}`]);
    expect(left[0]!.rows[0]).toEqual([0]);
    await updateWebhook(deps, sub.id, { enabled: false });
  });
});
