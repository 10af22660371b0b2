import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load';
import { agentPaths } from '../config/paths';
import { enroll, EnrollError, normalizeSha256 } from './enroll';
import { checkIssuedCertificate, createCsr, generateAgentKey } from './keys';
import { certSha256, EC_ALG, x509 } from './x509';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function makeCa(cn = 'test-ca') {
  const keys = await crypto.subtle.generateKey(EC_ALG, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01', name: `CN=${cn}`, keys, signingAlgorithm: EC_ALG, notBefore: new Date(Date.now() - 60_000), notAfter: new Date(Date.now() + 86_400_000),
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true)],
  });
  return { keys, pem: cert.toString('pem') };
}

/** A fake enrollment endpoint that signs the CSR it receives with `ca`. */
function fakeControlPlane(ca: { keys: CryptoKeyPair; pem: string }, opts: { status?: number; swapKey?: boolean } = {}): typeof fetch {
  return (async (_url: unknown, init?: RequestInit) => {
    if (opts.status) return Response.json({ error: { code: 'unauthorized', message: 'Enrollment token is invalid, expired or already used' } }, { status: opts.status });
    const body = JSON.parse(String(init!.body)) as { csrPem: string };
    const csr = new x509.Pkcs10CertificateRequest(body.csrPem);
    expect(await csr.verify()).toBe(true);
    const other = opts.swapKey ? (await crypto.subtle.generateKey(EC_ALG, true, ['sign', 'verify'])).publicKey : await csr.publicKey.export();
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: '02', subject: csr.subject, issuer: new x509.X509Certificate(ca.pem).subject, publicKey: other,
      signingKey: ca.keys.privateKey, signingAlgorithm: EC_ALG, notBefore: new Date(), notAfter: new Date(Date.now() + 86_400_000),
    });
    return Response.json({ hostId: 'h-1', certificatePem: cert.toString('pem'), caCertificatePem: ca.pem, controlPlaneMtlsUrl: 'https://127.0.0.1:8443' });
  }) as typeof fetch;
}

function dirsFor() {
  const d = mkdtempSync(join(tmpdir(), 'enroll-'));
  dirs.push(d);
  return { configPath: join(d, 'etc', 'agent.json'), dataDir: join(d, 'data') };
}

describe('enrollment', () => {
  it('creates a P-256 key and a CSR for the host name that verifies', async () => {
    const key = await generateAgentKey();
    expect(key.privateKeyPem).toContain('BEGIN PRIVATE KEY');
    const csr = new x509.Pkcs10CertificateRequest(await createCsr(key, 'sensor-01'));
    expect(csr.subject).toBe('CN=sensor-01');
    expect(await csr.verify()).toBe(true);
    expect((csr.publicKey.algorithm as EcKeyAlgorithm).namedCurve).toBe('P-256');
  });

  it('stores key (0600), certificate, CA and a config naming the mTLS URL', async () => {
    const ca = await makeCa();
    const d = dirsFor();
    const r = await enroll({ url: 'http://cp.test', token: 'enr_0123456789abcdef', caSha256: (await certSha256(ca.pem)).toUpperCase(), name: 'sensor-01', ...d, fetchImpl: fakeControlPlane(ca) });
    expect(r.hostId).toBe('h-1');
    const p = agentPaths({ dataDir: d.dataDir });
    expect(statSync(p.keyPem).mode & 0o777).toBe(0o600);
    expect(statSync(d.configPath).mode & 0o777).toBe(0o600);
    expect(readFileSync(p.caPem, 'utf8')).toBe(ca.pem);
    await checkIssuedCertificate(readFileSync(p.certPem, 'utf8'), ca.pem, await crypto.subtle.exportKey('spki', (await importKey(readFileSync(p.keyPem, 'utf8')))));
    expect(loadConfig(d.configPath)).toMatchObject({ version: 1, hostId: 'h-1', hostname: 'sensor-01', controlPlane: { url: 'http://cp.test', mtlsUrl: 'https://127.0.0.1:8443' } });
  });

  it('refuses a CA that does not match --ca-sha256, and writes nothing', async () => {
    const ca = await makeCa();
    const d = dirsFor();
    const wrong = await certSha256((await makeCa('other')).pem);
    await expect(enroll({ url: 'http://cp.test', token: 'enr_0123456789abcdef', caSha256: wrong, ...d, fetchImpl: fakeControlPlane(ca) })).rejects.toMatchObject({ code: 'ca_mismatch' });
    expect(() => statSync(d.configPath)).toThrow();
  });

  it('refuses a certificate that does not carry our key', async () => {
    const ca = await makeCa();
    await expect(enroll({ url: 'http://cp.test', token: 'enr_0123456789abcdef', ...dirsFor(), fetchImpl: fakeControlPlane(ca, { swapKey: true }) })).rejects.toMatchObject({ code: 'bad_certificate' });
  });

  it('reports the control plane refusal (reused or expired token)', async () => {
    const ca = await makeCa();
    const err = await enroll({ url: 'http://cp.test', token: 'enr_0123456789abcdef', ...dirsFor(), fetchImpl: fakeControlPlane(ca, { status: 401 }) }).catch((e) => e);
    expect(err).toBeInstanceOf(EnrollError);
    expect(err).toMatchObject({ code: 'unauthorized', message: expect.stringMatching(/already used/) });
  });

  it('normalizes the pin', () => {
    expect(normalizeSha256('AB:'.repeat(31) + 'AB')).toBe('ab'.repeat(32));
    expect(() => normalizeSha256('xyz')).toThrow(EnrollError);
  });
});

async function importKey(pem: string): Promise<CryptoKey> {
  const priv = await crypto.subtle.importKey('pkcs8', x509.PemConverter.decodeFirst(pem), EC_ALG, true, ['sign']);
  const jwk = await crypto.subtle.exportKey('jwk', priv);
  delete jwk.d;
  return crypto.subtle.importKey('jwk', { ...jwk, key_ops: ['verify'] }, EC_ALG, true, ['verify']);
}
