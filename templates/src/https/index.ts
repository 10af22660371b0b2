// The https template: the http template's sessions behind TLS (the runner terminates TLS because
// `tls` is set, with a certificate for `tls_cn` or the supplied tls_cert/tls_key).
import { z } from 'zod';
import { createHttpSession, httpConfigSchema } from '../http';
import { defineService } from '../service';
import type { Template } from '../template';

export const httpsConfigSchema = httpConfigSchema.extend({
  /** Certificate subject CN when the runner self-signs (default: the persona's FQDN). */
  tls_cn: z.string().min(1).max(253).regex(/^[A-Za-z0-9*.-]+$/).optional(),
  /** PEM certificate and key; the runner uses them instead of a self-signed pair. */
  tls_cert: z.string().max(64 * 1024).optional(),
  tls_key: z.string().max(64 * 1024).optional(),
  /** DECNET's HTTP/3 switch; not served (HTTP/1.1 only). */
  'http/3': z.union([z.boolean(), z.string()]).optional(),
});

export type HttpsConfig = z.infer<typeof httpsConfigSchema>;

export const httpsTemplate: Template<HttpsConfig> = {
  name: 'https',
  defaultPorts: [443],
  tls: true,
  configSchema: httpsConfigSchema,
  createSession: (stream, ctx) => createHttpSession(stream, ctx, { scheme: 'https' }),
};

export const httpsService = defineService({
  template: httpsTemplate,
  description: 'The http service behind TLS with a persona certificate',
  // The web server that serves http serves https: same Server header, same daemons.
  persona: () => ({}),
  daemonOf: 'http',
  smoke: { send: 'HEAD / HTTP/1.0\r\n\r\n', expect: (): string => 'HTTP/1.1 ' },
});
