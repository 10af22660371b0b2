// The agent API inside workerd against D1: enrollment with the CA from secrets, identity only from
// request.cf.tlsClientAuth (as Cloudflare's mTLS sets it), and idempotent ingest with folding on
// D1's 100-parameter statements.
import { SELF } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { credentialFields } from '@decnet/protocol';
import { EC_ALG, certFingerprint, x509 } from './pki/x509';
import { SUITE_ENV } from './testing/suite-env';
import { agentCertView } from './testing/workers-admin';

const BASE = 'https://cp.test';
let admin = '';
let agentCert = '';
let caSubject = '';

async function json(path: string, body?: unknown, token?: string, init: RequestInit & { cf?: unknown } = {}) {
  const res = await SELF.fetch(BASE + path, {
    method: body ? 'POST' : 'GET',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
    ...init,
  } as RequestInit);
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

const tlsAuth = (fp: string, overrides: Record<string, string> = {}) => ({
  cf: { tlsClientAuth: agentCertView(caSubject, fp, overrides) },
});

beforeAll(async () => {
  // The API suite in this worker may have changed the admin password already; try both.
  let s = await json('/api/v1/auth/login', { username: 'admin', password: SUITE_ENV.DECNET_ADMIN_PASSWORD });
  if (s.status === 200 && s.body.user.mustChangePassword) {
    s = await json('/api/v1/auth/change-password', { currentPassword: SUITE_ENV.DECNET_ADMIN_PASSWORD, newPassword: 'workers-agent-admin-pw' }, s.body.token);
  } else if (s.status !== 200) {
    s = await json('/api/v1/auth/login', { username: 'admin', password: 'workers-agent-admin-pw' });
  }
  admin = s.body.token;
  const tok = await json('/api/v1/hosts/enrollment-tokens', { hostName: 'edge-sensor' }, admin);
  expect(tok.status).toBe(201);
  const keys = (await crypto.subtle.generateKey(EC_ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name: 'CN=edge', keys, signingAlgorithm: EC_ALG });
  const enrolled = await json('/agent/v1/enroll', { token: tok.body.token, csrPem: csr.toString('pem'), hostname: 'edge', agentVersion: '0.1.0' });
  expect(enrolled.status).toBe(200);
  expect(enrolled.body.controlPlaneMtlsUrl).toBe('https://agents.cp.test');
  agentCert = enrolled.body.certificatePem;
  caSubject = new x509.X509Certificate(enrolled.body.caCertificatePem).subject;
});

describe('agent API on workerd + D1', () => {
  it('identifies the agent only from a verified client certificate of our CA', async () => {
    const fp = await certFingerprint(agentCert);
    expect((await json('/agent/v1/desired-state', undefined, undefined, tlsAuth(fp))).status).toBe(200);
    expect((await json('/agent/v1/desired-state')).status).toBe(401);
    expect((await json('/agent/v1/desired-state', undefined, undefined, tlsAuth(fp, { certVerified: 'FAILED:self signed certificate' }))).status).toBe(401);
    expect((await json('/agent/v1/desired-state', undefined, undefined, tlsAuth(fp, { certIssuerDN: 'CN=Some Other CA' }))).status).toBe(401);
    expect((await json('/agent/v1/desired-state', undefined, undefined, tlsAuth('0'.repeat(64)))).status).toBe(401);
  });

  it('ingests idempotently and folds credentials and reuse on D1', async () => {
    const fp = await certFingerprint(agentCert);
    const cred = credentialFields('root', 'hunter2hunter2', 'plaintext', 'failure') as unknown as Record<string, string>;
    const events = Array.from({ length: 30 }, (_, i) => ({
      id: `wk-${i}`,
      ts: new Date(Date.now() - 60_000 + i * 1000).toISOString(),
      decky: i % 2 ? 'edge-web' : 'edge-db',
      service: i % 2 ? 'ssh' : 'mysql',
      eventType: 'auth_attempt',
      srcIp: `198.51.100.${i % 3}`,
      fields: { session_id: `s${i}`, ...cred },
      raw: 'x',
    }));
    expect((await json('/agent/v1/events', { events }, undefined, tlsAuth(fp))).body).toEqual({ accepted: 30, duplicates: 0 });
    expect((await json('/agent/v1/events', { events }, undefined, tlsAuth(fp))).body).toEqual({ accepted: 0, duplicates: 30 });
    const attackers = await json('/api/v1/attackers', undefined, admin);
    expect(attackers.body.total).toBe(3);
    expect(attackers.body.items.reduce((n: number, a: { eventCount: number }) => n + a.eventCount, 0)).toBe(30);
    const reuse = await json('/api/v1/credentials/reuse', undefined, admin);
    expect(reuse.body.items[0]).toMatchObject({ principal: 'root', secretPrintable: 'hunter2hunter2', targetCount: 2, attempts: 30 });
  });

  it('folds sniffer fingerprints into the attacker on D1', async () => {
    const fp = await certFingerprint(agentCert);
    const hello = (i: number, ja4: string) => ({ id: `wk-fp-${i}`, ts: new Date(Date.now() - 30_000 + i * 1000).toISOString(), decky: 'edge-web', service: 'sniffer', eventType: 'tls_client_hello', srcIp: '198.51.100.200', fields: { ja4, ja3: `${i}`.repeat(32).slice(0, 32) }, raw: 'x' });
    expect((await json('/agent/v1/events', { events: [hello(1, 't13d1516h2_aaaaaaaaaaaa_bbbbbbbbbbbb'), hello(2, 't12d1209h2_cccccccccccc_dddddddddddd')] }, undefined, tlsAuth(fp))).body).toEqual({ accepted: 2, duplicates: 0 });
    const a = (await json('/api/v1/attackers', undefined, admin)).body.items.find((x: { ip: string }) => x.ip === '198.51.100.200');
    const d = (await json(`/api/v1/attackers/${a.id}`, undefined, admin)).body;
    expect(d.fingerprints.filter((f: { kind: string }) => f.kind === 'ja4')).toHaveLength(2);
    expect(d.findings.map((f: { kind: string }) => f.kind)).toContain('ja4');
  });
});
