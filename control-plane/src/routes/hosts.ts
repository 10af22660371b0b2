// /hosts: sensor hosts (viewer read, admin manage: rename, prober switch, decommission) and enrollment
// tokens with the install command.
import { createRoute, z } from '@hono/zod-openapi';
import { EnrollmentTokenSchema as TokenSchema, HostListSchema, HostProberSettingSchema, HostSchema, SiteLabelSchema } from '@decnet/protocol';
import type { AppDeps } from '../deps';
import { errorResponses, jsonBody, jsonResponse, newRouter } from '../http/router';
import { requireAdmin, requireUser } from '../http/middleware/auth';
import { createEnrollmentToken } from '../services/hosts/enrollment-token';
import { decommissionHost, listHosts, renameHost, setHostProber } from '../services/hosts/manage';

const secured = [{ bearerAuth: [] }];
const HostName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, '1-63 letters, digits, dot, underscore or hyphen');
const HostIdParam = z.object({ id: z.string().uuid().openapi({ param: { name: 'id', in: 'path' } }) });

export function hostRoutes(deps: AppDeps) {
  const r = newRouter();
  const viewer = [requireUser(deps)];
  const admin = [requireUser(deps), requireAdmin];

  r.openapi(
    createRoute({ method: 'get', path: '/hosts', tags: ['hosts'], security: secured, middleware: viewer, responses: { 200: jsonResponse(HostListSchema, 'Sensor hosts'), ...errorResponses } }),
    async (c) => c.json({ items: await listHosts(deps) }, 200),
  );
  r.openapi(
    createRoute({
      method: 'post',
      path: '/hosts/enrollment-tokens',
      tags: ['hosts'],
      security: secured,
      middleware: admin,
      request: { body: jsonBody(z.strictObject({ hostName: HostName, ttlMinutes: z.number().int().min(1).max(10_080).optional(), site: SiteLabelSchema.optional() })) },
      responses: { 201: jsonResponse(TokenSchema, 'A single-use enrollment token and its install command'), 409: errorResponses[422], ...errorResponses },
    }),
    async (c) => {
      const origin = new URL(c.req.url).origin;
      return c.json(await createEnrollmentToken(deps, c.get('user').id, c.req.valid('json'), origin), 201);
    },
  );
  r.openapi(
    createRoute({
      method: 'patch',
      path: '/hosts/{id}',
      tags: ['hosts'],
      security: secured,
      middleware: admin,
      request: { params: HostIdParam, body: jsonBody(z.strictObject({ name: HostName })) },
      responses: { 200: jsonResponse(HostSchema, 'Renamed'), 404: errorResponses[422], 409: errorResponses[422], ...errorResponses },
    }),
    async (c) => c.json(await renameHost(deps, c.req.valid('param').id, c.req.valid('json').name), 200),
  );
  r.openapi(
    createRoute({
      method: 'put',
      path: '/hosts/{id}/prober',
      tags: ['hosts'],
      summary: "Switch the host's prober on or off (null: the agent's own config decides); the agent picks it up with its desired state",
      security: secured,
      middleware: admin,
      request: { params: HostIdParam, body: jsonBody(HostProberSettingSchema) },
      responses: { 200: jsonResponse(HostSchema, 'The host with its prober setting'), 404: errorResponses[422], 409: errorResponses[422], ...errorResponses },
    }),
    async (c) => c.json(await setHostProber(deps, c.req.valid('param').id, c.req.valid('json').enabled), 200),
  );
  r.openapi(
    createRoute({
      method: 'post',
      path: '/hosts/{id}/decommission',
      tags: ['hosts'],
      security: secured,
      middleware: admin,
      request: { params: HostIdParam },
      responses: { 200: jsonResponse(HostSchema, 'Decommissioned: its certificate is refused from now on'), 404: errorResponses[422], ...errorResponses },
    }),
    async (c) => c.json(await decommissionHost(deps, c.req.valid('param').id), 200),
  );
  return r;
}
