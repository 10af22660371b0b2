// /releases (issue 19), admin only: agent bundles uploaded in chunks and signed by the CA key on
// publish (or the control plane's own built bundle registered), pushed to a host, a site or all,
// per-host update progress and a manual rollback. The agent side (bundle download, progress
// reports over mutual TLS) is agentReleaseRoutes.
import { createRoute, z } from '@hono/zod-openapi';
import {
  HostUpdateListSchema,
  HostUpdateViewSchema,
  ReleaseCreateSchema,
  ReleaseFromBuildSchema,
  ReleaseListSchema,
  ReleasePushResultSchema,
  ReleasePushSchema,
  ReleaseViewSchema,
  ScopeQueryShape,
  UpdateStatusReportSchema,
} from '@decnet/protocol';
import type { AppDeps } from '../deps';
import { AppError } from '../errors';
import { errorResponses, jsonBody, jsonResponse, newRouter } from '../http/router';
import { requireAdmin, requireUser } from '../http/middleware/auth';
import { identifyAgent } from '../services/agent/identify';
import { listHostUpdates, pushRelease, recordUpdateStatus, rollbackHost } from '../services/releases/rollout';
import { bundleStream, createRelease, deleteRelease, getRelease, getReleaseRow, listReleases, publishRelease, putChunk, registerBuiltBundle } from '../services/releases/store';

const secured = [{ bearerAuth: [] }];
// The openapi z, not the protocol schema: .openapi exists only on schemas made from it.
const VersionParam = z.object({ version: z.string().min(1).max(64).regex(/^[0-9A-Za-z.+_-]+$/, 'version').openapi({ param: { name: 'version', in: 'path' } }) });
const ChunkParams = VersionParam.extend({ index: z.coerce.number().int().min(0).max(65_535).openapi({ param: { name: 'index', in: 'path' } }) });
const HostIdParam = z.object({ id: z.string().uuid().openapi({ param: { name: 'id', in: 'path' } }) });
const more = { 404: errorResponses[422], 409: errorResponses[422] };

export function releaseRoutes(deps: AppDeps) {
  const r = newRouter();
  const admin = [requireUser(deps), requireAdmin];
  const common = { tags: ['releases'], security: secured, middleware: admin };

  r.openapi(createRoute({ ...common, method: 'get', path: '/releases', responses: { 200: jsonResponse(ReleaseListSchema, 'Agent releases, newest first'), ...errorResponses } }), async (c) =>
    c.json({ items: await listReleases(deps) }, 200),
  );
  r.openapi(
    createRoute({ ...common,
      method: 'post', path: '/releases', summary: 'Start a release upload: then PUT its chunks and POST publish (which checks the SHA-256 and signs it)',
      request: { body: jsonBody(ReleaseCreateSchema) }, responses: { 201: jsonResponse(ReleaseViewSchema, 'Created, waiting for its chunks'), ...more, ...errorResponses },
    }),
    async (c) => c.json(await createRelease(deps, c.get('user').id, c.req.valid('json')), 201),
  );
  r.openapi(
    createRoute({ ...common,
      method: 'post', path: '/releases/from-build', summary: "Register the agent bundle this control plane serves for installs (`npm run agent:bundle`) as a signed release; its version comes from the bundle's package.json",
      request: { body: jsonBody(ReleaseFromBuildSchema) }, responses: { 201: jsonResponse(ReleaseViewSchema, 'Registered and signed'), ...more, ...errorResponses },
    }),
    async (c) => c.json(await registerBuiltBundle(deps, c.get('user').id, c.req.valid('json').notes), 201),
  );
  // Before /releases/{version}: routes match in order and 'hosts' is a valid version string.
  r.openapi(
    createRoute({ ...common, method: 'get', path: '/releases/hosts', summary: 'Per-host update progress: pending, downloading, switching, healthy, rolled_back or failed (with the reason)', request: { query: z.object(ScopeQueryShape) }, responses: { 200: jsonResponse(HostUpdateListSchema, 'Active hosts with their running, target and previous versions'), ...errorResponses } }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json({ items: await listHostUpdates(deps, { ...(q.host && { hostId: q.host }), ...(q.site && { site: q.site }) }) }, 200);
    },
  );
  r.openapi(createRoute({ ...common, method: 'get', path: '/releases/{version}', request: { params: VersionParam }, responses: { 200: jsonResponse(ReleaseViewSchema, 'One release'), ...more, ...errorResponses } }), async (c) =>
    c.json(await getRelease(deps, c.req.valid('param').version), 200),
  );
  r.openapi(
    createRoute({ ...common,
      method: 'put', path: '/releases/{version}/chunks/{index}', summary: 'One chunk of the bundle (raw bytes; chunkBytes long, the last one the rest)',
      request: { params: ChunkParams, body: { required: true, content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } } } },
      responses: { 200: jsonResponse(z.object({ received: z.number(), chunkCount: z.number() }), 'Stored'), ...more, ...errorResponses },
    }),
    async (c) => {
      const { version, index } = c.req.valid('param');
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      return c.json(await putChunk(deps, version, index, bytes), 200);
    },
  );
  r.openapi(
    createRoute({ ...common, method: 'post', path: '/releases/{version}/publish', request: { params: VersionParam }, responses: { 200: jsonResponse(ReleaseViewSchema, 'Checked (SHA-256, size, the bundle says this version) and signed by the CA key'), ...more, ...errorResponses } }),
    async (c) => c.json(await publishRelease(deps, c.req.valid('param').version), 200),
  );
  r.openapi(createRoute({ ...common, method: 'delete', path: '/releases/{version}', request: { params: VersionParam }, responses: { 204: { description: 'Deleted' }, ...more, ...errorResponses } }), async (c) => {
    await deleteRelease(deps, c.req.valid('param').version);
    return c.body(null, 204);
  });
  r.openapi(
    createRoute({ ...common, method: 'post', path: '/releases/push', summary: 'Push a published version to one host, a site or every active host', request: { body: jsonBody(ReleasePushSchema) }, responses: { 200: jsonResponse(ReleasePushResultSchema, 'The hosts it was pushed to (their agents see it on their next long-poll answer)'), ...more, ...errorResponses } }),
    async (c) => c.json(await pushRelease(deps, c.get('user').id, c.req.valid('json')), 200),
  );
  r.openapi(
    createRoute({ ...common, method: 'post', path: '/hosts/{id}/rollback', summary: 'Send a host back to the version it ran before its last push', request: { params: HostIdParam }, responses: { 200: jsonResponse(HostUpdateViewSchema, 'Rollback pushed'), ...more, ...errorResponses } }),
    async (c) => c.json(await rollbackHost(deps, c.get('user').id, c.req.valid('param').id), 200),
  );
  return r;
}

const mtls = [{ clientCertificate: [] }];

/** Mounted at /agent/v1: the bundle download and the agents' progress reports, both over mutual TLS. */
export function agentReleaseRoutes(deps: AppDeps) {
  const r = newRouter();
  r.openapi(
    createRoute({ method: 'get', path: '/releases/{version}/bundle', tags: ['agent'], security: mtls, request: { params: VersionParam }, responses: { 200: { description: 'The release bundle (.tar.gz)', content: { 'application/gzip': { schema: z.string().openapi({ format: 'binary' }) } } }, ...more, ...errorResponses } }),
    async (c) => {
      await identifyAgent(deps, c);
      const rel = await getReleaseRow(deps, c.req.valid('param').version);
      if (rel.status !== 'ready') throw new AppError('not_found', `Release ${rel.version} is not published`);
      return c.body(bundleStream(deps, rel), 200, { 'content-type': 'application/gzip', 'content-length': String(rel.size), 'x-decnet-sha256': rel.sha256 });
    },
  );
  r.openapi(
    createRoute({ method: 'post', path: '/update-status', tags: ['agent'], security: mtls, request: { body: jsonBody(UpdateStatusReportSchema) }, responses: { 200: jsonResponse(z.object({ ok: z.literal(true), recorded: z.boolean() }), 'Recorded when it is about the host’s current push'), ...errorResponses } }),
    async (c) => {
      const host = await identifyAgent(deps, c);
      return c.json(await recordUpdateStatus(deps, host, c.req.valid('json')), 200);
    },
  );
  return r;
}
