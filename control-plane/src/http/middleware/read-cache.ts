// For the dashboard's polling of JSON reads: a weak ETag on every 200 JSON answer to a GET and 304
// when the client already holds it, gzip/deflate when accepted, and a per-process micro-cache of the
// list answers: many clients polling the same page cost one cheap head check each instead of the
// query. An entry serves only while no event was stored since (every list derives from events and is
// folded in the same transaction) and for at most READ_CACHE_TTL_MS (retention, decky state). The
// cache is consulted only after the bearer token authenticates. Other routes pass through.
import type { Context, MiddlewareHandler, Next } from 'hono';
import { compress } from 'hono/compress';
import { bytesToHex } from '../../crypto/encoding';
import type { AppDeps } from '../../deps';
import { authenticate } from '../../services/auth/authenticate';
import { latestSeq as eventsHead } from '../../services/query/stream';

/** How stale a list answer may be (events keep arriving; the dashboard polls every few seconds). */
export const READ_CACHE_TTL_MS = 1000;
const MAX_ENTRIES = 512;
const MAX_BODY_BYTES = 1 << 20;
/** Viewer-level reads whose answer depends only on the URL (not on who asks). */
const CACHEABLE = /^\/api\/v1\/(events(\/histogram)?|stats|attackers|sessions|credentials(\/reuse)?)$/;

const gzip = compress({ contentTypeFilter: /^application\/json/ });

interface Entry {
  atMs: number;
  /** Highest events rowid when the answer was built. */
  head: number;
  body: Uint8Array;
  etag: string;
  type: string;
  /** The body gzipped, made on the first hit that accepts gzip. */
  gz?: Promise<Uint8Array>;
}

/** hono/compress's threshold: smaller answers go out as they are. */
const GZIP_MIN_BYTES = 1024;

async function gzipped(body: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([body as BlobPart]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** A stored answer: 304, or the body (gzipped once per entry when the client takes gzip). */
async function answerStored(c: Context, e: Entry): Promise<Response> {
  const inm = c.req.header('if-none-match');
  if (inm && etagMatches(e.etag, inm) || e.body.length < GZIP_MIN_BYTES || !/\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) {
    return answer(c, e.body, e.etag, e.type);
  }
  e.gz ??= gzipped(e.body);
  return new Response((await e.gz) as BodyInit, { status: 200, headers: { 'content-type': e.type, 'content-encoding': 'gzip', etag: e.etag, ...HEADERS } });
}

function etagMatches(etag: string, ifNoneMatch: string): boolean {
  if (ifNoneMatch.trim() === '*') return true;
  const want = etag.replace(/^W\//, '');
  return (ifNoneMatch.match(/"[^"]*"/g) ?? ([] as string[])).includes(want);
}

const HEADERS = { 'cache-control': 'private, no-cache', vary: 'Authorization, Accept-Encoding' };

/** 304 when the client holds `etag`, else the body with its tag. */
function answer(c: Context, body: Uint8Array | null, etag: string, type: string): Response {
  const inm = c.req.header('if-none-match');
  if (inm && etagMatches(etag, inm)) return new Response(null, { status: 304, headers: { etag, ...HEADERS } });
  return new Response(body as BodyInit | null, { status: 200, headers: { 'content-type': type, etag, ...HEADERS } });
}

async function tagged(c: Context, next: Next): Promise<Entry | undefined> {
  await next();
  const res = c.res;
  const type = res.headers.get('content-type') ?? '';
  if (res.status !== 200 || !/^application\/json/.test(type)) return undefined;
  const body = new Uint8Array(await res.arrayBuffer());
  const etag = `W/"${bytesToHex(new Uint8Array(await crypto.subtle.digest('SHA-1', body))).slice(0, 32)}"`;
  const fresh = answer(c, body, etag, type);
  for (const [k, v] of res.headers) if (!fresh.headers.has(k) && k !== 'content-length') fresh.headers.set(k, v);
  c.res = fresh;
  return { atMs: 0, head: 0, body, etag, type };
}

export function readPathCaching(deps: AppDeps): MiddlewareHandler {
  const cache = new Map<string, Entry>();
  /** Answers being built, by key: concurrent misses of one URL (a TTL expiry under polling) wait for one. */
  const building = new Map<string, { head: number; entry: Promise<Entry | undefined> }>();
  return async (c, next) => {
    // Only the polled list reads (never health or the stream): elsewhere the body hash (~0.3 ms of
    // CPU per request) buys nothing.
    if (c.req.method !== 'GET' || !CACHEABLE.test(c.req.path)) return next();
    let key: string | undefined;
    const bearer = /^Bearer\s+(\S{1,4096})$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (bearer) {
      const user = await authenticate(deps, bearer).catch(() => undefined);
      if (user && !user.mustChangePassword) key = c.req.url;
    }
    const now = deps.now();
    const head = key ? await eventsHead(deps) : 0;
    if (key) {
      const hit = cache.get(key);
      if (hit && hit.head === head && now >= hit.atMs && now - hit.atMs < READ_CACHE_TTL_MS) {
        c.res = await answerStored(c, hit);
        return;
      }
      const inFlight = building.get(key);
      const shared = inFlight && inFlight.head === head ? await inFlight.entry : undefined;
      if (shared) {
        c.res = await answerStored(c, shared);
        return;
      }
    }
    return gzip(c, async () => {
      const built = tagged(c, next);
      const mine = { head, entry: built.catch(() => undefined) };
      if (key) building.set(key, mine);
      try {
        const entry = await built;
        if (key && entry && entry.body.length <= MAX_BODY_BYTES) {
          cache.delete(key);
          if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
          cache.set(key, { ...entry, atMs: now, head });
        }
      } finally {
        if (key && building.get(key) === mine) building.delete(key);
      }
    });
  };
}
