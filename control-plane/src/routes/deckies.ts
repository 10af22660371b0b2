// /deckies: the fleet's desired state (viewer read, admin write), INI deployment, and /catalogue
// (what a deploy may use on a host).
import { createRoute, z } from '@hono/zod-openapi';
import { CatalogueSchema, DeckyListSchema, DeckySchema, DeckySpecSchema, DeployResultSchema } from '@decnet/protocol';
import { asc, eq } from 'drizzle-orm';
import type { AppDeps } from '../deps';
import { deckies } from '../db/schema';
import { errorResponses, jsonBody, jsonResponse, newRouter } from '../http/router';
import { requireAdmin, requireUser } from '../http/middleware/auth';
import { deckyRowToSpec } from '../services/agent/desired-state';
import { catalogueFor } from '../services/deckies/catalogue';
import { deployIni } from '../services/deckies/deploy-ini';
import { resolveHostId } from '../services/deckies/normalize';
import { toDeckyView } from '../services/deckies/view';
import { getDecky, removeDecky, upsertDeckies } from '../services/deckies/write';

const secured = [{ bearerAuth: [] }];
const CreateBody = z
  .strictObject({
    ...DeckySpecSchema.shape,
    services: DeckySpecSchema.shape.services.default([]),
    serviceConfig: DeckySpecSchema.shape.serviceConfig.default({}),
    hostId: z.string().optional(),
  })
  .openapi('CreateDeckyRequest');
const PatchBody = z
  .strictObject({
    services: DeckySpecSchema.shape.services.optional(),
    serviceConfig: DeckySpecSchema.shape.serviceConfig.optional(),
    mutateIntervalMin: DeckySpecSchema.shape.mutateIntervalMin.nullable(),
    nmapOs: DeckySpecSchema.shape.nmapOs,
    hostId: z.string().optional(),
  })
  .partial()
  .openapi('UpdateDeckyRequest');
const DeployBody = z
  .strictObject({ iniContent: z.string().min(1), hostId: z.string().optional(), replaceFleet: z.boolean().optional() })
  .openapi('DeployIniRequest');
const NameParam = z.object({ name: z.string().max(63).openapi({ param: { name: 'name', in: 'path' } }) });

export function deckyRoutes(deps: AppDeps) {
  const r = newRouter();
  const viewer = [requireUser(deps)];
  const admin = [requireUser(deps), requireAdmin];

  r.openapi(
    createRoute({
      method: 'get',
      path: '/deckies',
      tags: ['deckies'],
      security: secured,
      middleware: viewer,
      request: { query: z.object({ hostId: z.string().optional() }) },
      responses: { 200: jsonResponse(DeckyListSchema, 'Deckies, desired and reported'), ...errorResponses },
    }),
    async (c) => {
      const { hostId } = c.req.valid('query');
      const q = deps.db.select().from(deckies);
      const rows = await (hostId ? q.where(eq(deckies.hostId, hostId)) : q).orderBy(asc(deckies.name));
      return c.json({ items: rows.map(toDeckyView) }, 200);
    },
  );
  r.openapi(
    createRoute({ method: 'post', path: '/deckies', tags: ['deckies'], security: secured, middleware: admin, request: { body: jsonBody(CreateBody) }, responses: { 201: jsonResponse(DeckySchema, 'Created or replaced'), ...errorResponses } }),
    async (c) => {
      const { hostId, ...spec } = c.req.valid('json');
      const [view] = await upsertDeckies(deps, await resolveHostId(deps, hostId), [spec]);
      return c.json(view!, 201);
    },
  );
  r.openapi(
    createRoute({ method: 'patch', path: '/deckies/{name}', tags: ['deckies'], security: secured, middleware: admin, request: { params: NameParam, body: jsonBody(PatchBody) }, responses: { 200: jsonResponse(DeckySchema, 'Updated'), 404: errorResponses[422], ...errorResponses } }),
    async (c) => {
      const row = await getDecky(deps, c.req.valid('param').name);
      const { hostId, mutateIntervalMin, ...patch } = c.req.valid('json');
      const current = deckyRowToSpec(row);
      const next = { ...current, ...patch, ...(mutateIntervalMin !== undefined ? { mutateIntervalMin: mutateIntervalMin ?? undefined } : {}) };
      const target = hostId ? await resolveHostId(deps, hostId) : (row.hostId ?? (await resolveHostId(deps, undefined)));
      const [view] = await upsertDeckies(deps, target, [next]);
      return c.json(view!, 200);
    },
  );
  r.openapi(
    createRoute({ method: 'delete', path: '/deckies/{name}', tags: ['deckies'], security: secured, middleware: admin, request: { params: NameParam }, responses: { 204: { description: 'Torn down' }, 404: errorResponses[422], ...errorResponses } }),
    async (c) => {
      await removeDecky(deps, c.req.valid('param').name);
      return c.body(null, 204);
    },
  );
  r.openapi(
    createRoute({
      method: 'post',
      path: '/deckies/deploy',
      tags: ['deckies'],
      security: secured,
      middleware: admin,
      request: { body: jsonBody(DeployBody) },
      responses: {
        200: jsonResponse(DeployResultSchema, 'Deployed'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const b = c.req.valid('json');
      return c.json(await deployIni(deps, b.iniContent, b.hostId, b.replaceFleet), 200);
    },
  );
  r.openapi(
    createRoute({
      method: 'get',
      path: '/catalogue',
      tags: ['deckies'],
      security: secured,
      middleware: viewer,
      request: { query: z.object({ hostId: z.string().max(64).optional() }) },
      responses: { 200: jsonResponse(CatalogueSchema, 'Archetypes and the services the target host can run'), ...errorResponses },
    }),
    async (c) => c.json(await catalogueFor(deps, c.req.valid('query').hostId), 200),
  );
  return r;
}
