// The smtp template: an ESMTP server phrased like the persona's MTA (Postfix, Exim or Sendmail)
// that captures AUTH credentials and the messages attackers try to send.
import type { Template } from '../template';
import { smtpConfigSchema, type SmtpConfig } from './config';
import { createSmtpSession } from './session';

export const smtpTemplate: Template<SmtpConfig> = {
  name: 'smtp',
  defaultPorts: [25, 587],
  configSchema: smtpConfigSchema,
  createSession: createSmtpSession,
};

export type { SmtpConfig } from './config';
