// Topologies inside workerd against D1 (migration 0005 applied by the D1 migrations): a generated
// topology's many rows go through D1's 100-parameter statements, mutations keep optimistic
// concurrency, deploy feeds the agent's desired state and a heartbeat report applies a mutation;
// one mutation removing 120 deckies (a 500 when the delete bound one parameter per decky).
import { SELF } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { EC_ALG, certFingerprint, x509 } from './pki/x509';
import { SUITE_ENV } from './testing/suite-env';
import { agentCertView } from './testing/workers-admin';

const BASE = 'https://cp.test';
let admin = '';
let hostId = '';
let agent: RequestInit & { cf?: unknown } = {};

async function json(path: string, body?: unknown, token?: string, init: RequestInit & { cf?: unknown } = {}) {
  const res = await SELF.fetch(BASE + path, {
    method: body ? 'POST' : 'GET',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
    ...init,
  } as RequestInit);
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

beforeAll(async () => {
  // Other suites in this worker may have changed the admin password already; try each.
  let s = await json('/api/v1/auth/login', { username: 'admin', password: SUITE_ENV.DECNET_ADMIN_PASSWORD });
  if (s.status === 200 && s.body.user.mustChangePassword) {
    s = await json('/api/v1/auth/change-password', { currentPassword: SUITE_ENV.DECNET_ADMIN_PASSWORD, newPassword: 'workers-topology-admin-pw' }, s.body.token);
  } else if (s.status !== 200) {
    for (const pw of ['workers-topology-admin-pw', 'workers-agent-admin-pw', 'a-much-better-admin-password']) {
      s = await json('/api/v1/auth/login', { username: 'admin', password: pw });
      if (s.status === 200) break;
    }
  }
  admin = s.body.token;
  const tok = await json('/api/v1/hosts/enrollment-tokens', { hostName: 'topo-sensor' }, admin);
  const keys = (await crypto.subtle.generateKey(EC_ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name: 'CN=topo', keys, signingAlgorithm: EC_ALG });
  const enrolled = await json('/agent/v1/enroll', { token: tok.body.token, csrPem: csr.toString('pem'), hostname: 'topo', agentVersion: '0.1.0' });
  hostId = enrolled.body.hostId;
  const caSubject = new x509.X509Certificate(enrolled.body.caCertificatePem).subject;
  const fp = await certFingerprint(enrolled.body.certificatePem);
  agent = { cf: { tlsClientAuth: agentCertView(caSubject, fp) } };
});

describe('topologies on workerd + D1', () => {
  it('generates, mutates with optimistic versions, deploys and applies a reported mutation', async () => {
    const made = await json('/api/v1/topologies/generate', { name: 'wmaze', hostId, seed: 5, depth: 2, branching: 3, deckiesPerLan: 4, crossEdgeProbability: 0.3 }, admin);
    expect(made.status).toBe(201);
    expect(made.body.lans).toHaveLength(13);
    expect(made.body.deckies).toHaveLength(13 * 4 + 12);
    const id = made.body.id as string;
    expect((await json(`/api/v1/topologies/${id}/deploy`, {}, admin)).body.status).toBe('deploying');
    const ip = (await json(`/api/v1/topologies/${id}/lans/lan-1/next-address`, undefined, admin)).body.ip;
    const add = { version: 0, ops: [{ op: 'add_decky', decky: { name: 'wmaze-new', services: ['ssh'], serviceConfig: {}, homes: [{ lan: 'lan-1', ip }] } }] };
    const [a, b] = await Promise.all([json(`/api/v1/topologies/${id}/mutations`, add, admin), json(`/api/v1/topologies/${id}/mutations`, add, admin)]);
    expect([a.status, b.status].sort()).toEqual([202, 409]);
    const ds = await json('/agent/v1/desired-state', undefined, undefined, agent);
    expect(ds.body.topologies[0]).toMatchObject({ id, version: 1 });
    expect(ds.body.deckies).toHaveLength(13 * 4 + 12 + 1);
    const hb = await json('/agent/v1/heartbeat', { agentVersion: '0.1.0', uptimeS: 1, workers: [], deckies: [], spool: { pending: 0, dropped: 0 }, topologies: [{ id, appliedVersion: 1, state: 'active', isolated: true }] }, undefined, agent);
    expect(hb.status).toBe(200);
    const snap = await json(`/api/v1/topologies/${id}`, undefined, admin);
    expect(snap.body).toMatchObject({ status: 'active', appliedVersion: 1, pendingMutations: [] });
    const events = await json('/api/v1/events?eventType=decky_mutated', undefined, admin);
    expect(events.body.items.map((e: { decky: string }) => e.decky)).toContain('wmaze-new');
  });

  it('removes more than 100 deckies in one mutation (one JSON parameter, not 100+ bound ones)', async () => {
    const made = await json('/api/v1/topologies/generate', { name: 'wbig', hostId, seed: 9, depth: 2, branching: 3, deckiesPerLan: 10, subnetBase: '10.120.0.0/24' }, admin);
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const names = (made.body.deckies as { name: string }[]).map((d) => d.name);
    expect(names.length).toBeGreaterThan(120);
    const gone = names.slice(0, 120);
    const res = await json(`/api/v1/topologies/${made.body.id}/mutations`, { version: 0, ops: gone.map((decky) => ({ op: 'remove_decky', decky })) }, admin);
    expect(res.status).toBe(202);
    const snap = await json(`/api/v1/topologies/${made.body.id}`, undefined, admin);
    expect((snap.body.deckies as { name: string }[]).map((d) => d.name).sort()).toEqual(names.slice(120).sort());
  });
});
