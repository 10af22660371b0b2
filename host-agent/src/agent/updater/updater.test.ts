// Self-update pieces with real files, keys and tar: the signature must be the pinned CA's, size and
// SHA-256 must match, the unpacked bundle must say it is that version; an unsupervised agent refuses
// to switch (and says why), a release it already runs is healthy at once, and a push id is never retried.
import { releaseSigningMessage, type DesiredRelease } from '@decnet/protocol';
import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EC_ALG, x509 } from '../../enroll/x509';
import { unpackBundle } from './unpack';
import { Updater } from './updater';
import { verifyRelease } from './verify';

const dir = mkdtempSync(join(tmpdir(), 'decnet-updater-'));
let caPem = '';
let caKey: KeyObject;

async function selfSignedCa(): Promise<{ pem: string; key: KeyObject }> {
  const keys = (await crypto.subtle.generateKey(EC_ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({ serialNumber: '01', name: 'CN=test CA', notBefore: new Date(Date.now() - 60_000), notAfter: new Date(Date.now() + 86_400_000), signingAlgorithm: EC_ALG, keys });
  const pkcs8 = Buffer.from(await crypto.subtle.exportKey('pkcs8', keys.privateKey));
  const { createPrivateKey } = await import('node:crypto');
  return { pem: cert.toString('pem'), key: createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }) };
}

function bundle(name: string, pkg: object, files: string[] = ['host-agent/bin/decnet-agent.mjs', 'dist/decnet-agent.mjs']): string {
  const root = join(dir, `src-${name}`);
  for (const f of files) {
    mkdirSync(join(root, f, '..'), { recursive: true });
    writeFileSync(join(root, f), '// agent\n');
  }
  writeFileSync(join(root, 'package.json'), JSON.stringify(pkg));
  const file = join(dir, `${name}.tar.gz`);
  execFileSync('tar', ['-czf', file, '-C', root, '.']);
  return file;
}

function release(file: string, version: string, key: KeyObject = caKey, o: Partial<DesiredRelease> = {}): DesiredRelease {
  const bytes = readFileSync(file);
  const base = { version, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length };
  return { id: crypto.randomUUID(), ...base, signature: sign('sha256', releaseSigningMessage(base), { key, dsaEncoding: 'ieee-p1363' }).toString('base64'), url: `/agent/v1/releases/${version}/bundle`, ...o };
}

beforeAll(async () => {
  const ca = await selfSignedCa();
  caPem = ca.pem;
  caKey = ca.key;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('verifyRelease', () => {
  it('accepts the pinned CA signature with matching size and SHA-256', async () => {
    const f = bundle('ok', { name: 'decnet-agent-bundle', version: '1.0.0' });
    await expect(verifyRelease(f, release(f, '1.0.0'), caPem)).resolves.toBeUndefined();
  });
  it('refuses another key, a changed size, a changed hash', async () => {
    const f = bundle('bad', { name: 'decnet-agent-bundle', version: '1.0.0' });
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    await expect(verifyRelease(f, release(f, '1.0.0', other), caPem)).rejects.toThrow(/not signed by the control plane CA/);
    const r = release(f, '1.0.0');
    // Claims re-signed by the CA but not matching the file: each check stands on its own.
    const resign = (o: { size: number; sha256: string }) => ({ ...r, ...o, signature: sign('sha256', releaseSigningMessage({ version: r.version, ...o }), { key: caKey, dsaEncoding: 'ieee-p1363' }).toString('base64') });
    await expect(verifyRelease(f, resign({ size: r.size + 1, sha256: r.sha256 }), caPem)).rejects.toThrow(/downloaded \d+ bytes/);
    await expect(verifyRelease(f, resign({ size: r.size, sha256: 'f'.repeat(64) }), caPem)).rejects.toThrow(/SHA-256 mismatch/);
    // A signature over other claims does not carry over.
    await expect(verifyRelease(f, { ...r, version: '1.0.1' }, caPem)).rejects.toThrow(/not signed/);
  });
});

describe('unpackBundle', () => {
  it('unpacks a complete bundle of the right version; refuses another version, a non-agent and an incomplete one', async () => {
    await unpackBundle(bundle('u1', { name: 'decnet-agent-bundle', version: '2.0.0' }), join(dir, 'v', '2.0.0'), '2.0.0');
    expect(existsSync(join(dir, 'v', '2.0.0', 'dist/decnet-agent.mjs'))).toBe(true);
    await expect(unpackBundle(bundle('u2', { name: 'decnet-agent-bundle', version: '2.0.1' }), join(dir, 'v', '2.0.2'), '2.0.2')).rejects.toThrow(/says it is version 2.0.1/);
    await expect(unpackBundle(bundle('u3', { name: 'left-pad', version: '2.0.3' }), join(dir, 'v', '2.0.3'), '2.0.3')).rejects.toThrow(/not an agent bundle/);
    await expect(unpackBundle(bundle('u4', { name: 'decnet-agent-bundle', version: '2.0.4' }, ['dist/decnet-agent.mjs']), join(dir, 'v', '2.0.4'), '2.0.4')).rejects.toThrow(/incomplete/);
    expect(existsSync(join(dir, 'v', '2.0.2'))).toBe(false); // nothing left behind
  });
});

describe('Updater', () => {
  function updater(supervised: boolean) {
    const reports: Array<Record<string, unknown>> = [];
    const dataDir = mkdtempSync(join(dir, 'data-'));
    const u = new Updater({
      dataDir, supervised, identity: { mtlsUrl: 'https://127.0.0.1:1', keyPem: '', certPem: '', caPem },
      call: async (o) => (reports.push(JSON.parse(String(o.body)) as Record<string, unknown>), { kind: 'ok', status: 200, body: { ok: true, recorded: true } }),
      healthy: () => true, restart: () => { throw new Error('must not restart'); }, log: () => {}, root: dataDir, version: '1.0.0',
    });
    return { u, reports };
  }
  it('unsupervised, it refuses to switch and reports why; the same push is not retried', async () => {
    const { u, reports } = updater(false);
    const f = bundle('s', { name: 'decnet-agent-bundle', version: '1.1.0' });
    const r = release(f, '1.1.0');
    u.handle(r);
    await expect.poll(() => reports.length).toBe(1);
    expect(reports[0]).toMatchObject({ id: r.id, phase: 'failed', runningVersion: '1.0.0' });
    expect(String(reports[0]!.reason)).toMatch(/without its supervisor/);
    await expect.poll(() => u.layout.readState()?.reported).toBe(true);
    u.handle(r);
    await new Promise((ok) => setTimeout(ok, 50));
    expect(reports).toHaveLength(1);
  });
  it('a release of the version it runs is healthy at once', async () => {
    const { u, reports } = updater(true);
    const f = bundle('same', { name: 'decnet-agent-bundle', version: '1.0.0' });
    const r = release(f, '1.0.0');
    u.handle(r);
    await expect.poll(() => reports.length).toBe(1);
    expect(reports[0]).toMatchObject({ id: r.id, version: '1.0.0', phase: 'healthy' });
  });
});
