// Webhook delivery: deliveries/s of a 10,000-fact backlog (built while the receiver was down) to a
// local node:http receiver through the real pinned undici transport and a libSQL file, with order
// per subscription and every id checked; then fact-to-delivery latency p99 with the Node loop running.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FactTopics, type Fact } from '../../protocol/src/index';
import { memoryDeps } from '../../control-plane/src/testing/memory-deps';
import { startReceiver } from '../../control-plane/src/testing/webhook-receiver';
import { factStatements } from '../../control-plane/src/services/webhooks/outbox';
import { webhookSettings } from '../../control-plane/src/services/webhooks/settings';
import { createWebhook } from '../../control-plane/src/services/webhooks/subscriptions';
import { runWebhookTick, startWebhookLoop } from '../../control-plane/src/services/webhooks/tick';
import { undiciTransport } from '../../control-plane/src/services/webhooks/transport-undici';
import type { BenchRow } from './table';

const SUBSCRIPTIONS = 4;

export async function benchWebhooks(facts = 10_000): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'decnet-bench-webhooks-'));
  const rx = await startReceiver();
  const policy = { allowPrivate: false, allowCidrs: ['127.0.0.1/32'] };
  const transport = undiciTransport(async () => [{ address: '127.0.0.1', family: 4 }], policy, 32);
  const deps = await memoryDeps({}, { get now() { return Date.now(); } } as { now: number }, `file:${join(dir, 'cp.db')}`);
  deps.webhooks = { transport, policy };
  const settings = webhookSettings(deps);
  try {
    const subs = [];
    for (let i = 0; i < SUBSCRIPTIONS; i++) subs.push(await createWebhook(deps, { name: `s${i}`, url: rx.url.replace('/hook', `/s${i}`), presets: ['attacker_activity'] }));
    let n = 0;
    const fact = (): Fact => ({ id: `attacker.new:bench-${n++}`, topic: FactTopics.attackerNew, type: 'attacker.new', ts: Date.now(), payload: { ip: `198.51.${(n >> 8) & 255}.${n & 255}` } });
    // Backlog while the receiver is down: the facts are written, nothing can be delivered.
    await rx.down();
    const backlog = Array.from({ length: facts }, fact);
    for (let i = 0; i < backlog.length; i += 500) await deps.rawBatch(factStatements(backlog.slice(i, i + 500)));
    await rx.up();
    const t0 = performance.now();
    for (let i = 0; i < 1000 && rx.received.length < facts * SUBSCRIPTIONS; i++) await runWebhookTick(deps, settings);
    const s = (performance.now() - t0) / 1000;
    const delivered = rx.received.length;
    const rate = delivered / s;
    const want = backlog.map((f) => f.id).join();
    const ordered = subs.every((_, i) => rx.received.filter((r) => r.path === `/s${i}`).map((r) => r.headers['x-decnet-event-id']).join() === want);

    // Latency: facts written at ~200/s for 5 s while the Node loop (250 ms idle poll) delivers.
    rx.received.length = 0;
    const loop = startWebhookLoop(deps, settings, 250);
    const sent = new Map<string, number>();
    const tEnd = Date.now() + 5000;
    while (Date.now() < tEnd) {
      const batch = Array.from({ length: 10 }, fact);
      for (const f of batch) sent.set(f.id, Date.now());
      await deps.rawBatch(factStatements(batch));
      await new Promise((r) => setTimeout(r, 50));
    }
    for (let i = 0; i < 200 && rx.received.length < sent.size * SUBSCRIPTIONS; i++) await new Promise((r) => setTimeout(r, 50));
    await loop.stop();
    const lat = rx.received.map((r) => r.atMs - sent.get(String(r.headers['x-decnet-event-id']))!).sort((a, b) => a - b);
    const p99 = lat[Math.min(lat.length - 1, Math.floor(lat.length * 0.99))] ?? Number.NaN;
    return [
      {
        name: 'webhooks: deliveries/s to a local receiver',
        value: `${Math.round(rate).toLocaleString('en')} deliveries/s`,
        target: '>= 1,000/s',
        met: rate >= 1000 && delivered === facts * SUBSCRIPTIONS && ordered,
        note: `${facts.toLocaleString('en')} facts backlogged while down x ${SUBSCRIPTIONS} subscriptions: ${delivered.toLocaleString('en')} delivered in ${s.toFixed(1)} s, order per subscription ${ordered ? 'kept' : 'BROKEN'}`,
      },
      {
        name: 'webhooks: fact-to-delivery latency p99',
        value: `${Math.round(p99)} ms`,
        target: '< 2,000 ms',
        met: p99 < 2000 && lat.length === sent.size * SUBSCRIPTIONS,
        note: `${sent.size} facts at ~200/s x ${SUBSCRIPTIONS} subscriptions, ${lat.length} delivered, p50 ${lat[Math.floor(lat.length / 2)] ?? '-'} ms, Node loop idle poll 250 ms`,
      },
    ];
  } finally {
    await rx.close().catch(() => undefined);
    await transport.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
