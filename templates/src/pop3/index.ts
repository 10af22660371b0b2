// The pop3 template: a Dovecot-like POP3 server (STLS on 110, implicit TLS on 995) over the same
// seeded bait mailbox as imap; the bait account logs in, other logins fail as Dovecot's do.
import { dovecotPersona } from '../_mail/dovecot';
import { defineService } from '../service';
import type { Template } from '../template';
import { pop3ConfigSchema, type Pop3Config } from './config';
import { createPop3Session } from './session';

export const pop3Template: Template<Pop3Config> = {
  name: 'pop3',
  defaultPorts: [110, 995],
  tlsPorts: [995],
  configSchema: pop3ConfigSchema,
  createSession: createPop3Session,
};

export const pop3Service = defineService({
  template: pop3Template,
  description: 'Dovecot POP3 (STLS, POP3S): login capture, RETR of the seeded bait mailbox',
  persona: dovecotPersona,
  daemonOf: 'imap',
  smoke: { expect: (p): string => `+OK ${p.services.pop3.greeting}` },
});

export type { Pop3Config } from './config';
