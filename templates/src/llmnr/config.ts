// Config of the llmnr detector: DECNET's llmnr has no INI keys; ours are the probe interval (0 turns
// the poisoner probes off), where probes go (default the LLMNR group and the NBNS broadcast), and
// `respond`, accepted for DECNET INI compatibility but never acted on (this service never answers).
import { z } from 'zod';

const endpoint = z
  .string()
  .trim()
  .max(64)
  .regex(/^(\d{1,3}(?:\.\d{1,3}){3}):(\d{1,5})$/, 'expected IPv4:port')
  .transform((s) => {
    const i = s.lastIndexOf(':');
    return { ip: s.slice(0, i), port: Number(s.slice(i + 1)) };
  })
  .refine((e) => e.port >= 1 && e.port <= 65535 && e.ip.split('.').every((o) => Number(o) <= 255), 'bad address or port');

const flag = z.union([z.boolean(), z.string().trim().toLowerCase()]).transform((v) => v === true || v === 'true' || v === '1' || v === 'yes' || v === 'on');

export const llmnrConfigSchema = z
  .object({
    /** Seconds between poisoner probes (jittered +-25%); 0 disables them. */
    probe_interval_s: z.coerce.number().min(0).max(86_400).default(60),
    /** Where LLMNR probes go (RFC 4795 §2: 224.0.0.252:5355). */
    probe_target_llmnr: endpoint.default({ ip: '224.0.0.252', port: 5355 }),
    /** Where NBNS name queries go (RFC 1002 §4.2.12: broadcast to UDP 137). */
    probe_target_nbns: endpoint.default({ ip: '255.255.255.255', port: 137 }),
    /** DECNET's key; accepted, never acted on: this detector does not answer. */
    respond: flag.default(false),
  })
  .strip();

export type LlmnrConfig = z.infer<typeof llmnrConfigSchema>;
