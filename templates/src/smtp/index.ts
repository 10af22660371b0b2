// The smtp template: an ESMTP server phrased like the persona's MTA (Postfix, Exim or Sendmail)
// that captures AUTH credentials and the messages attackers try to send.
import { defineService } from '../service';
import type { Template } from '../template';
import { mtaProcesses, smtpPersona } from './persona';
import { smtpConfigSchema, type SmtpConfig } from './config';
import { createSmtpSession } from './session';

export const smtpTemplate: Template<SmtpConfig> = {
  name: 'smtp',
  // 465: submissions (implicit TLS, RFC 8314), which Postfix's master.cf offers next to 587.
  defaultPorts: [25, 587, 465],
  tlsPorts: [465],
  configSchema: smtpConfigSchema,
  createSession: createSmtpSession,
};

export const smtpService = defineService({
  template: smtpTemplate,
  description: 'Postfix/Exim/Sendmail ESMTP (STARTTLS, SMTPS): AUTH capture and the messages attackers try to send',
  persona: smtpPersona,
  processes: mtaProcesses,
  smoke: { expect: (p): string => p.services.smtp.banner },
});

export type { SmtpConfig } from './config';
