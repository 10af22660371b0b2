// Config of the dns template: DECNET's INI keys (inventory §1.3). `zone_mode` auth (default) refuses
// recursion; recursive/open set RA and answer other names SERVFAIL (templates have no egress, so the
// real-recursion keys `real_recursive`, `upstream`, `forward_budget`, `forward_window`, `state_path` are accepted and ignored).
import { z } from 'zod';

const flag = z.union([z.boolean(), z.string().trim().toLowerCase()]).transform((v) => v === true || v === 'true' || v === '1' || v === 'yes' || v === 'on');
const hostname = /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.?$/i;

export const dnsConfigSchema = z
  .object({
    zone_mode: z.enum(['auth', 'recursive', 'open']).default('auth'),
    /** The zone this server is authoritative for; default the persona's domain. */
    domain: z.string().trim().max(253).regex(hostname, 'expected a domain name').optional(),
    /** version.bind text; default the persona's BIND build. `none` hides it as `version none;` does. */
    bind_version: z.string().trim().min(1).max(128).regex(/^[\x20-\x7e]+$/).optional(),
    /** NSID (RFC 5001) and id.server text; default the persona's hostname (`server-id hostname;`). */
    nsid: z.string().trim().min(1).max(64).regex(/^[\x20-\x7e]+$/).optional(),
    /**
     * Extra zone records, one per line or `;`-separated: `name TYPE value` with TYPE A, AAAA, CNAME,
     * MX ("10 mail"), TXT or NS; names are relative to the zone unless they end with a dot.
     */
    extra_records: z.string().max(8192).optional(),
    real_recursive: flag.default(false),
    upstream: z.string().max(64).optional(),
    forward_budget: z.coerce.number().int().min(0).max(100_000).optional(),
    forward_window: z.coerce.number().min(0).max(3600).optional(),
    state_path: z.string().max(512).optional(),
  })
  .strip();

export type DnsConfig = z.infer<typeof dnsConfigSchema>;
