// The Node runtime serves the built dashboard: files, SPA fallback to index.html, long-lived caching
// for hashed assets, and API/agent paths never swallowed by the fallback.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startControlPlane, type RunningControlPlane } from './runtime/node';
import { SUITE_ENV } from './testing/suite-env';
import { createApp } from './app';
import { memoryDeps } from './testing/memory-deps';

let cp: RunningControlPlane;
const dir = mkdtempSync(join(tmpdir(), 'decnet-dash-'));
const dist = join(dir, 'dist');

beforeAll(async () => {
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>DECNET</title><script type="module" src="/assets/app-abc123.js"></script>');
  writeFileSync(join(dist, 'assets', 'app-abc123.js'), 'console.log("dashboard")');
  cp = await startControlPlane({ env: { ...SUITE_ENV, DECNET_DASHBOARD_DIR: dist, DECNET_AGENT_BUNDLE: join(dir, 'bundle.tar.gz') }, dataDir: join(dir, 'data'), port: 0, mtlsPort: 0 });
});
afterAll(async () => {
  await cp?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('agent bundle serving', () => {
  it('answers 404 with how to build it, then serves the built file', async () => {
    const missing = await fetch(`${cp.url}/agent/v1/agent-bundle.tar.gz`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toContain('npm run agent:bundle');
    const bytes = new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2, 3, 4]);
    writeFileSync(join(dir, 'bundle.tar.gz'), bytes);
    const res = await fetch(`${cp.url}/agent/v1/agent-bundle.tar.gz`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/gzip');
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes);
  });
});

describe('dashboard serving', () => {
  it('serves index.html at / and for client-side routes, with the CSP', async () => {
    for (const path of ['/', '/attackers/abc', '/fleet']) {
      const res = await fetch(cp.url + path);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<title>DECNET</title>');
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(res.headers.get('cache-control')).toBe('no-cache');
    }
  });

  it('serves hashed assets with immutable caching', async () => {
    const res = await fetch(`${cp.url}/assets/app-abc123.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('javascript');
    expect(res.headers.get('cache-control')).toContain('immutable');
  });

  it('sets the same security headers from the Node listener as the middleware does elsewhere', async () => {
    // Node sets them on the raw response (cheaper); Workers and app.request keep the middleware.
    const viaMiddleware = await createApp(await memoryDeps()).request('/api/v1/health');
    const expected = [...viaMiddleware.headers.entries()].filter(([k]) => !['content-type', 'content-length'].includes(k));
    expect(expected.map(([k]) => k)).toEqual(expect.arrayContaining(['content-security-policy', 'x-frame-options', 'x-content-type-options', 'strict-transport-security', 'referrer-policy']));
    for (const path of ['/api/v1/health', '/api/v1/nope', '/', '/assets/app-abc123.js', '/agent/v1/agent-bundle.tar.gz']) {
      const res = await fetch(cp.url + path);
      await res.arrayBuffer();
      for (const [name, value] of expected) expect({ path, name, value: res.headers.get(name) }).toEqual({ path, name, value });
    }
  });

  it('leaves unknown API and agent paths to the JSON 404', async () => {
    for (const path of ['/api/v1/nope', '/agent/v1/nope', '/api']) {
      const res = await fetch(cp.url + path);
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
    }
  });
});
