// /webhooks (admin only): subscriptions CRUD (the secret is returned on create and rotation only),
// the delivery log, dead-letter re-delivery, "send test", and the list of fact topics.
import { createRoute, z } from '@hono/zod-openapi';
import { CreateWebhookBodySchema, DELIVERY_STATUSES, FACT_CATALOGUE, RedeliverResultSchema, UpdateWebhookBodySchema, WEBHOOK_PRESETS, WebhookDeliveryListSchema, WebhookListSchema, WebhookSchema, WebhookTestResultSchema, WebhookUpdatedSchema, WebhookWithSecretSchema } from '@decnet/protocol';
import type { AppDeps } from '../deps';
import { errorResponses, jsonBody, jsonResponse, newRouter } from '../http/router';
import { requireAdmin, requireUser } from '../http/middleware/auth';
import { createWebhook, deleteWebhook, getWebhook, listDeliveries, listWebhooks, redeliver, sendTest, updateWebhook } from '../services/webhooks/subscriptions';

const secured = [{ bearerAuth: [] }];
const tags = ['webhooks'];
const IdParam = z.object({ id: z.string().uuid().openapi({ param: { name: 'id', in: 'path' } }) });
const notFound = { 404: errorResponses[422] };
const TopicsSchema = z.object({
  facts: z.array(z.object({ type: z.string(), topic: z.string(), description: z.string() })),
  presets: z.record(z.string(), z.array(z.string())),
});

export function webhookRoutes(deps: AppDeps) {
  const r = newRouter();
  const admin = [requireUser(deps), requireAdmin];

  r.openapi(createRoute({ method: 'get', path: '/webhooks/topics', tags, security: secured, middleware: admin, responses: { 200: jsonResponse(TopicsSchema, 'Published fact types, their topics, and the presets'), ...errorResponses } }), (c) =>
    c.json({ facts: FACT_CATALOGUE, presets: WEBHOOK_PRESETS as unknown as Record<string, string[]> }, 200),
  );
  r.openapi(createRoute({ method: 'get', path: '/webhooks', tags, security: secured, middleware: admin, responses: { 200: jsonResponse(WebhookListSchema, 'Subscriptions (secrets never included)'), ...errorResponses } }), async (c) =>
    c.json({ items: await listWebhooks(deps) }, 200),
  );
  r.openapi(
    createRoute({ method: 'post', path: '/webhooks', tags, security: secured, middleware: admin, request: { body: jsonBody(CreateWebhookBodySchema) }, responses: { 201: jsonResponse(WebhookWithSecretSchema, 'Created; the signing secret is shown this once'), ...errorResponses } }),
    async (c) => c.json(await createWebhook(deps, c.req.valid('json')), 201),
  );
  r.openapi(createRoute({ method: 'get', path: '/webhooks/{id}', tags, security: secured, middleware: admin, request: { params: IdParam }, responses: { 200: jsonResponse(WebhookSchema, 'A subscription'), ...notFound, ...errorResponses } }), async (c) =>
    c.json(await getWebhook(deps, c.req.valid('param').id), 200),
  );
  r.openapi(
    createRoute({
      method: 'patch',
      path: '/webhooks/{id}',
      tags,
      security: secured,
      middleware: admin,
      request: { params: IdParam, body: jsonBody(UpdateWebhookBodySchema) },
      responses: { 200: jsonResponse(WebhookUpdatedSchema, 'Updated (enabling clears the breaker; with rotateSecret the new secret is shown once)'), ...notFound, ...errorResponses },
    }),
    async (c) => c.json(await updateWebhook(deps, c.req.valid('param').id, c.req.valid('json')), 200),
  );
  r.openapi(createRoute({ method: 'delete', path: '/webhooks/{id}', tags, security: secured, middleware: admin, request: { params: IdParam }, responses: { 204: { description: 'Deleted with its deliveries' }, ...notFound, ...errorResponses } }), async (c) => {
    await deleteWebhook(deps, c.req.valid('param').id);
    return c.body(null, 204);
  });
  r.openapi(
    createRoute({
      method: 'get',
      path: '/webhooks/{id}/deliveries',
      tags,
      security: secured,
      middleware: admin,
      request: { params: IdParam, query: z.object({ status: z.enum(DELIVERY_STATUSES).optional(), beforeId: z.coerce.number().int().min(1).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }) },
      responses: { 200: jsonResponse(WebhookDeliveryListSchema, 'Delivery log, newest first (status=dead: the dead letters)'), ...notFound, ...errorResponses },
    }),
    async (c) => c.json({ items: await listDeliveries(deps, c.req.valid('param').id, c.req.valid('query')) }, 200),
  );
  r.openapi(
    createRoute({
      method: 'post',
      path: '/webhooks/{id}/redeliver',
      tags,
      security: secured,
      middleware: admin,
      request: { params: IdParam, body: { required: false, content: { 'application/json': { schema: z.strictObject({ deliveryId: z.number().int().min(1).optional() }) } } } },
      responses: { 200: jsonResponse(RedeliverResultSchema, 'Dead letters queued again (all, or one)'), ...notFound, ...errorResponses },
    }),
    async (c) => c.json({ requeued: await redeliver(deps, c.req.valid('param').id, c.req.valid('json')?.deliveryId) }, 200),
  );
  r.openapi(
    createRoute({ method: 'post', path: '/webhooks/{id}/test', tags, security: secured, middleware: admin, request: { params: IdParam }, responses: { 200: jsonResponse(WebhookTestResultSchema, 'Sent a webhook.test fact now; the receiver outcome'), ...notFound, ...errorResponses } }),
    async (c) => c.json(await sendTest(deps, c.req.valid('param').id), 200),
  );
  return r;
}
