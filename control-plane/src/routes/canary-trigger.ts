// The public trigger endpoint `/c/<slug>` (mounted outside /api/v1, on Node and Workers alike): any
// method records an HTTP trigger and answers a 1x1 GIF; POST `/c/<slug>/fp` records the signed
// browser fingerprint. Unknown, malformed and revoked slugs all get the same bare 404.
import { Hono } from 'hono';
import type { AppDeps } from '../deps';
import { verifyFingerprint } from '../services/canaries/fingerprint';
import { liveTokenBySlug, PIXEL_GIF } from '../services/canaries/public';
import { recordTrigger } from '../services/canaries/trigger';

const FP_BODY_MAX_BYTES = 16 * 1024;
const headersOf = (h: Headers): [string, string][] => [...h.entries()];

export function canaryTriggerRoutes(deps: AppDeps) {
  const r = new Hono();
  const notFound = () => new Response('Not Found\n', { status: 404, headers: { 'content-type': 'text/plain', 'cache-control': 'no-store' } });

  r.post('/:slug/fp', async (c) => {
    const token = await liveTokenBySlug(deps, c.req.param('slug'));
    if (!token) return notFound();
    const declared = Number(c.req.header('content-length') ?? 0);
    if (declared > FP_BODY_MAX_BYTES) return new Response(null, { status: 413 });
    const body = (await c.req.text()).slice(0, FP_BODY_MAX_BYTES);
    const fp = verifyFingerprint(token.nonce, body);
    await recordTrigger(deps, token, {
      via: 'fingerprint', srcIp: deps.clientIp(c), userAgent: c.req.header('user-agent') ?? null, headers: headersOf(c.req.raw.headers),
      fingerprint: fp.fingerprint as Record<string, unknown> | null, fingerprintVerified: fp.verified,
    });
    return new Response(null, { status: 204, headers: { 'access-control-allow-origin': '*', 'cache-control': 'no-store' } });
  });
  r.all('/:slug', async (c) => {
    const token = await liveTokenBySlug(deps, c.req.param('slug'));
    if (!token) return notFound();
    await recordTrigger(deps, token, { via: 'http', srcIp: deps.clientIp(c), userAgent: c.req.header('user-agent') ?? null, headers: headersOf(c.req.raw.headers) });
    return new Response(c.req.method === 'HEAD' ? null : PIXEL_GIF, { status: 200, headers: { 'content-type': 'image/gif', 'cache-control': 'no-store, max-age=0' } });
  });
  r.all('*', () => notFound());
  return r;
}
