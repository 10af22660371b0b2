// DeckySpec: what one decky should be. Shared by the INI loader (fleet/ini.ts) and the
// agent's desired-state API (agent/desired-state.ts).
import { z } from 'zod';
import { isIPv4 } from '../util/ip';
import { ARCHETYPE_SLUGS } from './archetypes';
import { OS_FAMILIES } from './os-fingerprints';

/** DNS-label-like (RFC 1123 §2.1) plus `_`, which container names allow; at most 63 chars. */
export const DECKY_NAME_RE = /^[A-Za-z0-9](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?$/;
/** Service slugs and custom (BYOS) service names. */
export const SERVICE_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,47}$/;
/** configparser lower-cases keys; we accept what a config form may send. */
export const CONFIG_KEY_RE = /^[A-Za-z0-9_.:/-]{1,64}$/;

export const MUTATE_INTERVAL_MAX_MIN = 525_600; // a year
export const SERVICE_CONFIG_VALUE_MAX_CHARS = 65_536;

const uniqueServices = (a: string[]): boolean => new Set(a).size === a.length;

export const DeckyNameSchema = z.string().regex(DECKY_NAME_RE, 'decky name: letters, digits, - and _, at most 63');
export const ServiceNameSchema = z.string().regex(SERVICE_NAME_RE, 'service name');

export const ServiceConfigSchema = z
  .record(z.string().regex(CONFIG_KEY_RE), z.string().max(SERVICE_CONFIG_VALUE_MAX_CHARS))
  .refine((c) => Object.keys(c).length <= 128, 'at most 128 keys per service');

export const DeckySpecSchema = z.object({
  name: DeckyNameSchema,
  archetype: z.enum(ARCHETYPE_SLUGS).optional(),
  /** May be empty only in an INI result: DECNET then picks random services at deploy time. */
  services: z.array(ServiceNameSchema).max(64).refine(uniqueServices, 'duplicate service'),
  serviceConfig: z.record(ServiceNameSchema, ServiceConfigSchema),
  nmapOs: z.enum(OS_FAMILIES).optional(),
  mutateIntervalMin: z.number().int().min(1).max(MUTATE_INTERVAL_MAX_MIN).optional(),
  ip: z.string().refine(isIPv4, 'IPv4 address').optional(),
});
export type DeckySpec = z.infer<typeof DeckySpecSchema>;

/** A deployable decky: at least one service. */
export const DeployableDeckySpecSchema = DeckySpecSchema.extend({
  services: z.array(ServiceNameSchema).min(1).max(64).refine(uniqueServices, 'duplicate service'),
});
