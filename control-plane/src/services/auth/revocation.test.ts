// Revocation across stateless instances: two apps on one libSQL file with a shared, injected clock.
// A logout, role change or password change on instance A is refused by instance B no later than
// USER_CACHE_TTL_MS after it committed (and B really serves from its cache until then).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app';
import { ensureFirstAdmin } from './bootstrap-admin';
import { USER_CACHE_TTL_MS } from './user-cache';
import { memoryDeps } from '../../testing/memory-deps';
import { SUITE_ENV } from '../../testing/suite-env';

const dir = mkdtempSync(join(tmpdir(), 'decnet-revocation-'));
// In the recent past: hono's JWT check also reads the real clock and refuses tokens issued in the future.
const clock = { now: Date.now() - 600_000 };
let a: ReturnType<typeof createApp>;
let b: ReturnType<typeof createApp>;
let adminToken = '';

type App = ReturnType<typeof createApp>;
const call = async (app: App, path: string, token?: string, body?: unknown, method = body ? 'POST' : 'GET') => {
  const res = await app.request(path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, any> };
};
const login = async (username: string, password: string) => {
  const r = await call(a, '/api/v1/auth/login', undefined, { username, password });
  expect(r.status).toBe(200);
  return r.body.token as string;
};
/** A user who has done the forced password change; returns their id, password and a session token. */
async function newUser(name: string, role: 'admin' | 'viewer') {
  const created = await call(a, '/api/v1/users', adminToken, { username: name, password: 'initial-password-1', role });
  expect(created.status).toBe(201);
  const first = await login(name, 'initial-password-1');
  const changed = await call(a, '/api/v1/auth/change-password', first, { currentPassword: 'initial-password-1', newPassword: `${name}-password-2` });
  expect(changed).toMatchObject({ status: 200 });
  return { id: created.body.id as string, password: `${name}-password-2`, token: changed.body.token as string };
}

/** B accepts `token` (filling its cache at the current instant), then `revoke` runs on A. */
async function expectBoundedRevocation(token: string, revoke: () => Promise<void>) {
  clock.now += 10 * USER_CACHE_TTL_MS; // a fresh cache window
  const t0 = clock.now;
  expect((await call(b, '/api/v1/auth/me', token)).status).toBe(200);
  await revoke();
  expect((await call(a, '/api/v1/auth/me', token)).status).toBe(401); // the instance that revoked: at once
  clock.now = t0 + USER_CACHE_TTL_MS - 1;
  expect((await call(b, '/api/v1/auth/me', token)).status).toBe(200); // B still inside its bound
  clock.now = t0 + USER_CACHE_TTL_MS;
  expect((await call(b, '/api/v1/auth/me', token)).status).toBe(401); // refused at the bound
}

beforeAll(async () => {
  const url = `file:${join(dir, 'cp.db')}`;
  const depsA = await memoryDeps(SUITE_ENV, clock, url);
  const depsB = await memoryDeps(SUITE_ENV, clock, url);
  await ensureFirstAdmin(depsA);
  a = createApp(depsA);
  b = createApp(depsB);
  const first = await login('admin', SUITE_ENV.DECNET_ADMIN_PASSWORD);
  adminToken = (await call(a, '/api/v1/auth/change-password', first, { currentPassword: SUITE_ENV.DECNET_ADMIN_PASSWORD, newPassword: 'admin-password-2' })).body.token;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe(`revocation across instances (bound ${USER_CACHE_TTL_MS} ms)`, () => {
  it('logout on A is refused on B within the bound', async () => {
    const u = await newUser('logout-user', 'viewer');
    await expectBoundedRevocation(u.token, async () => {
      expect((await call(a, '/api/v1/auth/logout', u.token, undefined, 'POST')).status).toBe(200);
    });
  });

  it('a role change on A is refused on B within the bound', async () => {
    const u = await newUser('demoted-admin', 'admin');
    expect((await call(b, '/api/v1/users', u.token)).status).toBe(200); // admin-only route
    await expectBoundedRevocation(u.token, async () => {
      expect((await call(a, `/api/v1/users/${u.id}`, adminToken, { role: 'viewer' }, 'PATCH')).status).toBe(200);
    });
    const again = await login('demoted-admin', u.password);
    expect((await call(b, '/api/v1/users', again)).status).toBe(403);
  });

  it('a password change on A is refused on B within the bound, the new token works on B', async () => {
    const u = await newUser('rotating-user', 'viewer');
    let fresh = '';
    await expectBoundedRevocation(u.token, async () => {
      const r = await call(a, '/api/v1/auth/change-password', u.token, { currentPassword: u.password, newPassword: 'rotated-password-3' });
      expect(r.status).toBe(200);
      fresh = r.body.token;
    });
    expect((await call(b, '/api/v1/auth/me', fresh)).status).toBe(200);
  });
});
