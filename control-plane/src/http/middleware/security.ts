// Security headers, the CORS allow-list and the request body limit.
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import type { AppConfig } from '../../config';
import { errorBody } from '../../errors';
import type { AppEnv } from '../router';

/**
 * The body limit only where a body can come: reading `c.req.raw.body` makes the Node adapter build a
 * full web Request (headers, AbortSignal), a third of a GET's cost.
 */
const withBodyOnly =
  (limit: MiddlewareHandler<AppEnv>): MiddlewareHandler<AppEnv> =>
  (c, next) =>
    c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limit(c, next);

const securityHeaders = () =>
  secureHeaders({
    contentSecurityPolicy: {
        defaultSrc: ["'self'"],
      // 'wasm-unsafe-eval' lets the session player compile its WebAssembly terminal; it allows no JS eval.
      scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      frameAncestors: ["'none'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
    },
    strictTransportSecurity: 'max-age=31536000; includeSubDomains',
    referrerPolicy: 'no-referrer',
  });

/**
 * The security headers every response carries, as the middleware sets them (read from one probe
 * response): a Node listener sets these on the raw response itself, far cheaper than the middleware's
 * web Headers, and createApp then leaves the middleware out (`securityHeadersSet`).
 */
export async function securityHeaderList(): Promise<[string, string][]> {
  const probe = new Hono().use('*', securityHeaders()).get('/', (c) => c.body(null, 204));
  return [...(await probe.request('/')).headers.entries()];
}

/** `securityHeadersSet`: the runtime's listener already sets securityHeaderList() on every response. */
export function applySecurity(app: Hono<AppEnv>, config: AppConfig, securityHeadersSet = false): void {
  if (!securityHeadersSet) app.use('*', securityHeaders());
  if (config.corsOrigins.length > 0) {
    app.use(
      '/api/*',
      cors({
        origin: config.corsOrigins,
        allowHeaders: ['Authorization', 'Content-Type', 'Last-Event-ID'],
        allowMethods: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'OPTIONS'],
        maxAge: 600,
      }),
    );
  }
  app.use(
    '/agent/*',
    withBodyOnly(bodyLimit({
      maxSize: config.agentBodyLimitBytes,
      onError: (c) =>
        c.json(errorBody('payload_too_large', `Request body exceeds ${config.agentBodyLimitBytes} bytes`), 413),
    })),
  );
  app.use(
    '/api/*',
    withBodyOnly(bodyLimit({
      maxSize: config.bodyLimitBytes,
      onError: (c) =>
        c.json(errorBody('payload_too_large', `Request body exceeds ${config.bodyLimitBytes} bytes`), 413),
    })),
  );
}
