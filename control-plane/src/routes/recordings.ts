// Session replay: GET /sessions/{id}/recording (the asciinema v2 cast) and /sessions/{id}/transcript
// (plain text), viewer role. Session ids contain "/": clients percent-encode them in the path.
import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../deps';
import { errorResponses, newRouter } from '../http/router';
import { requireUser } from '../http/middleware/auth';
import { sessionRecording } from '../services/recordings/recording';
import { castTranscript } from '../services/recordings/transcript';

const secured = [{ bearerAuth: [] }];
const SessionParam = z.object({
  id: z.string().min(1).max(600).openapi({ param: { name: 'id', in: 'path' }, description: 'Session id (percent-encoded: it contains "/")' }),
});
const Download = z.object({ download: z.enum(['0', '1']).default('0') });
const notFound = errorResponses[422];

/** A file name from the session id: only [A-Za-z0-9._-], bounded. */
const fileBase = (id: string) => `session-${id.replace(/[^A-Za-z0-9._-]/g, '_').slice(-80)}`;

export function recordingRoutes(deps: AppDeps) {
  const r = newRouter();
  const viewer = [requireUser(deps)];
  const headers = (type: string, name: string, download: boolean, rec: { verified: boolean; truncated: boolean }) => ({
    'content-type': type,
    'content-disposition': `${download ? 'attachment' : 'inline'}; filename="${name}"`,
    'x-recording-verified': String(rec.verified),
    'x-recording-truncated': String(rec.truncated),
    'cache-control': 'private, no-store',
  });
  r.openapi(
    createRoute({
      method: 'get', path: '/sessions/{id}/recording', tags: ['sessions'], security: secured, middleware: viewer,
      request: { params: SessionParam, query: Download },
      responses: { 200: { description: 'The session as an asciinema v2 cast (application/x-asciicast)' }, 404: notFound, ...errorResponses },
    }),
    async (c) => {
      const rec = await sessionRecording(deps, c.req.valid('param').id);
      return c.body(rec.cast, 200, headers('application/x-asciicast; charset=utf-8', `${fileBase(rec.sessionId)}.cast`, c.req.valid('query').download === '1', rec));
    },
  );
  r.openapi(
    createRoute({
      method: 'get', path: '/sessions/{id}/transcript', tags: ['sessions'], security: secured, middleware: viewer,
      request: { params: SessionParam, query: Download },
      responses: { 200: { description: 'The session as plain text (what the terminal showed, escapes removed)' }, 404: notFound, ...errorResponses },
    }),
    async (c) => {
      const rec = await sessionRecording(deps, c.req.valid('param').id);
      return c.body(castTranscript(rec.cast), 200, headers('text/plain; charset=utf-8', `${fileBase(rec.sessionId)}.txt`, c.req.valid('query').download === '1', rec));
    },
  );
  return r;
}
