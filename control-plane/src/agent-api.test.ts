// The agent API over real mutual TLS on the Node runtime: enrollment with a single-use token, event
// ingest idempotent on ids, heartbeats, desired state, and every refusal the issue names.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrollmentTokens } from './db/schema';
import { sha256Hex } from './crypto/encoding';
import { createCaMaterial } from './pki/ca';
import { EC_ALG, privateKeyPem, x509 } from './pki/x509';
import type { RunningControlPlane } from './runtime/node';
import { startHarness, type Harness } from './testing/agent-harness';

let h: Harness;
let cp: RunningControlPlane;
const api = (...a: Parameters<Harness['api']>) => h.api(...a);
const enroll = (n: string) => h.enroll(n);
const newCsr = () => h.newCsr();
const mtls = (cert?: string, key?: string) => h.mtls(cert, key);
const agentCall = (...a: Parameters<Harness['agentCall']>) => h.agentCall(...a);

const event = (id: string) => ({
  id,
  ts: new Date().toISOString(),
  decky: 'web-01',
  service: 'ssh',
  eventType: 'auth_attempt',
  srcIp: '203.0.113.7',
  srcPort: 51234,
  fields: { principal: 'root', secret_kind: 'plaintext' },
  raw: '<134>1 - web-01 ssh - auth_attempt - ',
});

beforeAll(async () => {
  h = await startHarness();
  cp = h.cp;
});
afterAll(() => h?.close());

describe('agent API over mutual TLS', () => {
  it('enrolls with a token and an install command that pins the CA', async () => {
    const tok = await api('/api/v1/hosts/enrollment-tokens', { hostName: 'sensor-a' });
    expect(tok.body.installCommand).toContain(`--ca-sha256 ${tok.body.caSha256}`);
    expect(tok.body.installCommand).toMatch(/^curl -fsSL '.*\/agent\/v1\/install\.sh' \| sudo bash -s -- --url /);
    const e = await enroll('sensor-b');
    expect(e.controlPlaneMtlsUrl).toBe(cp.mtlsUrl);
    expect(new x509.X509Certificate(e.certificatePem).subject).toContain(`CN=${e.hostId}`);
    const hosts = await api('/api/v1/hosts');
    expect(hosts.body.items.find((h: { id: string }) => h.id === e.hostId)).toMatchObject({ name: 'sensor-b', status: 'pending' });
  });

  it('stores events once however often a batch is sent', async () => {
    const e = await enroll('sensor-c');
    const d = mtls(e.certificatePem, e.keyPem);
    const batch = { events: [event('evt-1'), event('evt-2'), event('evt-2')] };
    expect((await agentCall(d, '/agent/v1/events', batch)).body).toEqual({ accepted: 2, duplicates: 1 });
    expect((await agentCall(d, '/agent/v1/events', batch)).body).toEqual({ accepted: 0, duplicates: 3 });
    const bad = await agentCall(d, '/agent/v1/events', { events: [{ ...event('evt-3'), srcIp: 'not-an-ip' }] });
    expect(bad.status).toBe(422);
    const big = { events: Array.from({ length: 5000 }, (_, i) => event(`bulk-${i}`)) };
    expect((await agentCall(d, '/agent/v1/events', big)).body).toEqual({ accepted: 5000, duplicates: 0 });
  });

  it('records heartbeats (host goes online) and serves desired state with long-poll', async () => {
    const e = await enroll('sensor-d');
    const d = mtls(e.certificatePem, e.keyPem);
    const hb = await agentCall(d, '/agent/v1/heartbeat', {
      agentVersion: '0.1.1',
      uptimeS: 5,
      workers: [{ name: 'uplink', status: 'ok', lastSeenTs: new Date().toISOString() }],
      deckies: [],
      spool: { pending: 0, dropped: 0 },
    });
    expect(hb).toEqual({ status: 200, body: { ok: true, desiredVersion: 0 } });
    const host = (await api('/api/v1/hosts')).body.items.find((h: { id: string }) => h.id === e.hostId);
    expect(host).toMatchObject({ status: 'online', agentVersion: '0.1.1' });
    const t0 = Date.now();
    const ds = await agentCall(d, '/agent/v1/desired-state?sinceVersion=0&waitS=1');
    expect(ds.body).toEqual({ version: 0, deckies: [] });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900); // held until the wait ran out
    expect((await agentCall(d, '/agent/v1/desired-state')).body.version).toBe(0); // no sinceVersion: immediate
  });

  it('refuses a missing client certificate, a self-signed one and one from another CA', async () => {
    await expect(agentCall(mtls(), '/agent/v1/desired-state')).rejects.toThrow();
    const keys = (await crypto.subtle.generateKey(EC_ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
    const selfSigned = await x509.X509CertificateGenerator.createSelfSigned({ name: 'CN=rogue', keys, signingAlgorithm: EC_ALG });
    await expect(agentCall(mtls(selfSigned.toString('pem'), await privateKeyPem(keys.privateKey)), '/agent/v1/desired-state')).rejects.toThrow();
    const { loadCa } = await import('./pki/ca');
    const otherCa = await loadCa(await createCaMaterial('other CA'));
    const { csrPem, keyPem } = await newCsr();
    const foreign = await otherCa.signAgentCsr(csrPem, 'h-foreign');
    await expect(agentCall(mtls(foreign.certPem, keyPem), '/agent/v1/desired-state')).rejects.toThrow();
    // Agent routes on the plain HTTP port have no client certificate at all.
    const plain = await fetch(`${cp.url}/agent/v1/desired-state`);
    expect(plain.status).toBe(401);
  });

  it('refuses a decommissioned host and reused or expired tokens', async () => {
    const e = await enroll('sensor-e');
    const d = mtls(e.certificatePem, e.keyPem);
    expect((await agentCall(d, '/agent/v1/desired-state')).status).toBe(200);
    expect((await api(`/api/v1/hosts/${e.hostId}/decommission`, {})).body.status).toBe('decommissioned');
    // Its desired state says decommission (until its agent acks, fleet-control-api.test.ts); the rest is refused.
    expect((await agentCall(d, '/agent/v1/desired-state')).body).toMatchObject({ deckies: [], decommission: true });
    const refused = await agentCall(d, '/agent/v1/heartbeat', { agentVersion: '0.1.0', uptimeS: 1, workers: [], deckies: [], spool: { pending: 0, dropped: 0 } });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');

    const reuse = await fetch(`${cp.url}/agent/v1/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: e.token, csrPem: e.csrPem, hostname: 'again', agentVersion: '0.1.0' }),
    });
    expect(reuse.status).toBe(401);

    const expiredToken = 'enr_expired_token_0123456789';
    await cp.deps.db.insert(enrollmentTokens).values({ id: crypto.randomUUID(), tokenHash: await sha256Hex(expiredToken), hostName: 'late', createdBy: 'x', createdAtMs: Date.now() - 7200_000, expiresAtMs: Date.now() - 3600_000 });
    const expired = await fetch(`${cp.url}/agent/v1/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: expiredToken, csrPem: (await newCsr()).csrPem, hostname: 'late', agentVersion: '0.1.0' }),
    });
    expect(expired.status).toBe(401);
    // The decommissioned name is free again.
    expect((await api('/api/v1/hosts/enrollment-tokens', { hostName: 'sensor-e' })).status).toBe(201);
  });

  it('lets admins rename hosts and keeps names unique', async () => {
    const e = await enroll('sensor-f');
    expect((await api(`/api/v1/hosts/${e.hostId}`, { name: 'sensor-f2' }, 'PATCH')).body.name).toBe('sensor-f2');
    expect((await api(`/api/v1/hosts/${e.hostId}`, { name: 'sensor-d' }, 'PATCH')).status).toBe(409);
    expect((await api('/api/v1/hosts/enrollment-tokens', { hostName: 'sensor-f2' })).status).toBe(409);
  });
});
