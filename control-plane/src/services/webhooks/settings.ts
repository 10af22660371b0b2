// Delivery settings: DECNET's retry schedule (1, 2, 4 s with x0.8-1.2 jitter, 4 attempts), 10 s
// timeout, egress concurrency 10, breaker after 5 consecutive failed deliveries. The runtime entry
// supplies the transport, the secret key material and the private-target policy.
import type { AppDeps } from '../../deps';
import { STRICT_POLICY, type AddressPolicy } from './address-policy';
import { DEFAULT_RETENTION_MS } from './prune';
import { fetchTransport, type WebhookTransport } from './transport';

export interface WebhookSettings {
  /** Key material for secrets at rest (DECNET_SECRET_KEY, else the JWT secret). */
  secretKey: string;
  policy: AddressPolicy;
  transport: WebhookTransport;
  timeoutMs: number;
  retryDelaysMs: number[];
  concurrency: number;
  breakerThreshold: number;
  /** How long one instance owns a subscription's queue before another may take it over. */
  leaseMs: number;
  instanceId: string;
  random: () => number;
  /** Delivered deliveries and outbox facts older than this are pruned (0 = kept forever). */
  retentionMs: number;
}

export const DEFAULT_RETRY_DELAYS_MS = [1000, 2000, 4000];

export function webhookSettings(deps: AppDeps): WebhookSettings {
  const given = deps.webhooks ?? {};
  return {
    secretKey: given.secretKey ?? deps.config.jwtSecret,
    policy: given.policy ?? STRICT_POLICY,
    transport: given.transport ?? fetchTransport(),
    timeoutMs: given.timeoutMs ?? 10_000,
    retryDelaysMs: given.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
    concurrency: given.concurrency ?? 10,
    breakerThreshold: given.breakerThreshold ?? 5,
    leaseMs: given.leaseMs ?? 60_000,
    instanceId: given.instanceId ?? crypto.randomUUID(),
    random: given.random ?? Math.random,
    retentionMs: given.retentionMs ?? DEFAULT_RETENTION_MS,
  };
}

/** `DECNET_WEBHOOK_ALLOW_PRIVATE`: `true` allows every private range; a CIDR list allows only those. */
export function parseAllowPrivate(value: string | undefined): AddressPolicy {
  const v = (value ?? '').trim();
  if (!v || v === 'false' || v === '0') return STRICT_POLICY;
  if (v === 'true' || v === '1') return { allowPrivate: true, allowCidrs: [] };
  return { allowPrivate: false, allowCidrs: v.split(',').map((s) => s.trim()).filter(Boolean) };
}
