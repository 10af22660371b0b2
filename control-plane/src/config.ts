// Control-plane configuration, parsed from a flat string map that each runtime entry builds from
// its own environment (process.env on Node, bindings on Workers). Pure: no environment access here.
import { z } from 'zod';

const csv = z
  .string()
  .optional()
  .transform((v) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []));
const int = (def: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(def);

export const configSchema = z.object({
  DECNET_JWT_SECRET: z.string().min(32, 'DECNET_JWT_SECRET must be at least 32 characters'),
  DECNET_JWT_TTL_MINUTES: int(240, 5, 60 * 24 * 7),
  DECNET_CORS_ORIGINS: csv,
  DECNET_BODY_LIMIT_BYTES: int(1024 * 1024, 1024, 64 * 1024 * 1024),
  DECNET_LOGIN_WINDOW_SECONDS: int(900, 10, 86_400),
  DECNET_LOGIN_MAX_PER_IP: int(30, 1, 100_000),
  DECNET_LOGIN_MAX_PER_USER: int(10, 1, 100_000),
  DECNET_PUBLIC_URL: z.url().optional(),
  DECNET_AGENT_BODY_LIMIT_BYTES: int(32 * 1024 * 1024, 1024 * 1024, 256 * 1024 * 1024),
  DECNET_ENROLL_TOKEN_TTL_MINUTES: int(60, 1, 60 * 24 * 7),
  DECNET_EVENTS_RETENTION_DAYS: int(30, 0, 36_500),
  DECNET_EVENTS_MAX_ROWS: int(10_000_000, 0, 2_000_000_000),
  DECNET_MAINTENANCE_INTERVAL_SECONDS: int(600, 10, 86_400),
  /** Most deckies one host may run (flat and topology deckies together); topology validation enforces it. */
  DECNET_MAX_DECKIES_PER_HOST: int(512, 1, 4096),
  DECNET_ADMIN_USER: z.string().min(1).max(64).default('admin'),
  DECNET_ADMIN_PASSWORD: z.string().min(12).max(256).optional(),
});

export type RawConfig = z.input<typeof configSchema>;

export interface AppConfig {
  jwtSecret: string;
  jwtTtlMinutes: number;
  corsOrigins: string[];
  bodyLimitBytes: number;
  login: { windowMs: number; maxPerIp: number; maxPerUser: number };
  admin: { username: string; password?: string };
  /** Base URL printed in install commands; defaults to the URL of the admin's request. */
  publicUrl?: string;
  agentBodyLimitBytes: number;
  enrollTokenTtlMinutes: number;
  /** Raw-event retention (0 = unlimited); aggregates are never deleted by it. */
  retention: { maxAgeDays: number; maxRows: number; intervalMs: number };
  /** Most deckies one host may run; topologies beyond it are refused (422). */
  maxDeckiesPerHost: number;
}

/** Parses and validates configuration; throws an Error listing every bad variable. */
export function parseConfig(raw: Record<string, string | undefined>): AppConfig {
  const res = configSchema.safeParse(raw);
  if (!res.success) {
    const lines = res.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid control-plane configuration:\n  ${lines.join('\n  ')}`);
  }
  const c = res.data;
  return {
    jwtSecret: c.DECNET_JWT_SECRET,
    jwtTtlMinutes: c.DECNET_JWT_TTL_MINUTES,
    corsOrigins: c.DECNET_CORS_ORIGINS,
    bodyLimitBytes: c.DECNET_BODY_LIMIT_BYTES,
    login: {
      windowMs: c.DECNET_LOGIN_WINDOW_SECONDS * 1000,
      maxPerIp: c.DECNET_LOGIN_MAX_PER_IP,
      maxPerUser: c.DECNET_LOGIN_MAX_PER_USER,
    },
    admin: { username: c.DECNET_ADMIN_USER, password: c.DECNET_ADMIN_PASSWORD },
    publicUrl: c.DECNET_PUBLIC_URL?.replace(/\/+$/, ''),
    agentBodyLimitBytes: c.DECNET_AGENT_BODY_LIMIT_BYTES,
    enrollTokenTtlMinutes: c.DECNET_ENROLL_TOKEN_TTL_MINUTES,
    retention: { maxAgeDays: c.DECNET_EVENTS_RETENTION_DAYS, maxRows: c.DECNET_EVENTS_MAX_ROWS, intervalMs: c.DECNET_MAINTENANCE_INTERVAL_SECONDS * 1000 },
    maxDeckiesPerHost: c.DECNET_MAX_DECKIES_PER_HOST,
  };
}
