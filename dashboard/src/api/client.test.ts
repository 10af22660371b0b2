// The API client: query strings, the error shape, and the 401 / password-change signals.
import { describe, expect, it, vi } from 'vitest';
import { ApiError, buildQuery, createClient, errorFromResponse, type ClientDeps } from './client';

function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

function client(fetchImpl: (url: string, init: RequestInit) => Promise<Response>, token: string | null = 'tok') {
  const deps: ClientDeps = {
    baseUrl: '/api/v1',
    fetch: fetchImpl as unknown as typeof fetch,
    getToken: () => token,
    onUnauthorized: vi.fn(),
    onPasswordChangeRequired: vi.fn(),
  };
  return { c: createClient(deps), deps };
}

describe('buildQuery', () => {
  it('skips empty values and encodes the rest', () => {
    expect(buildQuery({ a: 1, b: '', c: undefined, d: null, q: 'a b&c' })).toBe('?a=1&q=a+b%26c');
    expect(buildQuery({})).toBe('');
    expect(buildQuery()).toBe('');
  });
});

describe('errorFromResponse', () => {
  it('reads the {error:{code,message,details}} shape', () => {
    const e = errorFromResponse(422, 'Unprocessable', new Headers(), JSON.stringify({ error: { code: 'validation_failed', message: 'bad', details: { line: 3 } } }));
    expect(e).toMatchObject({ status: 422, code: 'validation_failed', message: 'bad', details: { line: 3 } });
  });
  it('falls back to a generic error for non-JSON bodies', () => {
    const e = errorFromResponse(502, 'Bad Gateway', new Headers(), '<html>proxy</html>');
    expect(e.code).toBe('http_502');
    expect(e.message).toMatch(/failed \(502\)/);
  });
  it('parses Retry-After in seconds', () => {
    expect(errorFromResponse(429, '', new Headers({ 'retry-after': '42' }), '{}').retryAfterS).toBe(42);
  });
  it('recognises a missing route', () => {
    expect(errorFromResponse(404, '', new Headers(), JSON.stringify({ error: { code: 'not_found', message: 'No route for GET /api/v1/x' } })).missingRoute).toBe(true);
    expect(errorFromResponse(404, '', new Headers(), JSON.stringify({ error: { code: 'not_found', message: 'Attacker not found' } })).missingRoute).toBe(false);
  });
});

describe('createClient', () => {
  it('sends the bearer token, JSON body and query', async () => {
    const f = vi.fn(async () => jsonResponse(200, { ok: true }));
    const { c } = client(f);
    await expect(c.request('POST', '/deckies', { body: { name: 'x' }, query: { hostId: 'h1' } })).resolves.toEqual({ ok: true });
    const [url, init] = f.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/v1/deckies?hostId=h1');
    expect(init.headers).toMatchObject({ authorization: 'Bearer tok', 'content-type': 'application/json' });
    expect(init.body).toBe('{"name":"x"}');
  });

  it('returns undefined for 204', async () => {
    const { c } = client(async () => new Response(null, { status: 204 }));
    await expect(c.request('DELETE', '/deckies/x')).resolves.toBeUndefined();
  });

  it('ends the session on 401 when a token was sent', async () => {
    const { c, deps } = client(async () => jsonResponse(401, { error: { code: 'unauthorized', message: 'expired' } }));
    await expect(c.request('GET', '/hosts')).rejects.toMatchObject({ status: 401, code: 'unauthorized' });
    expect(deps.onUnauthorized).toHaveBeenCalledOnce();
  });

  it('does not end a session on a failed login (no token yet)', async () => {
    const { c, deps } = client(async () => jsonResponse(401, { error: { code: 'unauthorized', message: 'Invalid username or password' } }), null);
    await expect(c.request('POST', '/auth/login', { body: {} })).rejects.toBeInstanceOf(ApiError);
    expect(deps.onUnauthorized).not.toHaveBeenCalled();
  });

  it('signals a required password change on 403 password_change_required only', async () => {
    const { c, deps } = client(async () => jsonResponse(403, { error: { code: 'password_change_required', message: 'change it' } }));
    await expect(c.request('GET', '/hosts')).rejects.toMatchObject({ code: 'password_change_required' });
    expect(deps.onPasswordChangeRequired).toHaveBeenCalledOnce();
    const other = client(async () => jsonResponse(403, { error: { code: 'forbidden', message: 'admins only' } }));
    await expect(other.c.request('POST', '/users')).rejects.toMatchObject({ code: 'forbidden' });
    expect(other.deps.onPasswordChangeRequired).not.toHaveBeenCalled();
  });

  it('turns a network failure into status 0', async () => {
    const { c } = client(async () => {
      throw new TypeError('fetch failed');
    });
    await expect(c.request('GET', '/hosts')).rejects.toMatchObject({ status: 0, code: 'network_error' });
  });

  it('rethrows aborts untouched', async () => {
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    const { c } = client(async () => {
      throw abort;
    });
    await expect(c.request('GET', '/hosts')).rejects.toBe(abort);
  });

  it('downloads a file with its server-given name', async () => {
    const { c } = client(async () => new Response('ip,events\n', { status: 200, headers: { 'content-disposition': 'attachment; filename="attackers.csv"' } }));
    const { blob, filename } = await c.download('/attackers/export', { format: 'csv' });
    expect(filename).toBe('attackers.csv');
    expect(await blob.text()).toBe('ip,events\n');
  });
});
