// /agent/v1: the host agents' API. Enrollment (token + CSR) and the install script need no client
// certificate; every other route identifies the host only by its verified client certificate.
import { createRoute, z } from '@hono/zod-openapi';
import {
  AgentAcksSchema,
  DesiredStateQuerySchema,
  DesiredStateResponseSchema,
  EnrollmentRequestSchema,
  EnrollmentResponseSchema,
  EventBatchResponseSchema,
  EventBatchSchema,
  HeartbeatSchema,
} from '@decnet/protocol';
import type { AppDeps } from '../deps';
import { AppError } from '../errors';
import { errorResponses, jsonBody, jsonResponse, newRouter } from '../http/router';
import { desiredState } from '../services/agent/desired-state';
import { enrollAgent } from '../services/agent/enroll';
import { recordHeartbeat } from '../services/agent/heartbeat';
import { identifyAgent } from '../services/agent/identify';
import { ingestEvents } from '../services/agent/ingest-events';
import { countAttempt } from '../services/auth/rate-limit';
import { recordAcks } from '../services/fleet/commands';

const mtls = [{ clientCertificate: [] }];

export function agentRoutes(deps: AppDeps) {
  const r = newRouter();

  r.openapi(
    createRoute({
      method: 'post',
      path: '/enroll',
      tags: ['agent'],
      request: { body: jsonBody(EnrollmentRequestSchema) },
      responses: { 200: jsonResponse(EnrollmentResponseSchema, 'Signed client certificate'), 409: errorResponses[422], ...errorResponses },
    }),
    async (c) => {
      const { login } = deps.config;
      await countAttempt(deps.db, `enroll:${deps.clientIp(c)}`, login.maxPerIp, login.windowMs, deps.now());
      return c.json(await enrollAgent(deps, c.req.valid('json')), 200);
    },
  );

  r.get('/install.sh', async (c) => {
    const script = await deps.installScript?.();
    if (!script) throw new AppError('not_found', 'This control plane does not serve the install script');
    return c.body(script, 200, { 'content-type': 'text/x-shellscript; charset=utf-8' });
  });

  r.get('/agent-bundle.tar.gz', async (c) => {
    const bundle = await deps.agentBundle?.();
    if (!bundle) {
      throw new AppError('not_found', 'No agent bundle on this control plane: build it with `npm run agent:bundle` (or set DECNET_AGENT_BUNDLE)');
    }
    return c.body(bundle.body, 200, { 'content-type': 'application/gzip', 'content-length': String(bundle.size), 'cache-control': 'no-cache' });
  });

  r.openapi(
    createRoute({
      method: 'post',
      path: '/events',
      tags: ['agent'],
      security: mtls,
      request: { body: jsonBody(EventBatchSchema) },
      responses: { 200: jsonResponse(EventBatchResponseSchema, 'Stored (idempotent on event id)'), ...errorResponses },
    }),
    async (c) => {
      const host = await identifyAgent(deps, c);
      return c.json(await ingestEvents(deps, host, c.req.valid('json').events), 200);
    },
  );

  r.openapi(
    createRoute({
      method: 'post',
      path: '/heartbeat',
      tags: ['agent'],
      security: mtls,
      request: { body: jsonBody(HeartbeatSchema) },
      responses: { 200: jsonResponse(z.object({ ok: z.literal(true), desiredVersion: z.number() }), 'Recorded'), ...errorResponses },
    }),
    async (c) => {
      const host = await identifyAgent(deps, c);
      return c.json(await recordHeartbeat(deps, host, c.req.valid('json')), 200);
    },
  );

  r.openapi(
    createRoute({
      method: 'get',
      path: '/desired-state',
      tags: ['agent'],
      security: mtls,
      request: { query: DesiredStateQuerySchema },
      responses: { 200: jsonResponse(DesiredStateResponseSchema, 'Deckies this host should run (long-poll)'), ...errorResponses },
    }),
    async (c) => {
      // A decommissioned host still gets its answer (decommission: true) until its agent acknowledged it.
      const host = await identifyAgent(deps, c, { allowDecommissioned: true });
      const q = c.req.valid('query');
      return c.json(await desiredState(deps, host, q.sinceVersion, q.waitS ?? 25, c.req.raw.signal), 200);
    },
  );

  r.openapi(
    createRoute({
      method: 'post',
      path: '/acks',
      tags: ['agent'],
      security: mtls,
      request: { body: jsonBody(AgentAcksSchema) },
      responses: { 200: jsonResponse(z.object({ ok: z.literal(true), recorded: z.number() }), 'Command results (and a decommission) recorded'), ...errorResponses },
    }),
    async (c) => {
      const host = await identifyAgent(deps, c, { allowDecommissioned: true });
      return c.json(await recordAcks(deps, host, c.req.valid('json')), 200);
    },
  );

  r.openAPIRegistry.registerComponent('securitySchemes', 'clientCertificate', { type: 'mutualTLS' });
  r.doc31('/openapi.json', { openapi: '3.1.0', info: { title: 'DECNET-TS agent API', version: deps.version }, servers: [{ url: '/agent/v1' }] });
  return r;
}
