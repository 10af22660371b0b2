// Threat-intel exports (viewer role, downloads): STIX 2.1 bundles, MISP events and ATT&CK Navigator
// layers for the fleet, one attacker or one identity.
import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../deps';
import { errorResponses, newRouter } from '../http/router';
import { requireUser } from '../http/middleware/auth';
import { buildExport, EXPORT_FORMATS } from '../services/exports/build';

const secured = [{ bearerAuth: [] }];
const Format = z.enum(EXPORT_FORMATS).openapi({ param: { name: 'format', in: 'path' }, description: 'stix (STIX 2.1 bundle), misp (MISP core format), navigator (ATT&CK Navigator layer 4.5)' });
const Hex32 = (what: string) => z.string().regex(/^[0-9a-f]{32}$/, `${what} id`).openapi({ param: { name: 'id', in: 'path' } });
const ok = { 200: { description: 'The export as a JSON download' }, 404: errorResponses[422], ...errorResponses };

export function exportRoutes(deps: AppDeps) {
  const r = newRouter();
  const viewer = [requireUser(deps)];
  const send = (body: string, filename: string) =>
    new Response(body, { status: 200, headers: { 'content-type': 'application/json; charset=utf-8', 'content-disposition': `attachment; filename="${filename}"`, 'cache-control': 'private, no-store' } });
  r.openapi(
    createRoute({ method: 'get', path: '/exports/fleet/{format}', tags: ['exports'], security: secured, middleware: viewer, request: { params: z.object({ format: Format }) }, responses: ok }),
    async (c) => {
      const x = await buildExport(deps, { kind: 'fleet' }, c.req.valid('param').format);
      return send(x.body, x.filename) as never;
    },
  );
  r.openapi(
    createRoute({ method: 'get', path: '/exports/attackers/{id}/{format}', tags: ['exports'], security: secured, middleware: viewer, request: { params: z.object({ id: Hex32('attacker'), format: Format }) }, responses: ok }),
    async (c) => {
      const p = c.req.valid('param');
      const x = await buildExport(deps, { kind: 'attacker', id: p.id }, p.format);
      return send(x.body, x.filename) as never;
    },
  );
  r.openapi(
    createRoute({ method: 'get', path: '/exports/identities/{id}/{format}', tags: ['exports'], security: secured, middleware: viewer, request: { params: z.object({ id: Hex32('identity'), format: Format }) }, responses: ok }),
    async (c) => {
      const p = c.req.valid('param');
      const x = await buildExport(deps, { kind: 'identity', id: p.id }, p.format);
      return send(x.body, x.filename) as never;
    },
  );
  return r;
}
