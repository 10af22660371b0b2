// Liveness (no database access, cheap enough for load balancers) and readiness (database reachable).
import { createRoute, z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import type { AppDeps } from '../deps';
import { AppError } from '../errors';
import { jsonResponse, newRouter } from '../http/router';

const Health = z.object({ status: z.literal('ok'), version: z.string() }).openapi('Health');

export function healthRoutes(deps: AppDeps) {
  const r = newRouter();
  r.openapi(
    createRoute({ method: 'get', path: '/health', tags: ['system'], responses: { 200: jsonResponse(Health, 'Alive') } }),
    (c) => c.json({ status: 'ok' as const, version: deps.version }, 200),
  );
  r.openapi(
    createRoute({
      method: 'get',
      path: '/health/ready',
      tags: ['system'],
      responses: { 200: jsonResponse(Health, 'Database reachable'), 500: { description: 'Database unreachable' } },
    }),
    async (c) => {
      try {
        await deps.db.run(sql`select 1`);
      } catch (e) {
        deps.logger.error('readiness check failed', { error: String(e) });
        throw new AppError('internal', 'Database unreachable');
      }
      return c.json({ status: 'ok' as const, version: deps.version }, 200);
    },
  );
  return r;
}
