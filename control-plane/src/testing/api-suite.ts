// The control plane's API contract tests, written once and run on both runtimes: on Node against a
// real libSQL file over real HTTP (api.test.ts) and inside workerd against D1 (api.workers.test.ts).
import { beforeAll, describe, expect, it } from 'vitest';
export { SUITE_ENV } from './suite-env';

export interface ApiHarness {
  fetch(path: string, init?: RequestInit): Promise<Response>;
  adminUser: string;
  adminPassword: string;
  /** The per-user login limit the harness configured. */
  maxLoginsPerUser: number;
  bodyLimitBytes: number;
}


export function apiSuite(label: string, harness: () => ApiHarness): void {
  let h: ApiHarness;
  let adminToken = '';
  const NEW_ADMIN_PASSWORD = 'a-much-better-admin-password';
  const json = (body: unknown, token?: string, method = 'POST'): RequestInit => ({
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const auth = (token: string, method = 'GET'): RequestInit => ({ method, headers: { authorization: `Bearer ${token}` } });
  const login = (username: string, password: string) => h.fetch('/api/v1/auth/login', json({ username, password }));
  const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;

  describe(`control-plane API (${label})`, () => {
    beforeAll(() => {
      h = harness();
    });

    it('serves health without auth and an OpenAPI 3.1 document', async () => {
      const health = await h.fetch('/api/v1/health');
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok' });
      expect((await h.fetch('/api/v1/health/ready')).status).toBe(200);
      const doc = (await (await h.fetch('/api/v1/openapi.json')).json()) as { openapi: string; paths: object };
      expect(doc.openapi).toBe('3.1.0');
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/auth/login', '/users', '/users/{id}']));
    });

    it('describes every JSON response with named fields (the schemas the dashboard shares from protocol)', async () => {
      type Schema = { $ref?: string; type?: string; properties?: Record<string, Schema>; items?: Schema; required?: string[] };
      type Op = { responses: Record<string, { content?: Record<string, { schema: Schema }> }> };
      const doc = (await (await h.fetch('/api/v1/openapi.json')).json()) as { paths: Record<string, Record<string, Op>>; components: { schemas: Record<string, Schema> } };
      const resolve = (s: Schema): Schema => (s.$ref ? resolve(doc.components.schemas[s.$ref.replace('#/components/schemas/', '')]!) : s);
      const page = resolve(doc.paths['/attackers']!.get!.responses['200']!.content!['application/json']!.schema);
      expect(Object.keys(page.properties!)).toEqual(['items', 'total']);
      const attacker = resolve(page.properties!.items!.items!);
      expect(attacker.required).toEqual(expect.arrayContaining(['id', 'ip', 'firstSeen', 'lastSeen', 'eventCount', 'services', 'deckies', 'behaviorClass', 'profile']));
      expect(attacker.properties!.eventCount!.type).toBe('number');
      const detail = resolve(doc.paths['/attackers/{id}']!.get!.responses['200']!.content!['application/json']!.schema);
      expect(Object.keys(detail.properties!)).toEqual(['attacker', 'fingerprints', 'findings', 'sessions', 'credentials', 'artifacts', 'commands', 'events']);
      expect(resolve(detail.properties!.events!.items!).required).toEqual(expect.arrayContaining(['id', 'seq', 'ts', 'decky', 'eventType', 'fields', 'raw']));
      // No JSON answer is left as an untyped object.
      const untyped: string[] = [];
      for (const [path, ops] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(ops)) {
          for (const [status, r] of Object.entries(op.responses)) {
            const schema = r.content?.['application/json']?.schema;
            if (!schema || !status.startsWith('2')) continue;
            if (Object.keys(resolve(schema).properties ?? {}).length === 0) untyped.push(`${method.toUpperCase()} ${path} ${status}`);
          }
        }
      }
      expect(untyped).toEqual([]);
    });

    it('sets security headers', async () => {
      const res = await h.fetch('/api/v1/health');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(res.headers.get('x-frame-options')).toBeTruthy();
    });

    it('answers bad input with 400/413/422 in one error shape', async () => {
      const malformed = await h.fetch('/api/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"username": "adm',
      });
      expect(malformed.status).toBe(400);
      expect((await errorOf(malformed)).code).toBe('malformed_json');

      const wrongType = await h.fetch('/api/v1/auth/login', json({ username: 42, password: [] }));
      expect(wrongType.status).toBe(422);
      const err = await errorOf(wrongType);
      expect(err.code).toBe('validation_failed');
      expect(err.message).toContain('username');

      const unknownField = await h.fetch('/api/v1/auth/login', json({ username: 'a', password: 'b', role: 'admin' }));
      expect(unknownField.status).toBe(422);

      const huge = await h.fetch('/api/v1/auth/login', json({ username: 'a', password: 'x'.repeat(h.bodyLimitBytes + 10) }));
      expect(huge.status).toBe(413);
      expect((await errorOf(huge)).code).toBe('payload_too_large');

      const missing = await h.fetch('/api/v1/no-such-route');
      expect(missing.status).toBe(404);
      expect((await errorOf(missing)).code).toBe('not_found');
    });

    it('rejects wrong credentials without saying which part was wrong', async () => {
      const a = await login(h.adminUser, 'wrong-password-123');
      const b = await login('nobody-here', 'wrong-password-123');
      expect(a.status).toBe(401);
      expect(b.status).toBe(401);
      expect((await errorOf(a)).message).toBe((await errorOf(b)).message);
    });

    it('forces the first admin to change the password before anything else', async () => {
      const res = await login(h.adminUser, h.adminPassword);
      expect(res.status).toBe(200);
      const session = (await res.json()) as { token: string; user: { mustChangePassword: boolean; role: string } };
      expect(session.user).toMatchObject({ mustChangePassword: true, role: 'admin' });

      const blocked = await h.fetch('/api/v1/users', auth(session.token));
      expect(blocked.status).toBe(403);
      expect((await errorOf(blocked)).code).toBe('password_change_required');
      expect((await h.fetch('/api/v1/auth/me', auth(session.token))).status).toBe(200);

      const badCurrent = await h.fetch(
        '/api/v1/auth/change-password',
        json({ currentPassword: 'nope-nope-nope', newPassword: NEW_ADMIN_PASSWORD }, session.token),
      );
      expect(badCurrent.status).toBe(401);
      const tooShort = await h.fetch(
        '/api/v1/auth/change-password',
        json({ currentPassword: h.adminPassword, newPassword: 'short' }, session.token),
      );
      expect(tooShort.status).toBe(422);

      const changed = await h.fetch(
        '/api/v1/auth/change-password',
        json({ currentPassword: h.adminPassword, newPassword: NEW_ADMIN_PASSWORD }, session.token),
      );
      expect(changed.status).toBe(200);
      const fresh = (await changed.json()) as { token: string; user: { mustChangePassword: boolean } };
      expect(fresh.user.mustChangePassword).toBe(false);
      expect((await h.fetch('/api/v1/users', auth(session.token))).status).toBe(401); // old token revoked
      expect((await h.fetch('/api/v1/users', auth(fresh.token))).status).toBe(200);
      expect((await login(h.adminUser, h.adminPassword)).status).toBe(401);
      adminToken = fresh.token;
    });

    it('lets admins manage users and keeps viewers read-only', async () => {
      const create = await h.fetch(
        '/api/v1/users',
        json({ username: 'viewer-1', password: 'viewer-initial-pw', role: 'viewer' }, adminToken),
      );
      expect(create.status).toBe(201);
      const viewer = (await create.json()) as { id: string; mustChangePassword: boolean };
      expect(viewer.mustChangePassword).toBe(true);
      const dup = await h.fetch('/api/v1/users', json({ username: 'viewer-1', password: 'viewer-initial-pw', role: 'viewer' }, adminToken));
      expect(dup.status).toBe(409);
      const weak = await h.fetch('/api/v1/users', json({ username: 'viewer-2', password: 'short', role: 'viewer' }, adminToken));
      expect(weak.status).toBe(422);
      const badRole = await h.fetch('/api/v1/users', json({ username: 'v3', password: 'long-enough-pass', role: 'root' }, adminToken));
      expect(badRole.status).toBe(422);

      const vLogin = (await (await login('viewer-1', 'viewer-initial-pw')).json()) as { token: string };
      const vChanged = await h.fetch(
        '/api/v1/auth/change-password',
        json({ currentPassword: 'viewer-initial-pw', newPassword: 'viewer-changed-pw' }, vLogin.token),
      );
      const vToken = ((await vChanged.json()) as { token: string }).token;
      const forbidden = await h.fetch('/api/v1/users', auth(vToken));
      expect(forbidden.status).toBe(403);
      expect((await errorOf(forbidden)).code).toBe('forbidden');

      const list = (await (await h.fetch('/api/v1/users', auth(adminToken))).json()) as { items: { username: string }[] };
      expect(list.items.map((u) => u.username)).toEqual(expect.arrayContaining(['admin', 'viewer-1']));
      expect(JSON.stringify(list)).not.toContain('scrypt'); // no password hashes leak

      const promote = await h.fetch(`/api/v1/users/${viewer.id}`, json({ role: 'admin' }, adminToken, 'PATCH'));
      expect(promote.status).toBe(200);
      expect(((await promote.json()) as { role: string }).role).toBe('admin');
      expect((await h.fetch('/api/v1/users', auth(vToken))).status).toBe(401); // role change revokes sessions

      const me = (await (await h.fetch('/api/v1/auth/me', auth(adminToken))).json()) as { id: string };
      const selfDelete = await h.fetch(`/api/v1/users/${me.id}`, auth(adminToken, 'DELETE'));
      expect(selfDelete.status).toBe(409);
      expect((await h.fetch(`/api/v1/users/${viewer.id}`, auth(adminToken, 'DELETE'))).status).toBe(204);
      expect((await h.fetch(`/api/v1/users/${viewer.id}`, auth(adminToken, 'DELETE'))).status).toBe(404);
      expect((await h.fetch('/api/v1/users/not-a-uuid', auth(adminToken, 'DELETE'))).status).toBe(422);
      const demoteLast = await h.fetch(`/api/v1/users/${me.id}`, json({ role: 'viewer' }, adminToken, 'PATCH'));
      expect(demoteLast.status).toBe(409);
    });

    it('refuses missing, malformed and tampered tokens', async () => {
      expect((await h.fetch('/api/v1/users')).status).toBe(401);
      expect((await h.fetch('/api/v1/users', { headers: { authorization: 'Basic abc' } })).status).toBe(401);
      const [head, body] = adminToken.split('.');
      const forged = `${head}.${body}.${'A'.repeat(43)}`;
      expect((await h.fetch('/api/v1/users', auth(forged))).status).toBe(401);
    });

    it('rate-limits logins per user', async () => {
      await h.fetch('/api/v1/users', json({ username: 'target-user', password: 'target-user-pass', role: 'viewer' }, adminToken));
      const statuses: number[] = [];
      for (let i = 0; i < h.maxLoginsPerUser + 2; i++) statuses.push((await login('target-user', `guess-${i}-xxxxxx`)).status);
      expect(statuses.slice(0, h.maxLoginsPerUser)).toEqual(Array(h.maxLoginsPerUser).fill(401));
      expect(statuses.at(-1)).toBe(429);
      const limited = await login('target-user', 'target-user-pass'); // even the right password now waits
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await errorOf(limited)).code).toBe('rate_limited');
    });

    it('logout revokes the session', async () => {
      const s = (await (await login(h.adminUser, NEW_ADMIN_PASSWORD)).json()) as { token: string };
      expect((await h.fetch('/api/v1/auth/logout', auth(s.token, 'POST'))).status).toBe(200);
      expect((await h.fetch('/api/v1/auth/me', auth(s.token))).status).toBe(401);
    });
  });
}
