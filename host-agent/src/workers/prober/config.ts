// The prober's configuration section (agent config `prober`): off by default; limits on rate,
// concurrency, time and memory; allow/deny CIDR lists (see policy.ts for the order they apply in).
import { z } from 'zod';
import { parseCidr } from './policy';

const cidr = z.string().max(64).refine((s) => parseCidr(s) !== undefined, 'not an IP address or CIDR');
/** An allow entry unlocks protected ranges, so it may not be broader than /8 (IPv4) or /16 (IPv6). */
const allowCidr = cidr.refine((s) => {
  const c = parseCidr(s);
  return c !== undefined && c.bits >= (c.v6 ? 16 : 8);
}, 'allow entries must be /8 (IPv4) or /16 (IPv6) or narrower');

export const DEFAULT_PROBE_PORTS = [22, 80, 443, 8080, 8443, 3389, 445];

export const ProberConfigSchema = z.object({
  enabled: z.boolean().default(false),
  /** An address is probed on first sight, then at most once per period. */
  periodS: z.number().int().min(1).max(30 * 86_400).default(86_400),
  ports: z.array(z.number().int().min(1).max(65_535)).min(1).max(64).default(DEFAULT_PROBE_PORTS),
  /** Addresses probed at the same time. */
  concurrency: z.number().int().min(1).max(64).default(4),
  /** Per connection (connect + answer); a whole probe is bounded by a multiple of it. */
  timeoutMs: z.number().int().min(100).max(60_000).default(5000),
  /** Probes started per minute across all addresses. */
  ratePerMinute: z.number().int().min(1).max(600).default(20),
  allow: z.array(allowCidr).max(256).default([]),
  deny: z.array(cidr).max(4096).default([]),
  /** Seen-address table cap (oldest dropped first) and waiting-queue cap. */
  maxTracked: z.number().int().min(16).max(1_048_576).default(65_536),
  maxQueued: z.number().int().min(1).max(65_536).default(1024),
});
export type ProberConfig = z.infer<typeof ProberConfigSchema>;
