// Webhook subscriptions (admin): CRUD, one-time secrets, send test, delivery log and dead letters,
// bound to the app's session-aware client. Shapes are protocol's (types only).
import type { CreateWebhookBody, UpdateWebhookBody, Webhook, WebhookDeliveryList, WebhookList, WebhookTestResult, WebhookWithSecret } from '@decnet/protocol';
import { api } from '../auth/session';
import type { ApiClient } from './client';

export type { Webhook, WebhookDelivery, WebhookFormat, WebhookTestResult, WebhookWithSecret } from '@decnet/protocol';

const enc = encodeURIComponent;

export const webhookApi = (c: ApiClient) => ({
  list: () => c.request<WebhookList>('GET', '/webhooks'),
  create: (body: CreateWebhookBody) => c.request<WebhookWithSecret>('POST', '/webhooks', { body }),
  update: (id: string, body: UpdateWebhookBody) => c.request<Webhook | WebhookWithSecret>('PATCH', `/webhooks/${enc(id)}`, { body }),
  remove: (id: string) => c.request<void>('DELETE', `/webhooks/${enc(id)}`),
  test: (id: string) => c.request<WebhookTestResult>('POST', `/webhooks/${enc(id)}/test`),
  deliveries: (id: string, status?: 'pending' | 'delivered' | 'dead') => c.request<WebhookDeliveryList>('GET', `/webhooks/${enc(id)}/deliveries`, { query: { status, limit: 100 } }),
  redeliver: (id: string, deliveryId?: number) => c.request<{ requeued: number }>('POST', `/webhooks/${enc(id)}/redeliver`, { body: deliveryId ? { deliveryId } : {} }),
});

export const Webhooks = webhookApi(api);
