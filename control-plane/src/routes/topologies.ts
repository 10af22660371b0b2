// /topologies: multi-LAN topologies (issue 11). Viewer reads, admin writes; validation failures are
// 422 with `details.issues` (TopologyIssue[]), a stale mutation version is 409 with
// `details.currentVersion`. The route list is documented in protocol/src/api/topology.ts.
import { createRoute, z } from '@hono/zod-openapi';
import {
  CatalogueSchema, NextFreeAddressSchema, NextFreeSubnetSchema, TopologyBodySchema, TopologyGenerateParamsSchema, TopologyIniImportRequestSchema,
  TopologyIniImportResultSchema, TopologyListSchema, TopologyMutationAcceptedSchema, TopologyMutationListSchema, TopologyMutationRequestSchema,
  TopologyPreviewSchema, TopologySnapshotSchema, TopologyStatusEventListSchema,
} from '@decnet/protocol';
import type { AppDeps } from '../deps';
import { errorResponses, jsonBody, jsonResponse, newRouter } from '../http/router';
import { requireAdmin, requireUser } from '../http/middleware/auth';
import { catalogueFor } from '../services/deckies/catalogue';
import { resolveHostId } from '../services/deckies/normalize';
import { nextAddressFor, nextSubnetFor } from '../services/topologies/addresses';
import { bodyIssues } from '../services/topologies/checks';
import { createTopology, generateAndCreate, generateBody, importIni } from '../services/topologies/create';
import { deleteTopology, deployTopology, teardownTopology } from '../services/topologies/lifecycle';
import { mutateTopology } from '../services/topologies/mutate';
import { getTopologyRow } from '../services/topologies/store';
import { topologyStreamHandler } from '../services/topologies/stream';
import { listMutations, listStatusEvents, listTopologies, snapshotOf } from '../services/topologies/view';

const secured = [{ bearerAuth: [] }];
const tags = ['topologies'];
const IdParam = z.object({ id: z.string().max(64).openapi({ param: { name: 'id', in: 'path' } }) });
const LanParam = IdParam.extend({ lan: z.string().max(64).openapi({ param: { name: 'lan', in: 'path' } }) });
const csv = (max: number) => z.string().max(max * 20).optional().transform((v) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean).slice(0, max) : []));
const notFound = { 404: errorResponses[422] };
const conflict = { 409: errorResponses[422] };

export function topologyRoutes(deps: AppDeps) {
  const r = newRouter();
  const viewer = [requireUser(deps)];
  const admin = [requireUser(deps), requireAdmin];

  r.openapi(
    createRoute({ method: 'get', path: '/topologies', tags, security: secured, middleware: viewer, request: { query: z.object({ hostId: z.string().max(64).optional() }) }, responses: { 200: jsonResponse(TopologyListSchema, 'Topologies with status and counts'), ...errorResponses } }),
    async (c) => c.json({ items: await listTopologies(deps, c.req.valid('query').hostId) }, 200),
  );
  r.openapi(
    createRoute({ method: 'post', path: '/topologies', tags, security: secured, middleware: admin, request: { body: jsonBody(TopologyBodySchema) }, responses: { 201: jsonResponse(TopologySnapshotSchema, 'Created (pending)'), ...conflict, ...errorResponses } }),
    async (c) => c.json(await createTopology(deps, c.req.valid('json')), 201),
  );
  r.openapi(
    createRoute({ method: 'post', path: '/topologies/validate', tags, security: secured, middleware: viewer, request: { body: jsonBody(TopologyBodySchema) }, responses: { 200: jsonResponse(TopologyPreviewSchema, 'The body as it would be stored and every issue found'), ...errorResponses } }),
    async (c) => {
      const input = c.req.valid('json');
      const hostId = await resolveHostId(deps, input.hostId);
      return c.json(await bodyIssues(deps, { ...input, hostId }, null), 200);
    },
  );
  r.openapi(
    createRoute({ method: 'post', path: '/topologies/generate', tags, security: secured, middleware: admin, request: { body: jsonBody(TopologyGenerateParamsSchema) }, responses: { 201: jsonResponse(TopologySnapshotSchema, 'Generated and stored (pending)'), ...conflict, ...errorResponses } }),
    async (c) => c.json(await generateAndCreate(deps, c.req.valid('json')), 201),
  );
  r.openapi(
    createRoute({ method: 'post', path: '/topologies/generate/preview', tags, security: secured, middleware: viewer, request: { body: jsonBody(TopologyGenerateParamsSchema) }, responses: { 200: jsonResponse(TopologyPreviewSchema, 'Generated, not stored, with its issues'), ...errorResponses } }),
    async (c) => {
      const p = c.req.valid('json');
      const hostId = await resolveHostId(deps, p.hostId);
      return c.json(await bodyIssues(deps, generateBody({ ...p, hostId }), null), 200);
    },
  );
  r.openapi(
    createRoute({ method: 'post', path: '/topologies/import-ini', tags, security: secured, middleware: admin, request: { body: jsonBody(TopologyIniImportRequestSchema) }, responses: { 201: jsonResponse(TopologyIniImportResultSchema, 'A one-LAN topology from DECNET INI'), ...conflict, ...errorResponses } }),
    async (c) => c.json(await importIni(deps, c.req.valid('json')), 201),
  );
  r.openapi(
    createRoute({ method: 'get', path: '/topologies/catalogue', tags, security: secured, middleware: viewer, request: { query: z.object({ hostId: z.string().max(64).optional() }) }, responses: { 200: jsonResponse(CatalogueSchema, 'Archetypes, and services with their config JSON Schema'), ...errorResponses } }),
    async (c) => c.json(await catalogueFor(deps, c.req.valid('query').hostId), 200),
  );
  r.openapi(
    createRoute({ method: 'get', path: '/topologies/{id}', tags, security: secured, middleware: viewer, request: { params: IdParam }, responses: { 200: jsonResponse(TopologySnapshotSchema, 'Topology, LANs, deckies with reported state, pending mutations'), ...notFound, ...errorResponses } }),
    async (c) => c.json(await snapshotOf(deps, c.req.valid('param').id), 200),
  );
  r.openapi(
    createRoute({ method: 'delete', path: '/topologies/{id}', tags, security: secured, middleware: admin, request: { params: IdParam }, responses: { 204: { description: 'Deleted' }, ...notFound, ...conflict, ...errorResponses } }),
    async (c) => {
      await deleteTopology(deps, c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
  r.openapi(
    createRoute({ method: 'post', path: '/topologies/{id}/deploy', tags, security: secured, middleware: admin, request: { params: IdParam }, responses: { 200: jsonResponse(TopologySnapshotSchema, 'Deploying'), ...notFound, ...conflict, ...errorResponses } }),
    async (c) => c.json(await deployTopology(deps, c.req.valid('param').id), 200),
  );
  r.openapi(
    createRoute({ method: 'post', path: '/topologies/{id}/teardown', tags, security: secured, middleware: admin, request: { params: IdParam }, responses: { 200: jsonResponse(TopologySnapshotSchema, 'Tearing down'), ...notFound, ...conflict, ...errorResponses } }),
    async (c) => c.json(await teardownTopology(deps, c.req.valid('param').id), 200),
  );
  r.openapi(
    createRoute({ method: 'post', path: '/topologies/{id}/mutations', tags, security: secured, middleware: admin, request: { params: IdParam, body: jsonBody(TopologyMutationRequestSchema) }, responses: { 202: jsonResponse(TopologyMutationAcceptedSchema, 'Queued (applied at once when the topology is not deployed)'), ...notFound, ...conflict, ...errorResponses } }),
    async (c) => c.json(await mutateTopology(deps, c.req.valid('param').id, c.req.valid('json'), c.get('user').username), 202),
  );
  r.openapi(
    createRoute({ method: 'get', path: '/topologies/{id}/mutations', tags, security: secured, middleware: viewer, request: { params: IdParam }, responses: { 200: jsonResponse(TopologyMutationListSchema, 'Newest first'), ...notFound, ...errorResponses } }),
    async (c) => {
      const { id } = c.req.valid('param');
      await getTopologyRow(deps, id);
      return c.json({ items: await listMutations(deps, id) }, 200);
    },
  );
  r.openapi(
    createRoute({ method: 'get', path: '/topologies/{id}/status-events', tags, security: secured, middleware: viewer, request: { params: IdParam }, responses: { 200: jsonResponse(TopologyStatusEventListSchema, 'Audited status transitions, oldest first'), ...notFound, ...errorResponses } }),
    async (c) => {
      const { id } = c.req.valid('param');
      await getTopologyRow(deps, id);
      return c.json({ items: await listStatusEvents(deps, id) }, 200);
    },
  );
  r.openapi(
    createRoute({ method: 'get', path: '/topologies/{id}/next-subnet', tags, security: secured, middleware: viewer, request: { params: IdParam, query: z.object({ prefix: z.coerce.number().int().min(16).max(29).default(24), exclude: csv(64) }) }, responses: { 200: jsonResponse(NextFreeSubnetSchema, 'A subnet overlapping nothing on the host'), ...notFound, ...conflict, ...errorResponses } }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json(await nextSubnetFor(deps, c.req.valid('param').id, q.prefix, q.exclude), 200);
    },
  );
  r.openapi(
    createRoute({ method: 'get', path: '/topologies/{id}/lans/{lan}/next-address', tags, security: secured, middleware: viewer, request: { params: LanParam, query: z.object({ exclude: csv(1024) }) }, responses: { 200: jsonResponse(NextFreeAddressSchema, 'The lowest free host address of the LAN'), ...notFound, ...conflict, ...errorResponses } }),
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await nextAddressFor(deps, p.id, p.lan, c.req.valid('query').exclude), 200);
    },
  );
  // Server-Sent Events (ticket from POST /stream/ticket, or a bearer header).
  r.get('/topologies/:id/stream', topologyStreamHandler(deps));
  return r;
}
