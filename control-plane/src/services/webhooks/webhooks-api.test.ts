// The /webhooks API on a real Node control plane (its delivery loop running, receivers on
// 127.0.0.1 allowed by DECNET_WEBHOOK_ALLOW_PRIVATE=127.0.0.1/32): validation, secrets shown once,
// admin only, send test, dead letters re-delivered, and facts from ingest reaching a receiver.
import { createHmac } from 'node:crypto';
import { credentialFields } from '@decnet/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../testing/agent-harness';
import { startReceiver, type Receiver } from '../../testing/webhook-receiver';

let h: Harness;
let rx: Receiver;
const base = () => rx.url.replace('/hook', '');

async function until<T>(what: string, fn: () => Promise<T | undefined> | T | undefined, tries = 200): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

beforeAll(async () => {
  rx = await startReceiver((r) => (r.path === '/reject' ? 400 : 200));
  h = await startHarness({ DECNET_WEBHOOK_ALLOW_PRIVATE: '127.0.0.1/32', DECNET_WEBHOOK_IDLE_MS: '50' });
});
afterAll(async () => {
  await h?.close();
  await rx?.close();
});

describe('webhooks API', () => {
  it('refuses bad input with 422', async () => {
    const bad = [
      {},
      { name: 'x', url: 'ftp://example.com/', presets: ['system'] },
      { name: 'x', url: 'https://example.com/' },
      { name: 'x', url: 'https://example.com/', patterns: ['decnet/#/x'] },
      { name: 'x', url: 'https://example.com/', presets: ['everything'] },
      { name: 'x', url: 'https://example.com/', presets: ['system'], format: 'xml' },
      { name: 'x', url: 'https://example.com/', presets: ['system'], secret: 'mine' },
      { name: 'x', url: 'https://example.com/', presets: ['system'], batchWindowMs: -1 },
    ];
    for (const body of bad) expect([body, (await h.api('/api/v1/webhooks', body)).status]).toEqual([body, 422]);
    expect((await h.api('/api/v1/webhooks/not-a-uuid')).status).toBe(422);
    expect((await h.api(`/api/v1/webhooks/${crypto.randomUUID()}`)).status).toBe(404);
  });

  it('shows the secret on create and rotation only; viewers are forbidden', async () => {
    const c = await h.api('/api/v1/webhooks', { name: 'siem', url: 'https://siem.example.com/in', presets: ['system'], patterns: ['decky.*.state'] });
    expect(c.status).toBe(201);
    expect(c.body.secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    expect(c.body.patterns).toEqual(['decnet/system/#', 'decnet/decky/+/state']);
    const texts = [JSON.stringify((await h.api('/api/v1/webhooks')).body), JSON.stringify((await h.api(`/api/v1/webhooks/${c.body.id}`)).body), JSON.stringify((await h.api(`/api/v1/webhooks/${c.body.id}`, { name: 'siem2' }, 'PATCH')).body)];
    for (const t of texts) expect([t.includes(c.body.secret), t.includes('secret')]).toEqual([false, false]);
    const rot = await h.api(`/api/v1/webhooks/${c.body.id}`, { rotateSecret: true }, 'PATCH');
    expect(rot.body.secret).toMatch(/^whsec_/);
    expect(rot.body.secret).not.toBe(c.body.secret);

    expect((await h.api('/api/v1/users', { username: 'watcher', password: 'viewer-password-123', role: 'viewer', mustChangePassword: false })).status).toBe(201);
    const login = await fetch(`${h.cp.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'watcher', password: 'viewer-password-123' }) });
    const { token } = (await login.json()) as { token: string };
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    expect((await fetch(`${h.cp.url}/api/v1/webhooks`, { headers: auth })).status).toBe(403);
    expect((await fetch(`${h.cp.url}/api/v1/webhooks`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'v', url: 'https://e.com/', presets: ['system'] }) })).status).toBe(403);
    expect((await fetch(`${h.cp.url}/api/v1/webhooks/${c.body.id}/test`, { method: 'POST', headers: auth })).status).toBe(403);
    expect((await h.api(`/api/v1/webhooks/${c.body.id}`, undefined, 'DELETE')).status).toBe(204);
  });

  it('sends a signed test, refuses a private target, and re-delivers dead letters', async () => {
    const c = await h.api('/api/v1/webhooks', { name: 'test', url: `${base()}/test`, presets: ['system'] });
    const t = await h.api(`/api/v1/webhooks/${c.body.id}/test`, {});
    expect(t.body).toMatchObject({ ok: true, status: 200, error: null });
    const got = rx.received.find((r) => r.path === '/test')!;
    expect(JSON.parse(got.body).type).toBe('webhook.test');
    expect(got.headers['x-decnet-signature']).toBe(`sha256=${createHmac('sha256', c.body.secret).update(got.body).digest('hex')}`);

    const priv = await h.api('/api/v1/webhooks', { name: 'meta', url: 'http://169.254.169.254/latest', presets: ['system'] });
    expect((await h.api(`/api/v1/webhooks/${priv.body.id}/test`, {})).body).toMatchObject({ ok: false, status: null, error: expect.stringMatching(/SSRF/) });
    await h.api(`/api/v1/webhooks/${priv.body.id}`, undefined, 'DELETE');
    await h.api(`/api/v1/webhooks/${c.body.id}`, undefined, 'DELETE');
  });

  it('publishes ingest facts (new attacker, login, reuse, file) and keeps a delivery log with dead letters', async () => {
    const ok = await h.api('/api/v1/webhooks', { name: 'all', url: `${base()}/facts`, presets: ['attacker_activity'] });
    const rej = await h.api('/api/v1/webhooks', { name: 'rej', url: `${base()}/reject`, patterns: ['decnet/attacker/new'] });
    const a = await h.enroll('sensor-webhooks');
    const d = h.mtls(a.certificatePem, a.keyPem);
    const ip = '10.20.30.77'; // a LAN address: no enrichment dataset load on this path
    let n = 0;
    const ev = (decky: string, service: string, eventType: string, fields: Record<string, string>) => ({ id: `wh-${n++}-${Math.random().toString(16).slice(2)}`, ts: new Date(Date.now() - 60_000 + n * 100).toISOString(), decky, service, eventType, srcIp: ip, srcPort: 40000 + n, fields, raw: '-' });
    const cred = credentialFields('root', 'Summer2025!', 'plaintext', 'success') as unknown as Record<string, string>;
    const batch = [
      ev('web-01', 'ssh', 'auth_attempt', { session_id: 'w1', ...cred }),
      ev('web-01', 'ssh', 'file_captured', { session_id: 'w1', sha256: 'b'.repeat(64), size: '10', orig_path: '/tmp/<img src=x>' }),
      ev('db-01', 'mysql', 'auth', { session_id: 'w2', ...cred }),
    ];
    expect((await h.agentCall(d, '/agent/v1/events', { events: batch })).status).toBe(200);
    expect((await h.agentCall(d, '/agent/v1/events', { events: batch })).status).toBe(200); // re-sent: nothing twice
    const types = await until('four fact types', () => {
      const t = rx.received.filter((r) => r.path === '/facts').map((r) => JSON.parse(r.body).type as string);
      return new Set(t).size >= 4 ? t : undefined;
    });
    expect(types.sort()).toEqual(['artifact.captured', 'attacker.login_succeeded', 'attacker.login_succeeded', 'attacker.new', 'credential.reuse_detected']);
    const newAttacker = JSON.parse(rx.received.find((r) => r.path === '/facts' && r.body.includes('attacker.new'))!.body);
    expect(newAttacker).toMatchObject({ topic: 'attacker.new', payload: { ip } });

    const dead = await until('a dead letter', async () => ((await h.api(`/api/v1/webhooks/${rej.body.id}/deliveries?status=dead`)).body.items as unknown[]).at(0));
    expect(dead).toMatchObject({ status: 'dead', attempts: 1, lastStatus: 400, type: 'attacker.new' });
    rx.respond = () => 200;
    await h.api(`/api/v1/webhooks/${rej.body.id}`, { url: `${base()}/accepted` }, 'PATCH');
    expect((await h.api(`/api/v1/webhooks/${rej.body.id}/redeliver`, {})).body).toEqual({ requeued: 1 });
    await until('re-delivery', () => rx.received.some((r) => r.path === '/accepted') || undefined);
    const log = await h.api(`/api/v1/webhooks/${rej.body.id}/deliveries`);
    expect(log.body.items.map((i: { status: string }) => i.status)).toEqual(['delivered']);
    expect((await h.api(`/api/v1/webhooks/${ok.body.id}`)).body).toMatchObject({ pending: 0, dead: 0, consecutiveFailures: 0 });
  }, 90_000);
});
