// /canaries: canary tokens (issue 13). Admin creates, plants, revokes; viewers list tokens, their
// placements and triggers, and download the generated files.
import { createRoute, z } from '@hono/zod-openapi';
import { canaryGeneratorInfo, CanaryCreateSchema, CanaryGeneratorInfoListSchema, CanaryPlacementSchema, CanaryPlantSchema, CanaryTokenListSchema, CanaryTokenSchema, CanaryTriggerListSchema } from '@decnet/protocol';
import type { AppDeps } from '../deps';
import { errorResponses, jsonBody, jsonResponse, newRouter } from '../http/router';
import { requireAdmin, requireUser } from '../http/middleware/auth';
import { renderFile } from '../services/canaries/generators';
import { plantToken, unplant } from '../services/canaries/plant';
import { createToken, getToken, getTokenRow, listTokens, revokeToken } from '../services/canaries/store';
import { listTriggers } from '../services/canaries/view';

const secured = [{ bearerAuth: [] }];
const tags = ['canaries'];
const IdParam = z.object({ id: z.string().uuid().openapi({ param: { name: 'id', in: 'path' } }) });
const PlacementParam = IdParam.extend({ placementId: z.string().uuid().openapi({ param: { name: 'placementId', in: 'path' } }) });
const notFound = { 404: errorResponses[422], 409: errorResponses[422] };

export function canaryRoutes(deps: AppDeps) {
  const r = newRouter();
  const viewer = [requireUser(deps)];
  const admin = [requireUser(deps), requireAdmin];

  r.openapi(
    createRoute({ method: 'get', path: '/canaries', tags, security: secured, middleware: viewer, responses: { 200: jsonResponse(CanaryTokenListSchema, 'Tokens with their placements, newest first'), ...errorResponses } }),
    async (c) => c.json({ items: await listTokens(deps) }, 200),
  );
  r.openapi(
    createRoute({ method: 'post', path: '/canaries', tags, security: secured, middleware: admin, request: { body: jsonBody(CanaryCreateSchema) }, responses: { 201: jsonResponse(CanaryTokenSchema, 'Created'), ...notFound, ...errorResponses } }),
    async (c) => c.json(await createToken(deps, c.req.valid('json'), new URL(c.req.url).origin), 201),
  );
  r.openapi(
    createRoute({ method: 'get', path: '/canaries/triggers', tags, security: secured, middleware: viewer, request: { query: z.object({ attackerId: z.string().regex(/^[0-9a-f]{32}$/).optional() }) }, responses: { 200: jsonResponse(CanaryTriggerListSchema, 'Recent triggers (optionally of one attacker), newest first'), ...errorResponses } }),
    async (c) => c.json({ items: await listTriggers(deps, { attackerId: c.req.valid('query').attackerId }) }, 200),
  );
  r.openapi(
    createRoute({ method: 'get', path: '/canaries/generators', tags, security: secured, middleware: viewer, responses: { 200: jsonResponse(CanaryGeneratorInfoListSchema, 'Each generator: its kind, whether it can be planted, and the plausible paths (the first is the default)'), ...errorResponses } }),
    (c) => c.json(canaryGeneratorInfo(), 200),
  );
  r.openapi(
    createRoute({ method: 'get', path: '/canaries/{id}', tags, security: secured, middleware: viewer, request: { params: IdParam }, responses: { 200: jsonResponse(CanaryTokenSchema, 'The token and where it lives'), ...notFound, ...errorResponses } }),
    async (c) => c.json(await getToken(deps, c.req.valid('param').id), 200),
  );
  r.openapi(
    createRoute({ method: 'delete', path: '/canaries/{id}', tags, security: secured, middleware: admin, request: { params: IdParam }, responses: { 200: jsonResponse(CanaryTokenSchema, 'Revoked: its placements are removed at the next desired-state sync and its URL answers 404'), ...notFound, ...errorResponses } }),
    async (c) => c.json(await revokeToken(deps, c.req.valid('param').id), 200),
  );
  r.openapi(
    createRoute({ method: 'get', path: '/canaries/{id}/triggers', tags, security: secured, middleware: viewer, request: { params: IdParam }, responses: { 200: jsonResponse(CanaryTriggerListSchema, 'Triggers, newest first'), ...notFound, ...errorResponses } }),
    async (c) => {
      const { id } = c.req.valid('param');
      await getTokenRow(deps, id);
      return c.json({ items: await listTriggers(deps, { tokenId: id }) }, 200);
    },
  );
  r.openapi(
    createRoute({ method: 'post', path: '/canaries/{id}/placements', tags, security: secured, middleware: admin, request: { params: IdParam, body: jsonBody(CanaryPlantSchema) }, responses: { 201: jsonResponse(CanaryPlacementSchema, 'Planted (the decky gets it at its next sync)'), ...notFound, ...errorResponses } }),
    async (c) => c.json(await plantToken(deps, c.req.valid('param').id, c.req.valid('json')), 201),
  );
  r.openapi(
    createRoute({ method: 'delete', path: '/canaries/{id}/placements/{placementId}', tags, security: secured, middleware: admin, request: { params: PlacementParam }, responses: { 204: { description: 'Removed' }, ...notFound, ...errorResponses } }),
    async (c) => {
      const p = c.req.valid('param');
      await unplant(deps, p.id, p.placementId);
      return c.body(null, 204);
    },
  );
  // The generated file (binary for docx/pdf): a plain route, outside the JSON response typing.
  r.get('/canaries/:id/file', requireUser(deps), async (c) => {
    const id = IdParam.parse({ id: c.req.param('id') }).id;
    const f = renderFile(await getTokenRow(deps, id));
    const body = typeof f.body === 'string' ? f.body : (f.body.slice().buffer as ArrayBuffer);
    return c.body(body, 200, { 'content-type': f.contentType, 'content-disposition': `attachment; filename="${f.fileName}"`, 'cache-control': 'no-store' });
  });
  return r;
}
