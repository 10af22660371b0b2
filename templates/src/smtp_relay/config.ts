// Config schema of smtp_relay: the smtp keys plus the smarthost a probe may be delivered through
// (`smarthost` host:port, or DECNET's `upstream_host`/`upstream_port`) and the delivery budget
// (`max_deliveries`, or DECNET's `probe_limit`; 0 = never deliver, the default).
import { z } from 'zod';
import { smtpConfigSchema } from '../smtp/config';
import type { OutboundSmtp } from '../template';

const HOST = /^[A-Za-z0-9.-]{1,253}$|^\[?[0-9a-fA-F:.]{2,45}\]?$/;

export const smtpRelayConfigSchema = smtpConfigSchema.extend({
  smarthost: z.string().max(300).regex(/^[^\s:]+:\d{1,5}$|^\[[0-9a-fA-F:.]+\]:\d{1,5}$/, 'smarthost must be host:port').optional(),
  upstream_host: z.string().max(253).regex(HOST).optional(),
  upstream_port: z.coerce.number().int().min(1).max(65_535).default(25),
  max_deliveries: z.coerce.number().int().min(0).max(1000).optional(),
  probe_limit: z.coerce.number().int().min(0).max(1000).optional(),
});

export type SmtpRelayConfig = z.infer<typeof smtpRelayConfigSchema>;

/** The smarthost and budget the runner's relay capability enforces; undefined when delivery is off. */
export function relayOutbound(cfg: SmtpRelayConfig): OutboundSmtp | undefined {
  const budget = cfg.max_deliveries ?? cfg.probe_limit ?? 0;
  let host = cfg.upstream_host;
  let port = cfg.upstream_port;
  if (cfg.smarthost) {
    const i = cfg.smarthost.lastIndexOf(':');
    host = cfg.smarthost.slice(0, i).replace(/^\[|\]$/g, '');
    port = Number(cfg.smarthost.slice(i + 1));
  }
  if (!host || budget <= 0 || !(port >= 1 && port <= 65_535)) return undefined;
  return { host, port, maxDeliveries: budget };
}
