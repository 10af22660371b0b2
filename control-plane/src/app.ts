// createApp: the whole control-plane HTTP service on Web APIs only; runtime entries build the deps.
import { errorBody } from './errors';
import type { AppDeps } from './deps';
import { handleError } from './http/error-handler';
import { readPathCaching } from './http/middleware/read-cache';
import { applySecurity } from './http/middleware/security';
import { newRouter } from './http/router';
import { agentRoutes } from './routes/agent';
import { attackRoutes } from './routes/attack';
import { authRoutes } from './routes/auth';
import { canaryRoutes } from './routes/canaries';
import { canaryTriggerRoutes } from './routes/canary-trigger';
import { deckyRoutes } from './routes/deckies';
import { eventRoutes } from './routes/events';
import { healthRoutes } from './routes/health';
import { hostRoutes } from './routes/hosts';
import { fleetRoutes } from './routes/fleet';
import { identityRoutes } from './routes/identities';
import { intelRoutes } from './routes/intel';
import { exportRoutes } from './routes/exports';
import { recordingRoutes } from './routes/recordings';
import { agentReleaseRoutes, releaseRoutes } from './routes/releases';
import { agentRealismRoutes, realismRoutes } from './routes/realism';
import { topologyRoutes } from './routes/topologies';
import { userRoutes } from './routes/users';
import { webhookRoutes } from './routes/webhooks';

export function createApp(deps: AppDeps) {
  const app = newRouter();
  applySecurity(app, deps.config, deps.securityHeaders !== undefined);
  if (deps.ready) {
    let ready: Promise<void> | undefined;
    app.use('*', async (_c, next) => {
      ready ??= deps.ready!().catch((e) => {
        ready = undefined; // retry on the next request rather than failing forever
        throw e;
      });
      await ready;
      await next();
    });
  }

  const api = newRouter();
  api.use('*', readPathCaching(deps));
  api.route('/', healthRoutes(deps));
  api.route('/', authRoutes(deps));
  api.route('/', userRoutes(deps));
  api.route('/', hostRoutes(deps));
  api.route('/', fleetRoutes(deps));
  api.route('/', releaseRoutes(deps));
  api.route('/', deckyRoutes(deps));
  api.route('/', eventRoutes(deps));
  api.route('/', intelRoutes(deps));
  api.route('/', attackRoutes(deps));
  api.route('/', identityRoutes(deps));
  api.route('/', recordingRoutes(deps));
  api.route('/', realismRoutes(deps));
  api.route('/', exportRoutes(deps));
  api.route('/', topologyRoutes(deps));
  api.route('/', canaryRoutes(deps));
  api.route('/', webhookRoutes(deps));
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  api.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'DECNET-TS control plane', version: deps.version },
    servers: [{ url: '/api/v1' }],
  });
  app.route('/api/v1', api);
  app.route('/agent/v1', agentRoutes(deps));
  app.route('/agent/v1', agentRealismRoutes(deps));
  app.route('/agent/v1', agentReleaseRoutes(deps));
  app.route('/c', canaryTriggerRoutes(deps));
  for (const handler of deps.dashboard ?? []) {
    app.get('*', (c, next) => (/^\/(api|agent|c)(\/|$)/.test(c.req.path) ? next() : handler(c, next)));
  }

  app.notFound((c) => c.json(errorBody('not_found', `No route for ${c.req.method} ${c.req.path}`), 404));
  app.onError(handleError(deps.logger));
  return app;
}

export type App = ReturnType<typeof createApp>;
