// Fleet control (issue 19): commands to an agent (restart/stop/start a worker, rotate a decky now)
// with their pending/done/failed state, fleet and per-host settings (site, deployment limit, rotation),
// worker health per host and the list of sites. Viewers read; admins act.
import { createRoute, z } from '@hono/zod-openapi';
import {
  COMMAND_STATUSES,
  FleetCommandListSchema,
  FleetCommandRequestSchema,
  FleetCommandViewSchema,
  FleetSettingsSchema,
  FleetSettingsUpdateSchema,
  HostSchema,
  HostSettingsUpdateSchema,
  HostWorkersListSchema,
  ScopeQueryShape,
} from '@decnet/protocol';
import type { AppDeps } from '../deps';
import { errorResponses, jsonBody, jsonResponse, newRouter } from '../http/router';
import { requireAdmin, requireUser } from '../http/middleware/auth';
import { createCommand, getCommand, listCommands } from '../services/fleet/commands';
import { getFleetSettings, listSites, setFleetSettings, updateHostSettings } from '../services/fleet/settings';
import { listHostWorkers } from '../services/fleet/workers';

const secured = [{ bearerAuth: [] }];
const HostIdParam = z.object({ id: z.string().uuid().openapi({ param: { name: 'id', in: 'path' } }) });
const CommandIdParam = z.object({ id: z.string().uuid().openapi({ param: { name: 'id', in: 'path' } }) });
const notFound = { 404: errorResponses[422], 409: errorResponses[422] };

export function fleetRoutes(deps: AppDeps) {
  const r = newRouter();
  const viewer = [requireUser(deps)];
  const admin = [requireUser(deps), requireAdmin];

  r.openapi(
    createRoute({ method: 'get', path: '/fleet/settings', tags: ['fleet'], security: secured, middleware: viewer, responses: { 200: jsonResponse(FleetSettingsSchema, 'Fleet-wide settings'), ...errorResponses } }),
    async (c) => c.json(await getFleetSettings(deps), 200),
  );
  r.openapi(
    createRoute({
      method: 'put', path: '/fleet/settings', tags: ['fleet'], security: secured, middleware: admin,
      summary: 'Set the fleet-wide default rotation interval (minutes; null: deckies rotate only when they say so)',
      request: { body: jsonBody(FleetSettingsUpdateSchema) },
      responses: { 200: jsonResponse(FleetSettingsSchema, 'Updated; hosts without an override get it with their desired state'), ...errorResponses },
    }),
    async (c) => c.json(await setFleetSettings(deps, c.req.valid('json')), 200),
  );
  r.openapi(
    createRoute({
      method: 'patch', path: '/hosts/{id}/settings', tags: ['fleet'], security: secured, middleware: admin,
      summary: "A host's site label, deployment limit (max deckies) and rotation-interval override; null clears one",
      request: { params: HostIdParam, body: jsonBody(HostSettingsUpdateSchema) },
      responses: { 200: jsonResponse(HostSchema, 'The host with its settings'), ...notFound, ...errorResponses },
    }),
    async (c) => c.json(await updateHostSettings(deps, c.req.valid('param').id, c.req.valid('json')), 200),
  );
  r.openapi(
    createRoute({
      method: 'post', path: '/hosts/{id}/commands', tags: ['fleet'], security: secured, middleware: admin,
      summary: "Restart, stop or start one of the host's workers, or rotate one of its deckies now; the agent runs it from its desired state and acknowledges it",
      request: { params: HostIdParam, body: jsonBody(FleetCommandRequestSchema) },
      responses: { 201: jsonResponse(FleetCommandViewSchema, 'Queued (pending until the agent acknowledges it)'), ...notFound, ...errorResponses },
    }),
    async (c) => c.json(await createCommand(deps, c.get('user').id, c.req.valid('param').id, c.req.valid('json')), 201),
  );
  r.openapi(
    createRoute({
      method: 'get', path: '/fleet/commands', tags: ['fleet'], security: secured, middleware: viewer,
      request: { query: z.object({ hostId: z.string().uuid().optional(), status: z.enum(COMMAND_STATUSES).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }) },
      responses: { 200: jsonResponse(FleetCommandListSchema, 'Commands, newest first'), ...errorResponses },
    }),
    async (c) => c.json({ items: await listCommands(deps, c.req.valid('query')) }, 200),
  );
  r.openapi(
    createRoute({
      method: 'get', path: '/fleet/commands/{id}', tags: ['fleet'], security: secured, middleware: viewer, request: { params: CommandIdParam },
      responses: { 200: jsonResponse(FleetCommandViewSchema, 'One command: pending, done or failed (with the error)'), ...notFound, ...errorResponses },
    }),
    async (c) => c.json(await getCommand(deps, c.req.valid('param').id), 200),
  );
  r.openapi(
    createRoute({
      method: 'get', path: '/fleet/workers', tags: ['fleet'], security: secured, middleware: viewer, request: { query: z.object(ScopeQueryShape) },
      responses: { 200: jsonResponse(HostWorkersListSchema, 'Worker health per host (ok / stale / unknown), bus connection, last error, restarts'), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json({ items: await listHostWorkers(deps, { ...(q.site && { site: q.site }), ...(q.host && { hostId: q.host }) }) }, 200);
    },
  );
  r.openapi(
    createRoute({ method: 'get', path: '/fleet/sites', tags: ['fleet'], security: secured, middleware: viewer, responses: { 200: jsonResponse(z.object({ items: z.array(z.string()) }), 'Site labels in use'), ...errorResponses } }),
    async (c) => c.json({ items: await listSites(deps) }, 200),
  );
  return r;
}
