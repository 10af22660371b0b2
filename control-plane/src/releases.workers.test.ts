// Agent releases inside workerd against D1 (issue 19): a chunked upload is published (SHA-256 with
// @noble/hashes, the bundle's package.json read through DecompressionStream, signed with the CA key
// from secrets), pushed into the desired state, downloaded by the agent (identity from
// cf.tlsClientAuth) byte for byte, and its progress recorded; bad input is 404/409/422.
import { SELF } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { releaseSigningMessage } from '@decnet/protocol';
import { EC_ALG, certFingerprint, x509 } from './pki/x509';
import { SUITE_ENV } from './testing/suite-env';
import { agentCertView } from './testing/workers-admin';

const BASE = 'https://cp.test';
let admin = '';
let fp = '';
let caSubject = '';
let caPem = '';
let hostId = '';

async function call(path: string, init: { method?: string; body?: unknown; raw?: Uint8Array<ArrayBuffer>; token?: string; agent?: boolean } = {}) {
  const headers: Record<string, string> = { 'content-type': init.raw ? 'application/octet-stream' : 'application/json' };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const cf = init.agent ? { tlsClientAuth: agentCertView(caSubject, fp) } : undefined;
  return SELF.fetch(BASE + path, {
    method: init.method ?? (init.body !== undefined || init.raw ? 'POST' : 'GET'),
    headers,
    ...(init.raw ? { body: init.raw } : init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    ...(cf && { cf }),
  } as RequestInit);
}
const json = async (path: string, init: Parameters<typeof call>[1] = {}) => {
  const res = await call(path, { token: admin, ...init });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};

/** A gzip'd ustar archive (Web APIs only): package.json, then an incompressible file. */
async function bundle(version: string): Promise<Uint8Array<ArrayBuffer>> {
  const enc = new TextEncoder();
  const files = [
    { name: './package.json', data: enc.encode(JSON.stringify({ name: 'decnet-agent-bundle', version })) },
    { name: './dist/blob.bin', data: crypto.getRandomValues(new Uint8Array(60_000)) },
  ];
  const parts: Uint8Array[] = [];
  for (const f of files) {
    const h = new Uint8Array(512);
    const put = (s: string, at: number) => h.set(enc.encode(s), at);
    put(f.name, 0);
    put('0000644\0', 100);
    put('0000000\0', 108);
    put('0000000\0', 116);
    put(`${f.data.length.toString(8).padStart(11, '0')}\0`, 124);
    put('00000000000\0', 136);
    put('        ', 148);
    put('0', 156);
    put('ustar\0', 257);
    put('00', 263);
    put(`${h.reduce((a, b) => a + b, 0).toString(8).padStart(6, '0')}\0 `, 148);
    parts.push(h, f.data, new Uint8Array((512 - (f.data.length % 512)) % 512));
  }
  parts.push(new Uint8Array(1024));
  const gz = new Blob(parts as BlobPart[]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(gz).arrayBuffer());
}

const hex = (b: ArrayBuffer) => Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, '0')).join('');

beforeAll(async () => {
  let s = await json('/api/v1/auth/login', { body: { username: 'admin', password: SUITE_ENV.DECNET_ADMIN_PASSWORD } });
  if (s.status === 200 && s.body.user.mustChangePassword) {
    s = await json('/api/v1/auth/change-password', { body: { currentPassword: SUITE_ENV.DECNET_ADMIN_PASSWORD, newPassword: 'workers-agent-admin-pw' }, token: s.body.token });
  } else if (s.status !== 200) {
    s = await json('/api/v1/auth/login', { body: { username: 'admin', password: 'workers-agent-admin-pw' } });
  }
  admin = s.body.token;
  const tok = await json('/api/v1/hosts/enrollment-tokens', { body: { hostName: 'edge-updating' } });
  const keys = (await crypto.subtle.generateKey(EC_ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name: 'CN=edge', keys, signingAlgorithm: EC_ALG });
  const enrolled = await json('/agent/v1/enroll', { body: { token: tok.body.token, csrPem: csr.toString('pem'), hostname: 'edge-updating', agentVersion: '0.1.0' } });
  expect(enrolled.status).toBe(200);
  hostId = enrolled.body.hostId;
  caPem = enrolled.body.caCertificatePem;
  caSubject = new x509.X509Certificate(caPem).subject;
  fp = await certFingerprint(enrolled.body.certificatePem);
});

describe('releases on workerd + D1', () => {
  it('uploads in chunks, publishes with a CA signature, pushes, and the agent downloads it over mTLS', async () => {
    const bytes = await bundle('3.1.0');
    const sha = hex(await crypto.subtle.digest('SHA-256', bytes));
    expect((await json('/api/v1/releases', { body: { version: '3.1.0', size: 64 * 1024 * 1024 + 1, sha256: sha } })).status).toBe(422);
    const created = await json('/api/v1/releases', { body: { version: '3.1.0', size: bytes.length, sha256: sha } });
    expect(created.status).toBe(201);
    const n = created.body.chunkBytes as number;
    expect((await call('/api/v1/releases/3.1.0/chunks/0', { method: 'PUT', raw: new Uint8Array(10), token: admin })).status).toBe(422);
    for (let i = 0; i * n < bytes.length; i++) {
      const res = await call(`/api/v1/releases/3.1.0/chunks/${i}`, { method: 'PUT', raw: bytes.slice(i * n, (i + 1) * n), token: admin });
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    }
    const pub = await json('/api/v1/releases/3.1.0/publish', { body: {} });
    expect(pub.status, JSON.stringify(pub.body)).toBe(200);
    const key = await new x509.X509Certificate(caPem).publicKey.export(EC_ALG, ['verify']);
    const sig = Uint8Array.from(atob(pub.body.signature), (c) => c.charCodeAt(0));
    expect(await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, sig, releaseSigningMessage({ version: '3.1.0', sha256: sha, size: bytes.length }) as Uint8Array<ArrayBuffer>)).toBe(true);

    const push = await json('/api/v1/releases/push', { body: { version: '3.1.0', target: { scope: 'host', hostId } } });
    expect(push.body.hosts).toEqual([hostId]);
    const ds = await json('/agent/v1/desired-state', { agent: true, token: '' });
    expect(ds.body.release).toMatchObject({ version: '3.1.0', sha256: sha, size: bytes.length });
    const dl = await call(ds.body.release.url, { agent: true });
    expect(dl.status).toBe(200);
    expect(hex(await dl.arrayBuffer())).toBe(hex(bytes.buffer));
    expect((await call(ds.body.release.url)).status).toBe(401);
    const rep = await json('/agent/v1/update-status', { agent: true, token: '', body: { id: ds.body.release.id, version: '3.1.0', phase: 'failed', reason: 'refused: test', runningVersion: '0.1.0' } });
    expect(rep.body).toEqual({ ok: true, recorded: true });
    const hosts = await json(`/api/v1/releases/hosts?host=${hostId}`);
    expect(hosts.body.items[0]).toMatchObject({ targetVersion: '3.1.0', phase: 'failed', reason: 'refused: test', previousVersion: '0.1.0' });
    expect((await json('/api/v1/releases/push', { body: { version: '3.1.0', target: { scope: 'site', site: 'nowhere' } } })).status).toBe(422);
    expect((await call('/api/v1/releases/3.1.0', { method: 'DELETE', token: admin })).status).toBe(204);
  });
});
