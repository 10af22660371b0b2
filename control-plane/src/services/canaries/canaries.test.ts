// Canary tokens over the real app and a real libSQL file: admin create/plant/revoke with the viewer
// refused, the public /c/<slug> trigger (generic 404, stored and bounded fields, hostile values kept
// as data, webhook fact in the outbox), the signed fingerprint verified, planted files in the desired
// state until revoked, and passive credential triggers from ingest on both ingest paths.
import { credentialFields, type ServiceEvent } from '@decnet/protocol';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app';
import { deckies, hosts, type HostRow } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { openNative } from '../../runtime/node-database';
import { memoryDeps } from '../../testing/memory-deps';
import { SUITE_ENV } from '../../testing/suite-env';
import { ensureFirstAdmin } from '../auth/bootstrap-admin';
import { desiredState } from '../agent/desired-state';
import { ingestEvents } from '../agent/ingest-events';
import { attackerIdFor } from '../intel/aggregate';
import { signFingerprint } from './fingerprint';

const dir = mkdtempSync(join(tmpdir(), 'decnet-canaries-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const clock = { now: Date.now() - 600_000 };
let deps: AppDeps;
let app: ReturnType<typeof createApp>;
let admin = '';
const host = { id: 'host-c', desiredVersion: 1 } as HostRow;

const call = async (path: string, opts: { token?: string; body?: unknown; method?: string; headers?: Record<string, string>; raw?: string } = {}) => {
  const res = await app.request(path, {
    method: opts.method ?? (opts.body !== undefined || opts.raw !== undefined ? 'POST' : 'GET'),
    headers: { 'content-type': 'application/json', ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...opts.headers },
    ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : opts.raw !== undefined ? { body: opts.raw } : {}),
  });
  const text = await res.text();
  let json: any = undefined;
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, text, json, headers: res.headers };
};
const create = async (generator: string) => {
  const r = await call('/api/v1/canaries', { token: admin, body: { generator, memo: `${generator} bait`, baseUrl: 'http://canary.example.test' } });
  expect(r.status).toBe(201);
  return r.json as { id: string; slug: string; url: string; principal: string | null };
};
const outbox = async () => (await deps.db.all<{ id: string; topic: string; payload_json: string }>(sql`SELECT id, topic, payload_json FROM webhook_outbox WHERE type = 'canary.triggered'`));

beforeAll(async () => {
  deps = await memoryDeps(SUITE_ENV, clock, `file:${join(dir, 'cp.db')}`);
  await ensureFirstAdmin(deps);
  app = createApp(deps);
  const first = await call('/api/v1/auth/login', { body: { username: 'admin', password: SUITE_ENV.DECNET_ADMIN_PASSWORD } });
  admin = (await call('/api/v1/auth/change-password', { token: first.json.token, body: { currentPassword: SUITE_ENV.DECNET_ADMIN_PASSWORD, newPassword: 'admin-password-2' } })).json.token;
  await deps.db.insert(hosts).values({ id: host.id, name: 'sensor-c', status: 'active', createdAtMs: clock.now });
  await deps.db.insert(deckies).values({ id: 'd1', name: 'web-01', hostId: host.id, servicesJson: '["ssh","http"]', createdAtMs: clock.now, updatedAtMs: clock.now });
});

describe('canary tokens', () => {
  it('creates tokens of every plantable kind, refuses bad input with 422 and a viewer write with 403', async () => {
    const env = await create('env');
    expect(env.url).toBe(`http://canary.example.test/c/${env.slug}`);
    expect((await call('/api/v1/canaries', { token: admin, body: { generator: 'nope' } })).status).toBe(422);
    expect((await call('/api/v1/canaries', { token: admin, body: { generator: 'dns' } })).status).toBe(409); // no zone configured
    await call('/api/v1/users', { token: admin, body: { username: 'viewer1', password: 'initial-password-1', role: 'viewer' } });
    const v1 = (await call('/api/v1/auth/login', { body: { username: 'viewer1', password: 'initial-password-1' } })).json.token;
    const viewer = (await call('/api/v1/auth/change-password', { token: v1, body: { currentPassword: 'initial-password-1', newPassword: 'viewer-password-2' } })).json.token;
    expect((await call('/api/v1/canaries', { token: viewer, body: { generator: 'env' } })).status).toBe(403);
    expect((await call('/api/v1/canaries', { token: viewer })).json.items.length).toBeGreaterThan(0);
    const file = await call(`/api/v1/canaries/${env.id}/file`, { token: viewer });
    expect(file.text).toContain(`DEPLOY_WEBHOOK_URL=${env.url}`);
  });

  it('answers unknown, malformed and revoked slugs with the same bare 404 and no server banner', async () => {
    const t = await create('url');
    const bodies = new Set<string>();
    for (const p of ['/c/aaaaaaaaaaaaaaaaaaaaaaaa', '/c/..%2Fetc%2Fpasswd', '/c/%00%ff', '/c/', `/c/${t.slug}/x/y`]) {
      const r = await call(p);
      expect(r.status).toBe(404);
      expect(r.headers.get('server')).toBeNull();
      bodies.add(r.text);
    }
    expect((await call(`/api/v1/canaries/${t.id}`, { token: admin, method: 'DELETE' })).json.revokedAt).not.toBeNull();
    const revoked = await call(`/c/${t.slug}`);
    expect(revoked.status).toBe(404);
    bodies.add(revoked.text);
    expect([...bodies]).toEqual(['Not Found\n']);
  });

  it('stores an HTTP trigger with address, user agent and bounded headers, linked to the attacker, with its webhook fact', async () => {
    const t = await create('env');
    const hostile = { 'user-agent': `curl/8.0 <script>alert(1)</script>${'A'.repeat(5000)}`, 'x-evil': "'; DROP TABLE canary_triggers; --" };
    const many: Record<string, string> = {};
    for (let i = 0; i < 100; i++) many[`x-h${i}`] = 'v'.repeat(400);
    const r = await call(`/c/${t.slug}`, { headers: { ...hostile, ...many } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('image/gif');
    const trig = (await call(`/api/v1/canaries/${t.id}/triggers`, { token: admin })).json.items;
    expect(trig).toHaveLength(1);
    expect(trig[0]).toMatchObject({ via: 'http', srcIp: '127.0.0.1', attackerId: attackerIdFor('127.0.0.1') });
    expect(trig[0].userAgent).toHaveLength(512);
    expect(trig[0].userAgent.startsWith('curl/8.0 <script>')).toBe(true);
    expect(trig[0].headers['x-evil']).toBe(hostile['x-evil']);
    expect(Object.keys(trig[0].headers).length).toBeLessThanOrEqual(40);
    expect(JSON.stringify(trig[0].headers).length).toBeLessThanOrEqual(8192);
    expect((await call(`/api/v1/canaries/${t.id}`, { token: admin })).json.triggerCount).toBe(1);
    const facts = (await outbox()).filter((f) => JSON.parse(f.payload_json).tokenId === t.id);
    expect(facts).toHaveLength(1);
    expect(facts[0]!.id).toBe(`canary.triggered:${trig[0].id}`);
    expect(facts[0]!.topic).toBe(`decnet/canary/${t.id}/triggered`);
    const byAttacker = (await call(`/api/v1/canaries/triggers?attackerId=${attackerIdFor('127.0.0.1')}`, { token: admin })).json.items;
    expect(byAttacker.some((x: { id: string }) => x.id === trig[0].id)).toBe(true);
  });

  it('verifies a fingerprint signed with the token nonce and marks a forged one unverified', async () => {
    const t = await create('html');
    const nonce = (await call(`/api/v1/canaries/${t.id}/file`, { token: admin })).text.match(/_hmac\("([0-9a-f]{32})"/)?.[1];
    expect(nonce).toMatch(/^[0-9a-f]{32}$/);
    const json = JSON.stringify({ userAgent: 'HeadlessChrome', timeZone: 'UTC', languages: ['en-US'], webdriver: true, canvasHash: 'ab', audioHash: 'cd' });
    expect((await call(`/c/${t.slug}/fp`, { raw: JSON.stringify({ json, sig: signFingerprint(nonce!, json) }), headers: { 'content-type': 'text/plain' } })).status).toBe(204);
    expect((await call(`/c/${t.slug}/fp`, { raw: JSON.stringify({ json, sig: signFingerprint('f'.repeat(32), json) }) })).status).toBe(204);
    expect((await call(`/c/${t.slug}/fp`, { raw: 'not json {' })).status).toBe(204);
    const items = (await call(`/api/v1/canaries/${t.id}/triggers`, { token: admin })).json.items.reverse();
    expect(items.map((i: { fingerprintVerified: boolean }) => i.fingerprintVerified)).toEqual([true, false, false]);
    expect(items[0].fingerprint).toMatchObject({ webdriver: true, timeZone: 'UTC', languages: ['en-US'] });
    expect(items[2].fingerprint).toEqual({ raw: 'not json {' });
  });

  it('plants a token on a decky (in the desired state as the canaries config entry) and revoking removes it', async () => {
    const t = await create('aws_credentials');
    const placed = await call(`/api/v1/canaries/${t.id}/placements`, { token: admin, body: { decky: 'web-01' } });
    expect(placed.status).toBe(201);
    expect(placed.json).toMatchObject({ decky: 'web-01', path: '/root/.aws/credentials' });
    expect((await call(`/api/v1/canaries/${t.id}/placements`, { token: admin, body: { decky: 'web-01' } })).status).toBe(409);
    expect((await call(`/api/v1/canaries/${t.id}/placements`, { token: admin, body: { decky: 'nope' } })).status).toBe(404);
    expect((await call(`/api/v1/canaries/${t.id}/placements`, { token: admin, body: { decky: 'web-01', path: '/root/../etc/x' } })).status).toBe(422);
    const row = await deps.db.select().from(hosts).get();
    const ds = await desiredState(deps, row!, undefined, 0);
    expect(ds.deckies[0]!.serviceConfig['canaries']?.['/root/.aws/credentials']).toContain(`aws_access_key_id = ${t.principal}`);
    expect((await call(`/api/v1/canaries/${t.id}`, { token: admin })).json.placements).toHaveLength(1);
    await call(`/api/v1/canaries/${t.id}`, { token: admin, method: 'DELETE' });
    const after = await desiredState(deps, (await deps.db.select().from(hosts).get())!, undefined, 0);
    expect(after.version).toBeGreaterThan(ds.version);
    expect(after.deckies[0]!.serviceConfig['canaries']).toBeUndefined();
  });

  it('records a passive trigger when a planted credential is tried on a decky, on the batch and native ingest paths', async () => {
    for (const native of [false, true]) {
      const t = await create('aws_credentials');
      const secret = (await call(`/api/v1/canaries/${t.id}/file`, { token: admin })).text.match(/aws_secret_access_key = (\S+)/)![1]!;
      const ip = native ? '203.0.113.9' : '203.0.113.8';
      const ev = (i: number, principal: string, password: string): ServiceEvent => ({
        id: `pc-${native}-${i}`, ts: new Date(clock.now).toISOString(), decky: 'web-01', service: 'ssh', eventType: 'auth_attempt', srcIp: ip, srcPort: 5000 + i,
        fields: credentialFields(principal, password, 'plaintext', 'failure'), raw: '-',
      });
      const batch = [ev(1, 'root', 'toor'), ev(2, 'root', secret), ev(3, t.principal!, 'x')];
      const d: AppDeps = native ? { ...deps, syncSql: openNative(`file:${join(dir, 'cp.db')}`) } : deps;
      await ingestEvents(d, host, batch);
      await ingestEvents(d, host, batch); // a retry stores nothing twice
      const items = (await call(`/api/v1/canaries/${t.id}/triggers`, { token: admin })).json.items;
      expect(items).toHaveLength(2); // the secret as a password, the key id as a username
      expect(items[0]).toMatchObject({ via: 'credential', srcIp: ip, attackerId: attackerIdFor(ip), decky: 'web-01', service: 'ssh' });
      expect((await call(`/api/v1/canaries/${t.id}`, { token: admin })).json.triggerCount).toBe(2);
      expect((await outbox()).filter((f) => JSON.parse(f.payload_json).tokenId === t.id)).toHaveLength(2);
    }
  });

  it('records a passive trigger when the planted SSH private key is offered to a decky (logged by its SHA256 fingerprint)', async () => {
    for (const native of [false, true]) {
      const t = await create('ssh_key');
      const keyPath = join(dir, `key-${native}`);
      writeFileSync(keyPath, (await call(`/api/v1/canaries/${t.id}/file`, { token: admin })).text, { mode: 0o600 });
      const fp = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', keyPath], { encoding: 'utf8' }).split(' ')[1]!;
      const ip = native ? '203.0.113.19' : '203.0.113.18';
      const ev = (i: number, fingerprint: string): ServiceEvent => ({
        id: `pk-${native}-${i}`, ts: new Date(clock.now).toISOString(), decky: 'web-01', service: 'ssh', eventType: 'auth_attempt', srcIp: ip, srcPort: 6000 + i,
        fields: { principal: 'deploy', username: 'deploy', method: 'publickey', key_type: 'ssh-ed25519', key_fingerprint: fingerprint, outcome: 'failure' }, raw: '-',
      });
      const other = `SHA256:${'A'.repeat(43)}`;
      const batch = [ev(1, other), ev(2, fp)];
      const d: AppDeps = native ? { ...deps, syncSql: openNative(`file:${join(dir, 'cp.db')}`) } : deps;
      await ingestEvents(d, host, batch);
      await ingestEvents(d, host, batch);
      const items = (await call(`/api/v1/canaries/${t.id}/triggers`, { token: admin })).json.items;
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({ via: 'credential', srcIp: ip, attackerId: attackerIdFor(ip), decky: 'web-01', service: 'ssh', principal: 'deploy' });
      expect((await outbox()).filter((f) => JSON.parse(f.payload_json).tokenId === t.id)).toHaveLength(1);
    }
  });
});
