// Realism self-test (issue 17): POST /deckies/{name}/selftest (admin) asks the decky's host through its
// desired state; GET /deckies/{name}/realism (viewer) reads the latest report; the agent uploads
// reports on POST /agent/v1/realism-reports (mutual TLS).
import { createRoute, z } from '@hono/zod-openapi';
import { RealismReportSchema, RealismUploadSchema } from '@decnet/protocol';
import type { AppDeps } from '../deps';
import { errorResponses, jsonBody, jsonResponse, newRouter } from '../http/router';
import { requireAdmin, requireUser } from '../http/middleware/auth';
import { identifyAgent } from '../services/agent/identify';
import { latestRealismReport, requestSelftest, storeRealismReports } from '../services/realism/realism';

const secured = [{ bearerAuth: [] }];
// The z of @hono/zod-openapi (a protocol schema lacks .openapi when this module loads first, as under tsx).
const NameParam = z.object({ name: z.string().max(63).openapi({ param: { name: 'name', in: 'path' } }) });

export function realismRoutes(deps: AppDeps) {
  const r = newRouter();
  r.openapi(
    createRoute({
      method: 'post', path: '/deckies/{name}/selftest', tags: ['deckies'], security: secured, middleware: [requireUser(deps), requireAdmin],
      request: { params: NameParam },
      responses: { 202: jsonResponse(z.object({ requestId: z.string().uuid() }), 'Asked the decky\'s host to run its self-test'), ...errorResponses },
    }),
    async (c) => {
      const { requestId } = await requestSelftest(deps, c.req.valid('param').name, c.get('user').id);
      return c.json({ requestId }, 202);
    },
  );
  r.openapi(
    createRoute({
      method: 'get', path: '/deckies/{name}/realism', tags: ['deckies'], security: secured, middleware: [requireUser(deps)],
      request: { params: NameParam },
      responses: { 200: jsonResponse(z.object({ report: RealismReportSchema.nullable(), pendingRequestId: z.string().nullable() }), 'The latest realism report, and a request still waiting for the agent'), ...errorResponses },
    }),
    async (c) => c.json(await latestRealismReport(deps, c.req.valid('param').name), 200),
  );
  return r;
}

export function agentRealismRoutes(deps: AppDeps) {
  const r = newRouter();
  r.openapi(
    createRoute({
      method: 'post', path: '/realism-reports', tags: ['agent'],
      request: { body: jsonBody(RealismUploadSchema) },
      responses: { 200: jsonResponse(z.object({ stored: z.number().int() }), 'Reports of the host\'s own deckies stored'), ...errorResponses },
    }),
    async (c) => {
      const host = await identifyAgent(deps, c);
      return c.json(await storeRealismReports(deps, host.id, c.req.valid('json')), 200);
    },
  );
  return r;
}
