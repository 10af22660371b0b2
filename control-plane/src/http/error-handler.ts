// Maps thrown errors to HTTP: typed AppErrors keep their code, Hono's HTTPExceptions (malformed
// JSON, bad content type) keep their status, anything else is logged and answered with a bare 500.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Logger } from '../deps';
import { AppError, errorBody, type ErrorCode } from '../errors';

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
    logger.error('unhandled error', { path: c.req.path, method: c.req.method, error: String(err?.stack ?? err) });
    return c.json(errorBody('internal', 'Internal server error'), 500);
  };
}
