// /attackers (list, detail, export), /sessions, /credentials and /credentials/reuse.
import { createRoute, z } from '@hono/zod-openapi';
import { AttackerDetailSchema, AttackerPageSchema, CredentialPageSchema, CredentialReuseListSchema, ScopeQueryShape, SessionPageSchema } from '@decnet/protocol';
import type { AppDeps } from '../deps';
import { errorResponses, jsonResponse, newRouter } from '../http/router';
import { requireUser } from '../http/middleware/auth';
import { attackerDetail, listAttackers } from '../services/query/attackers';
import { listCredentials, listReuse } from '../services/query/credentials';
import { toCsv } from '../services/query/csv';
import { listSessions } from '../services/query/sessions';

const secured = [{ bearerAuth: [] }];
const Page = { limit: z.coerce.number().int().min(1).max(500).default(50), offset: z.coerce.number().int().min(0).max(1_000_000).default(0) };
const IdParam = z.object({ id: z.string().regex(/^[0-9a-f]{32}$/, 'attacker id').openapi({ param: { name: 'id', in: 'path' } }) });
const Format = z.object({ format: z.enum(['json', 'csv']).default('json') });

export function intelRoutes(deps: AppDeps) {
  const r = newRouter();
  const viewer = [requireUser(deps)];
  const download = (name: string, type: string) => ({ 'content-type': type, 'content-disposition': `attachment; filename="${name}"` });

  r.openapi(
    createRoute({
      method: 'get', path: '/attackers', tags: ['attackers'], security: secured, middleware: viewer,
      request: { query: z.object({ ...Page, q: z.string().max(64).optional(), service: z.string().max(48).optional(), decky: z.string().max(255).optional(), technique: z.string().regex(/^T\d{4}(\.\d{3})?$/, 'ATT&CK technique id').optional(), country: z.string().regex(/^[A-Za-z]{2}$/, 'ISO 3166-1 alpha-2 country code').optional(), asn: z.coerce.number().int().min(0).max(4_294_967_295).optional(), ...ScopeQueryShape, sort: z.enum(['lastSeen', 'firstSeen', 'events', 'ip']).default('lastSeen'), order: z.enum(['asc', 'desc']).default('desc') }) },
      responses: { 200: jsonResponse(AttackerPageSchema, 'Attackers'), ...errorResponses },
    }),
    async (c) => c.json(await listAttackers(deps, c.req.valid('query')), 200),
  );
  r.openapi(
    createRoute({ method: 'get', path: '/attackers/export', tags: ['attackers'], security: secured, middleware: viewer, request: { query: Format }, responses: { 200: { description: 'All attackers as JSON or CSV (download)' }, ...errorResponses } }),
    async (c) => {
      const { items } = await listAttackers(deps, { sort: 'lastSeen', order: 'desc', limit: 10_000, offset: 0 });
      if (c.req.valid('query').format === 'json') return c.body(JSON.stringify(items, null, 2), 200, download('attackers.json', 'application/json'));
      const rows = items.map((a) => [a.ip, a.firstSeen, a.lastSeen, a.eventCount, a.services, a.deckies, a.isTraversal, a.credentialCount, a.sessionCount, a.behaviorClass, a.toolGuesses, a.phases]);
      return c.body(toCsv(['ip', 'first_seen', 'last_seen', 'events', 'services', 'deckies', 'traversal', 'credentials', 'sessions', 'behavior', 'tools', 'phases'], rows), 200, download('attackers.csv', 'text/csv; charset=utf-8'));
    },
  );
  r.openapi(
    createRoute({ method: 'get', path: '/attackers/{id}', tags: ['attackers'], security: secured, middleware: viewer, request: { params: IdParam }, responses: { 200: jsonResponse(AttackerDetailSchema, 'Attacker detail: profile, sessions, credentials, artifacts, commands, recent events'), 404: errorResponses[422], ...errorResponses } }),
    async (c) => c.json(await attackerDetail(deps, c.req.valid('param').id), 200),
  );
  r.openapi(
    createRoute({ method: 'get', path: '/attackers/{id}/export', tags: ['attackers'], security: secured, middleware: viewer, request: { params: IdParam, query: Format }, responses: { 200: { description: 'Attacker detail (JSON) or its event timeline (CSV), as a download' }, 404: errorResponses[422], ...errorResponses } }),
    async (c) => {
      const d = await attackerDetail(deps, c.req.valid('param').id);
      const base = `attacker-${d.attacker.ip.replace(/[^0-9a-fA-F.]/g, '_')}`;
      if (c.req.valid('query').format === 'json') return c.body(JSON.stringify(d, null, 2), 200, download(`${base}.json`, 'application/json'));
      const rows = d.events.map((e) => [e.ts, e.decky, e.service, e.eventType, e.srcIp, e.srcPort, JSON.stringify(e.fields), e.msg]);
      return c.body(toCsv(['ts', 'decky', 'service', 'event_type', 'src_ip', 'src_port', 'fields', 'msg'], rows), 200, download(`${base}.csv`, 'text/csv; charset=utf-8'));
    },
  );
  r.openapi(
    createRoute({ method: 'get', path: '/sessions', tags: ['attackers'], security: secured, middleware: viewer, request: { query: z.object({ ...Page, attackerId: z.string().max(32).optional(), decky: z.string().max(255).optional(), service: z.string().max(48).optional() }) }, responses: { 200: jsonResponse(SessionPageSchema, 'Sessions'), ...errorResponses } }),
    async (c) => c.json(await listSessions(deps, c.req.valid('query')), 200),
  );
  r.openapi(
    createRoute({ method: 'get', path: '/credentials', tags: ['credentials'], security: secured, middleware: viewer, request: { query: z.object({ ...Page, q: z.string().max(200).optional(), kind: z.string().max(48).optional(), ...ScopeQueryShape }) }, responses: { 200: jsonResponse(CredentialPageSchema, 'Captured credentials'), ...errorResponses } }),
    async (c) => c.json(await listCredentials(deps, c.req.valid('query')), 200),
  );
  r.openapi(
    createRoute({ method: 'get', path: '/credentials/reuse', tags: ['credentials'], security: secured, middleware: viewer, request: { query: z.object(Page) }, responses: { 200: jsonResponse(CredentialReuseListSchema, 'Credential reuse findings'), ...errorResponses } }),
    async (c) => c.json(await listReuse(deps, c.req.valid('query').limit, c.req.valid('query').offset), 200),
  );
  return r;
}
