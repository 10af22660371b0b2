// The smtp_relay template: the smtp session in open-relay mode (any recipient, any AUTH), which stores
// every probe and, when configured, lets the runner deliver the first `max_deliveries` probes through
// the smarthost so relay testers see success (DECNET's smtp_relay service and orchestrator driver).
import { defineService } from '../service';
import { mtaProcesses, smtpPersona } from '../smtp/persona';
import { createSmtpSession } from '../smtp/session';
import type { Template } from '../template';
import { relayOutbound, smtpRelayConfigSchema, type SmtpRelayConfig } from './config';

export const smtpRelayTemplate: Template<SmtpRelayConfig> = {
  name: 'smtp_relay',
  defaultPorts: [25, 587],
  configSchema: smtpRelayConfigSchema,
  outbound: relayOutbound,
  createSession: (stream, ctx) => createSmtpSession(stream, ctx, { relay: true }),
};

export const smtpRelayService = defineService({
  template: smtpRelayTemplate,
  description: 'Open SMTP relay: stores probe mail; can deliver a configured number of probes via a smarthost',
  persona: smtpPersona,
  daemonOf: 'smtp',
  processes: mtaProcesses,
  smoke: { expect: (p): string => p.services.smtp_relay.banner },
});

export type { SmtpRelayConfig } from './config';
