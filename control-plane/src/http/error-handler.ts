// Maps thrown errors to HTTP: typed AppErrors keep their code, Hono's HTTPExceptions (malformed
// JSON, bad content type) keep their status, a database still locked after the busy timeout is a
// 503 `busy` with Retry-After, anything else is logged and answered with a bare 500.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Logger } from '../deps';
import { AppError, errorBody, type ErrorCode } from '../errors';

/** SQLITE_BUSY / SQLITE_LOCKED (and their extended codes) anywhere in the cause chain (drizzle wraps driver errors). */
export function isDatabaseBusy(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test(code)) return true;
    if (/\b(SQLITE_BUSY|SQLITE_LOCKED)|database (table )?is locked/.test(String((e as { message?: unknown }).message ?? ''))) return true;
  }
  return false;
}

export function handleError(logger: Logger) {
  return (err: Error, c: Context) => {
    if (err instanceof AppError) {
      for (const [k, v] of Object.entries(err.headers ?? {})) c.header(k, v);
      return c.json(errorBody(err.code, err.message, err.details), err.status as ContentfulStatusCode);
    }
    if (err instanceof HTTPException && err.status < 500) {
      const code: ErrorCode =
        err.status === 413 ? 'payload_too_large' : /json/i.test(err.message) ? 'malformed_json' : 'bad_request';
      return c.json(errorBody(code, err.message || 'Bad request'), err.status as ContentfulStatusCode);
    }
    if (isDatabaseBusy(err)) {
      logger.warn('database busy', { path: c.req.path, method: c.req.method, error: String(err?.message ?? err) });
      c.header('Retry-After', '1');
      return c.json(errorBody('busy', 'The database is busy; retry shortly'), 503);
    }
    logger.error('unhandled error', { path: c.req.path, method: c.req.method, error: String(err?.stack ?? err) });
    return c.json(errorBody('internal', 'Internal server error'), 500);
  };
}
