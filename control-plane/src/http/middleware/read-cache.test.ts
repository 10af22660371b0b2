// ETag/304, compression and the micro-cache on the real app's polling endpoints: the same answer
// revalidates to 304 with no body, a stored event shows at once, other changes once the cache TTL
// has passed (injected clock), no cached answer without a valid token, gzip when accepted, SSE alone.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { createApp } from '../../app';
import { events } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { READ_CACHE_TTL_MS } from './read-cache';
import { ensureFirstAdmin } from '../../services/auth/bootstrap-admin';
import { memoryDeps } from '../../testing/memory-deps';
import { SUITE_ENV } from '../../testing/suite-env';

let app: ReturnType<typeof createApp>;
let deps: AppDeps & { clock: { now: number } };
let token = '';
const get = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers: { authorization: `Bearer ${token}`, ...headers } });
const addEvent = (i: number) =>
  deps.db.insert(events).values({ id: `rc-${i}`, tsMs: Date.now() - 1000, receivedAtMs: Date.now(), decky: 'web-01', service: 'ssh', eventType: 'connect', srcIp: '203.0.113.1', raw: `line ${i} ${'padding '.repeat(40)}` });

beforeAll(async () => {
  deps = await memoryDeps(SUITE_ENV);
  await ensureFirstAdmin(deps);
  app = createApp(deps);
  const post = async (path: string, body: unknown, t?: string) =>
    (await (await app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', ...(t ? { authorization: `Bearer ${t}` } : {}) }, body: JSON.stringify(body) })).json()) as { token: string };
  const first = await post('/api/v1/auth/login', { username: 'admin', password: SUITE_ENV.DECNET_ADMIN_PASSWORD });
  token = (await post('/api/v1/auth/change-password', { currentPassword: SUITE_ENV.DECNET_ADMIN_PASSWORD, newPassword: 'read-cache-admin-pw' }, first.token)).token;
  for (let i = 0; i < 5; i++) await addEvent(i);
});

describe('read-path caching', () => {
  it('answers a poll with the same ETag by 304 and no body, and a change with a new tag', async () => {
    const a = await get('/api/v1/events?limit=10');
    const tag = a.headers.get('etag')!;
    expect(tag).toMatch(/^W\/"[0-9a-f]{32}"$/);
    expect(a.headers.get('cache-control')).toBe('private, no-cache');
    const again = await get('/api/v1/events?limit=10', { 'if-none-match': tag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(tag);
    expect((await get('/api/v1/events?limit=10', { 'if-none-match': `"other", ${tag}` })).status).toBe(304);
    await addEvent(99); // a new event: the cached answer is not served any more
    const changed = await get('/api/v1/events?limit=10', { 'if-none-match': tag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(tag);
    expect(((await changed.json()) as { items: unknown[] }).items).toHaveLength(6);
    // A change that stores no event (retention of an old row) shows once the TTL has passed.
    const before = await (await get('/api/v1/events?limit=10')).json() as { items: unknown[] };
    await deps.db.delete(events).where(eq(events.id, 'rc-0'));
    expect(((await (await get('/api/v1/events?limit=10')).json()) as { items: unknown[] }).items).toHaveLength(before.items.length);
    deps.clock.now += READ_CACHE_TTL_MS;
    expect(((await (await get('/api/v1/events?limit=10')).json()) as { items: unknown[] }).items).toHaveLength(before.items.length - 1);
    // Other polled reads carry tags too.
    for (const p of ['/api/v1/stats', '/api/v1/attackers', '/api/v1/credentials', '/api/v1/sessions']) expect((await get(p)).headers.get('etag'), p).toBeTruthy();
  });

  it('never serves a cached answer without a valid token', async () => {
    expect((await get('/api/v1/attackers')).status).toBe(200);
    expect((await app.request('/api/v1/attackers')).status).toBe(401);
    expect((await app.request('/api/v1/attackers', { headers: { authorization: 'Bearer nope.nope.nope' } })).status).toBe(401);
  });

  it('compresses JSON when the client accepts gzip, with the same tag', async () => {
    const plain = await get('/api/v1/events?limit=10');
    const gz = await get('/api/v1/events?limit=10', { 'accept-encoding': 'gzip' });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gz.headers.get('etag')).toBe(plain.headers.get('etag'));
    expect(JSON.parse(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString())).toEqual(await plain.json());
  });

  it('leaves errors, writes and the SSE stream alone', async () => {
    expect((await app.request('/api/v1/events')).headers.get('etag')).toBeNull(); // 401
    const s = await get('/api/v1/stream', { 'accept-encoding': 'gzip' });
    expect(s.headers.get('content-type')).toContain('text/event-stream');
    expect(s.headers.get('content-encoding')).toBeNull();
    expect(s.headers.get('etag')).toBeNull();
    const first = await s.body!.getReader().read();
    expect(new TextDecoder().decode(first.value)).toContain('event: ready');
    await s.body?.cancel().catch(() => undefined);
  });
});
