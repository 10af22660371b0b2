// /events, /events/histogram, /stats and the live /stream (Server-Sent Events).
import { createRoute, z } from '@hono/zod-openapi';
import { EventPageSchema, HistogramSchema, ScopeQueryShape, StatsSchema, StreamTicketSchema } from '@decnet/protocol';
import type { AppDeps } from '../deps';
import { errorResponses, jsonResponse, newRouter } from '../http/router';
import { requireUser } from '../http/middleware/auth';
import { histogram, listEvents } from '../services/query/events';
import { stats } from '../services/query/stats';
import { createStreamTicket } from '../services/query/stream';
import { liveStreamHandler } from '../http/live-stream';

const secured = [{ bearerAuth: [] }];
const Filters = {
  from: z.string().max(40).optional(),
  to: z.string().max(40).optional(),
  decky: z.string().max(255).optional(),
  service: z.string().max(48).optional(),
  eventType: z.string().max(32).optional(),
  srcIp: z.string().max(45).optional(),
  q: z.string().max(200).optional(),
  ...ScopeQueryShape,
};

export function eventRoutes(deps: AppDeps) {
  const r = newRouter();
  const viewer = [requireUser(deps)];

  r.openapi(
    createRoute({
      method: 'get', path: '/events', tags: ['events'], security: secured, middleware: viewer,
      request: { query: z.object({ ...Filters, limit: z.coerce.number().int().min(1).max(500).default(100), cursor: z.string().max(64).optional() }) },
      responses: { 200: jsonResponse(EventPageSchema, 'Newest first'), ...errorResponses },
    }),
    async (c) => {
      const { limit, cursor, ...f } = c.req.valid('query');
      return c.json(await listEvents(deps, f, limit, cursor), 200);
    },
  );
  r.openapi(
    createRoute({
      method: 'get', path: '/events/histogram', tags: ['events'], security: secured, middleware: viewer,
      request: { query: z.object({ ...Filters, intervalS: z.coerce.number().int().refine((v) => [60, 300, 900, 3600, 21600, 86400].includes(v), 'one of 60, 300, 900, 3600, 21600, 86400').default(3600) }) },
      responses: { 200: jsonResponse(HistogramSchema, 'Event counts per interval'), ...errorResponses },
    }),
    async (c) => {
      const { intervalS, ...f } = c.req.valid('query');
      return c.json(await histogram(deps, f, intervalS), 200);
    },
  );
  r.openapi(
    createRoute({
      method: 'get', path: '/stats', tags: ['events'], security: secured, middleware: viewer,
      request: { query: z.object({ from: Filters.from, to: Filters.to, ...ScopeQueryShape }) },
      responses: { 200: jsonResponse(StatsSchema, 'Overview numbers'), ...errorResponses },
    }),
    async (c) => {
      const { from, to, site, host } = c.req.valid('query');
      return c.json(await stats(deps, from, to, { site, host }), 200);
    },
  );
  r.openapi(
    createRoute({ method: 'post', path: '/stream/ticket', tags: ['events'], security: secured, middleware: viewer, responses: { 200: jsonResponse(StreamTicketSchema, 'A single-use ticket for GET /stream?ticket='), ...errorResponses } }),
    async (c) => c.json(await createStreamTicket(deps, c.get('user').id), 200),
  );

  // Server-Sent Events: authenticated by a single-use ticket (EventSource) or a bearer header (fetch).
  r.get('/stream', liveStreamHandler(deps));
  return r;
}
