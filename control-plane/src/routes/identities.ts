// /identities (list, detail, members, observations, merge, unmerge, live stream) and /campaigns
// (list, detail, identities). Viewers read; merging and splitting are admin decisions.
import { createRoute, z } from '@hono/zod-openapi';
import { CampaignDetailSchema, GeoBreakdownSchema, CampaignIdentitiesSchema, CampaignPageSchema, IdentityChangeResultSchema, IdentityDetailSchema, IdentityMemberSchema, IdentityObservationsSchema, IdentityPageSchema, MergeIdentitiesBodySchema } from '@decnet/protocol';
import type { AppDeps } from '../deps';
import { requireAdmin, requireUser } from '../http/middleware/auth';
import { errorResponses, jsonBody, jsonResponse, newRouter } from '../http/router';
import { geoBreakdown } from '../services/identities/breakdown';
import { mergeIdentities, unmergeAttacker } from '../services/identities/manual';
import { identityObservations } from '../services/identities/observations';
import { identityStreamHandler } from '../services/identities/stream';
import { campaignDetail, identityDetail, identityMembers, listCampaigns, listIdentities } from '../services/identities/view';

const secured = [{ bearerAuth: [] }];
const Hex32 = z.string().regex(/^[0-9a-f]{32}$/, '32 hex characters');
const IdParam = z.object({ id: Hex32.openapi({ param: { name: 'id', in: 'path' } }) });
const MemberParam = z.object({ id: Hex32.openapi({ param: { name: 'id', in: 'path' } }), attackerId: Hex32.openapi({ param: { name: 'attackerId', in: 'path' } }) });
const Page = { limit: z.coerce.number().int().min(1).max(500).default(50), offset: z.coerce.number().int().min(0).max(1_000_000).default(0) };
const notFound = { 404: errorResponses[422] };

export function identityRoutes(deps: AppDeps) {
  const r = newRouter();
  const viewer = [requireUser(deps)];
  const admin = [requireUser(deps), requireAdmin];

  // Registered before /identities/{id} so "stream" and "breakdown" are not taken for ids.
  r.get('/identities/stream', identityStreamHandler(deps));
  r.openapi(
    createRoute({ method: 'get', path: '/identities', tags: ['identities'], security: secured, middleware: viewer, request: { query: z.object({ ...Page, attackerId: Hex32.optional(), ip: z.string().max(64).optional(), campaignId: Hex32.optional() }) }, responses: { 200: jsonResponse(IdentityPageSchema, 'Identities: attacker addresses clustered as one actor'), ...errorResponses } }),
    async (c) => c.json(await listIdentities(deps, c.req.valid('query')), 200),
  );
  r.openapi(
    createRoute({ method: 'get', path: '/identities/breakdown', tags: ['identities'], security: secured, middleware: viewer, responses: { 200: jsonResponse(GeoBreakdownSchema, 'Top countries and ASNs of attacker addresses'), ...errorResponses } }),
    async (c) => c.json(await geoBreakdown(deps), 200),
  );
  r.openapi(
    createRoute({ method: 'get', path: '/identities/{id}', tags: ['identities'], security: secured, middleware: viewer, request: { params: IdParam }, responses: { 200: jsonResponse(IdentityDetailSchema, 'Identity: members, the evidence of each edge, change log'), ...notFound, ...errorResponses } }),
    async (c) => c.json(await identityDetail(deps, c.req.valid('param').id), 200),
  );
  r.openapi(
    createRoute({ method: 'get', path: '/identities/{id}/members', tags: ['identities'], security: secured, middleware: viewer, request: { params: IdParam }, responses: { 200: jsonResponse(z.object({ items: z.array(IdentityMemberSchema) }), 'Member addresses'), ...notFound, ...errorResponses } }),
    async (c) => c.json({ items: await identityMembers(deps, c.req.valid('param').id) }, 200),
  );
  r.openapi(
    createRoute({ method: 'get', path: '/identities/{id}/observations', tags: ['identities'], security: secured, middleware: viewer, request: { params: IdParam }, responses: { 200: jsonResponse(IdentityObservationsSchema, 'Observation timeline and attribution state per trait'), ...notFound, ...errorResponses } }),
    async (c) => c.json(await identityObservations(deps, c.req.valid('param').id), 200),
  );
  r.openapi(
    createRoute({ method: 'post', path: '/identities/{id}/merge', tags: ['identities'], security: secured, middleware: admin, request: { params: IdParam, body: jsonBody(MergeIdentitiesBodySchema) }, responses: { 200: jsonResponse(IdentityChangeResultSchema, 'Merged (kept across re-clustering)'), ...notFound, ...errorResponses } }),
    async (c) => {
      const body = c.req.valid('json');
      const res = await mergeIdentities(deps, { into: c.req.valid('param').id, ...(body.from ? { from: body.from } : {}), ...(body.attackerId ? { attackerId: body.attackerId } : {}) }, c.get('user').username);
      return c.json({ identityId: res.identityId, applied: res.run.ran, identities: res.run.identities }, 200);
    },
  );
  r.openapi(
    createRoute({ method: 'delete', path: '/identities/{id}/members/{attackerId}', tags: ['identities'], security: secured, middleware: admin, request: { params: MemberParam }, responses: { 200: jsonResponse(IdentityChangeResultSchema, 'Address split out (kept across re-clustering)'), ...notFound, ...errorResponses } }),
    async (c) => {
      const p = c.req.valid('param');
      const res = await unmergeAttacker(deps, p.id, p.attackerId, c.get('user').username);
      return c.json({ identityId: null, applied: res.run.ran, identities: res.run.identities }, 200);
    },
  );
  r.openapi(
    createRoute({ method: 'get', path: '/campaigns', tags: ['identities'], security: secured, middleware: viewer, request: { query: z.object(Page) }, responses: { 200: jsonResponse(CampaignPageSchema, 'Campaigns: identities working together'), ...errorResponses } }),
    async (c) => c.json(await listCampaigns(deps, c.req.valid('query')), 200),
  );
  r.openapi(
    createRoute({ method: 'get', path: '/campaigns/{id}', tags: ['identities'], security: secured, middleware: viewer, request: { params: IdParam }, responses: { 200: jsonResponse(CampaignDetailSchema, 'Campaign: identities, evidence, phases over time'), ...notFound, ...errorResponses } }),
    async (c) => c.json(await campaignDetail(deps, c.req.valid('param').id), 200),
  );
  r.openapi(
    createRoute({ method: 'get', path: '/campaigns/{id}/identities', tags: ['identities'], security: secured, middleware: viewer, request: { params: IdParam, query: z.object(Page) }, responses: { 200: jsonResponse(CampaignIdentitiesSchema, 'Identities of a campaign'), ...errorResponses } }),
    async (c) => c.json({ items: (await listIdentities(deps, { ...c.req.valid('query'), campaignId: c.req.valid('param').id })).items }, 200),
  );
  return r;
}
