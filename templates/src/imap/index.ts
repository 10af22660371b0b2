// The imap template: a Dovecot-like IMAP4rev1 server (STARTTLS on 143, implicit TLS on 993) whose
// bait account really logs in and reads a mailbox seeded per persona; other logins fail as Dovecot's.
import { dovecotPersona, dovecotProcesses } from '../_mail/dovecot';
import { defineService } from '../service';
import type { Template } from '../template';
import { imapConfigSchema, type ImapConfig } from './config';
import { createImapSession } from './session';

export const imapTemplate: Template<ImapConfig> = {
  name: 'imap',
  defaultPorts: [143, 993],
  tlsPorts: [993],
  configSchema: imapConfigSchema,
  createSession: createImapSession,
};

export const imapService = defineService({
  template: imapTemplate,
  description: 'Dovecot IMAP (STARTTLS, IMAPS): login capture, a seeded bait mailbox for the persona account',
  persona: dovecotPersona,
  processes: dovecotProcesses,
  smoke: { expect: (p): string => p.services.imap.greeting },
});

export type { ImapConfig } from './config';
