// Agent releases on the Node runtime with a real libSQL file and mutual TLS (issue 19): a chunked
// upload is checked (sizes, SHA-256, the bundle's own package.json) and signed by the CA key on
// publish; a push rides in the desired state (waking a held long-poll), the bundle downloads over
// mTLS byte for byte, progress reports are kept per push, rollback goes to the previous version,
// and every bad input is 400/404/409/422, never 500.
import { releaseSigningMessage } from '@decnet/protocol';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes, verify, X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Agent } from 'undici';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './testing/agent-harness';

let h: Harness;
let host: Awaited<ReturnType<Harness['enroll']>> & { d: Agent };
const tmp = mkdtempSync(join(tmpdir(), 'decnet-releases-'));

/** A small agent-bundle-shaped .tar.gz: package.json (name, version) and an incompressible file. */
function fakeBundle(version: string, name = 'decnet-agent-bundle'): Buffer {
  const dir = join(tmp, `${name}-${version}`);
  mkdirSync(join(dir, 'dist'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true, version }));
  writeFileSync(join(dir, 'dist', 'blob.bin'), randomBytes(150_000));
  const file = join(tmp, `${name}-${version}.tar.gz`);
  execFileSync('tar', ['-czf', file, '-C', dir, './dist', './package.json']); // package.json last: the reader must skip entries
  return readFileSync(file);
}
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function upload(version: string, bytes: Buffer): Promise<Record<string, any>> {
  const created = await h.api('/api/v1/releases', { version, size: bytes.length, sha256: sha(bytes) });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const n = created.body.chunkBytes as number;
  for (let i = 0; i * n < bytes.length; i++) {
    const res = await h.raw(`/api/v1/releases/${version}/chunks/${i}`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: new Uint8Array(bytes.subarray(i * n, (i + 1) * n)) });
    expect(res.status).toBe(200);
  }
  return h.api(`/api/v1/releases/${version}/publish`, {}, 'POST');
}

async function download(d: Agent, url: string): Promise<{ status: number; bytes: Buffer }> {
  const res = await request(h.cp.mtlsUrl + url, { dispatcher: d });
  return { status: res.statusCode, bytes: Buffer.from(await res.body.arrayBuffer()) };
}

const report = (body: unknown) => h.agentCall(host.d, '/agent/v1/update-status', body);
const heartbeat = (agentVersion: string) => h.agentCall(host.d, '/agent/v1/heartbeat', { agentVersion, uptimeS: 1, spool: { pending: 0, dropped: 0 }, deckies: [], workers: [] });
const hostRow = async () => (await h.api(`/api/v1/releases/hosts?host=${host.hostId}`)).body.items[0];

let built: Buffer;
beforeAll(async () => {
  // The bundle this control plane serves for installs (`npm run agent:bundle`), registered as a release below.
  built = fakeBundle('1.9.0');
  writeFileSync(join(tmp, 'served.tar.gz'), built);
  h = await startHarness({ DECNET_AGENT_BUNDLE: join(tmp, 'served.tar.gz') });
  const e = await h.enroll('rel-host-1');
  host = { ...e, d: h.mtls(e.certificatePem, e.keyPem) };
});
afterAll(async () => {
  await h?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('upload and publish', () => {
  it('refuses bad release metadata with 422 (size over 64 MiB, bad hash, bad version, unknown field) and malformed JSON with 400', async () => {
    const ok = { version: '9.9.9', size: 10, sha256: 'a'.repeat(64) };
    for (const body of [{ ...ok, size: 64 * 1024 * 1024 + 1 }, { ...ok, size: 0 }, { ...ok, sha256: 'XYZ' }, { ...ok, version: 'bad version' }, { ...ok, extra: 1 }, {}]) {
      expect((await h.api('/api/v1/releases', body)).status, JSON.stringify(body)).toBe(422);
    }
    const res = await h.raw('/api/v1/releases', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"version":' });
    expect(res.status).toBe(400);
    expect((await h.api('/api/v1/releases/nope/publish', {}, 'POST')).status).toBe(404);
    expect((await h.raw('/api/v1/releases/nope/chunks/0', { method: 'PUT', body: new Uint8Array(3) })).status).toBe(404);
  });

  it('checks chunk sizes and indexes, the SHA-256 and the bundle name and version before signing', async () => {
    const bytes = fakeBundle('1.0.0');
    const c = await h.api('/api/v1/releases', { version: '1.0.0', size: bytes.length, sha256: sha(bytes) });
    expect(c.body).toMatchObject({ status: 'uploading', signature: null, chunkBytes: 65536, chunkCount: Math.ceil(bytes.length / 65536) });
    expect((await h.api('/api/v1/releases', { version: '1.0.0', size: 5, sha256: sha(bytes) })).status).toBe(409);
    const put = (i: number | string, b: Uint8Array) => h.raw(`/api/v1/releases/1.0.0/chunks/${i}`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: new Uint8Array(b) });
    expect((await put(0, bytes.subarray(0, 100))).status).toBe(422); // short
    expect((await put(99, bytes.subarray(0, 65536))).status).toBe(422); // out of range
    expect((await put('x', bytes.subarray(0, 65536))).status).toBe(422);
    const missing = await h.api('/api/v1/releases/1.0.0/publish', {}, 'POST');
    expect(missing.status).toBe(422);
    expect(missing.body.error.message).toMatch(/has 0 of its/);
    // Every chunk, but the first one of another bundle: the hash does not match.
    const other = fakeBundle('1.0.0-other');
    expect((await put(0, other.subarray(0, 65536))).status).toBe(200);
    for (let i = 1; i * 65536 < bytes.length; i++) expect((await put(i, bytes.subarray(i * 65536, (i + 1) * 65536))).status).toBe(200);
    const bad = await h.api('/api/v1/releases/1.0.0/publish', {}, 'POST');
    expect(bad.status).toBe(422);
    expect(bad.body.error.message).toMatch(/do not match/);
    expect((await put(0, bytes.subarray(0, 65536))).status).toBe(200); // re-sent chunk replaces it
    const pub = await h.api('/api/v1/releases/1.0.0/publish', {}, 'POST');
    expect(pub.status, JSON.stringify(pub.body)).toBe(200);
    expect(pub.body.status).toBe('ready');
    // The signature verifies with the CA certificate agents pinned at enrollment.
    const key = new X509Certificate(h.cp.caCertPem).publicKey;
    expect(verify('sha256', releaseSigningMessage({ version: '1.0.0', sha256: sha(bytes), size: bytes.length }), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(pub.body.signature, 'base64'))).toBe(true);
    expect((await put(0, bytes.subarray(0, 65536))).status).toBe(409); // published: immutable
  });

  it('refuses a bundle whose package.json names another version, or that is no agent bundle', async () => {
    const wrong = await upload('2.0.0', fakeBundle('2.0.1'));
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.message).toMatch(/says it is version 2.0.1, not 2.0.0/);
    const foreign = await upload('2.0.2', fakeBundle('2.0.2', 'left-pad'));
    expect(foreign.status).toBe(422);
    expect(foreign.body.error.message).toMatch(/not an agent bundle/);
    const notGz = Buffer.from('plain text, not a tarball');
    const plain = await upload('2.0.3', notGz);
    expect(plain.status).toBe(422);
    expect((await h.api('/api/v1/releases/2.0.3', undefined, 'DELETE')).status).toBe(204);
  });
});

describe('the built bundle', () => {
  it('registers as a signed release with the version from its package.json; twice is 409', async () => {
    const r = await h.api('/api/v1/releases/from-build', {});
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ version: '1.9.0', status: 'ready', sha256: sha(built), size: built.length });
    expect((await h.api('/api/v1/releases/from-build', {})).status).toBe(409);
    expect((await h.api('/api/v1/releases/from-build', { extra: true })).status).toBe(422);
  });
});

describe('rollout', () => {
  let bytes: Buffer;
  it('a push rides in the desired state (a held long-poll wakes), the bundle downloads over mTLS, progress is kept per push', async () => {
    bytes = fakeBundle('1.1.0');
    expect((await upload('1.1.0', bytes)).status).toBe(200);
    expect((await heartbeat('1.0.0')).status).toBe(200);
    const ds0 = (await h.agentCall(host.d, '/agent/v1/desired-state')).body;
    expect(ds0.release).toBeUndefined();
    const held = h.agentCall(host.d, `/agent/v1/desired-state?sinceVersion=${ds0.version}&waitS=20`);
    const push = await h.api('/api/v1/releases/push', { version: '1.1.0', target: { scope: 'host', hostId: host.hostId } });
    expect(push.body).toEqual({ version: '1.1.0', hosts: [host.hostId] });
    const ds = (await held).body;
    expect(ds.version).toBeGreaterThan(ds0.version);
    expect(ds.release).toMatchObject({ version: '1.1.0', sha256: sha(bytes), size: bytes.length, url: '/agent/v1/releases/1.1.0/bundle' });
    const dl = await download(host.d, ds.release.url);
    expect(dl.status).toBe(200);
    expect(dl.bytes.equals(bytes)).toBe(true);
    await expect(download(h.mtls(), ds.release.url)).rejects.toThrow(); // no client certificate: refused at the TLS handshake
    expect(await hostRow()).toMatchObject({ runningVersion: '1.0.0', targetVersion: '1.1.0', previousVersion: '1.0.0', phase: 'pending' });
    const base = { id: ds.release.id, version: '1.1.0', runningVersion: '1.0.0' };
    expect((await report({ ...base, phase: 'downloading' })).body).toEqual({ ok: true, recorded: true });
    expect((await report({ ...base, id: crypto.randomUUID(), phase: 'failed', reason: 'stale' })).body.recorded).toBe(false);
    for (const bad of [{ ...base, phase: 'pending' }, { ...base, phase: 'healthy', reason: 'x'.repeat(2000) }, { ...base, id: 'nope', phase: 'healthy' }, { phase: 'healthy' }]) {
      expect((await report(bad)).status, JSON.stringify(bad)).toBe(422);
    }
    expect((await report({ ...base, phase: 'rolled_back', reason: 'not healthy within 60 s: <script>x</script>' })).body.recorded).toBe(true);
    expect(await hostRow()).toMatchObject({ phase: 'rolled_back', reason: 'not healthy within 60 s: <script>x</script>' });
    expect((await h.agentCall(host.d, '/agent/v1/desired-state')).body.release).toBeUndefined(); // done with that push
  });

  it('rollback goes to the version before the last push; push targets and deletes are checked', async () => {
    const again = await h.api('/api/v1/releases/push', { version: '1.1.0', target: { scope: 'all' } });
    expect(again.body.hosts).toContain(host.hostId);
    const rel = (await h.agentCall(host.d, '/agent/v1/desired-state')).body.release;
    expect(rel.version).toBe('1.1.0'); // a new push id: the rolled-back one is not the one asked now
    expect((await report({ id: rel.id, version: '1.1.0', runningVersion: '1.1.0', phase: 'healthy' })).body.recorded).toBe(true);
    expect((await heartbeat('1.1.0')).status).toBe(200);
    expect((await h.api('/api/v1/releases/1.1.0')).body.hostsRunning).toBe(1);
    const rb = await h.api(`/api/v1/hosts/${host.hostId}/rollback`, {}, 'POST');
    expect(rb.status, JSON.stringify(rb.body)).toBe(200);
    expect(rb.body).toMatchObject({ runningVersion: '1.1.0', targetVersion: '1.0.0', previousVersion: '1.1.0', phase: 'pending' });
    const back = (await h.agentCall(host.d, '/agent/v1/desired-state')).body.release;
    expect(back).toMatchObject({ version: '1.0.0', url: '/agent/v1/releases/1.0.0/bundle' });
    expect(back.id).not.toBe(rel.id);
    // Refusals: a host never pushed to, unknown host, unpublished release, empty site, rollout in progress.
    const fresh = await h.enroll('rel-host-2');
    expect((await h.api(`/api/v1/hosts/${fresh.hostId}/rollback`, {}, 'POST')).status).toBe(409);
    expect((await h.api(`/api/v1/hosts/${crypto.randomUUID()}/rollback`, {}, 'POST')).status).toBe(404);
    expect((await h.api('/api/v1/releases/push', { version: '1.1.0', target: { scope: 'host', hostId: crypto.randomUUID() } })).status).toBe(404);
    expect((await h.api('/api/v1/releases/push', { version: '7.7.7', target: { scope: 'all' } })).status).toBe(404);
    expect((await h.api('/api/v1/releases', { version: '3.0.0', size: 10, sha256: 'b'.repeat(64) })).status).toBe(201);
    expect((await h.api('/api/v1/releases/push', { version: '3.0.0', target: { scope: 'all' } })).status).toBe(422);
    expect((await h.api('/api/v1/releases/push', { version: '1.1.0', target: { scope: 'site', site: 'nowhere' } })).status).toBe(422);
    for (const body of [{ version: '1.1.0' }, { version: '1.1.0', target: { scope: 'planet' } }, { version: '1.1.0', target: { scope: 'host' } }, { version: '1.1.0', target: { scope: 'all' }, x: 1 }]) {
      expect((await h.api('/api/v1/releases/push', body)).status, JSON.stringify(body)).toBe(422);
    }
    expect((await h.api('/api/v1/releases/1.0.0', undefined, 'DELETE')).status).toBe(409); // host is rolling back to it
    expect((await h.api('/api/v1/releases/nope', undefined, 'DELETE')).status).toBe(404);
    const list = (await h.api('/api/v1/releases')).body.items.map((r: { version: string; status: string }) => `${r.version}:${r.status}`);
    expect(list).toEqual(expect.arrayContaining(['1.0.0:ready', '1.1.0:ready', '3.0.0:uploading']));
    expect((await h.api('/api/v1/releases/3.0.0', undefined, 'DELETE')).status).toBe(204);
  });
});
