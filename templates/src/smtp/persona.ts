// The smtp persona part: the 220 greeting (FQDN and MTA text of the persona's Postfix, Exim or
// Sendmail build, or Microsoft's on Windows) and the MTA's daemons in `ps`.
import type { ShellProcessSeed } from '../_shell/persona';
import { configValue, type Mta, type PersonaBasis } from '../service';

export interface SmtpPersona {
  /** Host part and MTA of the 220 greeting, e.g. "mail.corp.local ESMTP Postfix (Ubuntu)" */
  banner: string;
  mta: Mta;
}

const MTA_GREETING: Record<string, Partial<Record<Mta, string>>> = {
  debian: { exim: 'ESMTP Exim 4.96', sendmail: 'ESMTP Sendmail 8.17.1.9/8.17.1.9' },
  ubuntu22: { exim: 'ESMTP Exim 4.95 Ubuntu', sendmail: 'ESMTP Sendmail 8.15.2/8.15.2/Debian-22ubuntu3' },
  ubuntu20: { exim: 'ESMTP Exim 4.93 Ubuntu', sendmail: 'ESMTP Sendmail 8.15.2/8.15.2/Debian-18' },
};

function derived(b: PersonaBasis): SmtpPersona {
  if (b.foreign === 'bsd' || b.foreign === 'cisco') return { banner: `${b.fqdn} ESMTP Postfix`, mta: 'postfix' };
  // The MTA types know Postfix, Exim and Sendmail only; a Windows decky keeps Microsoft's greeting text.
  if (b.foreign) return { banner: `${b.fqdn} Microsoft ESMTP MAIL Service ready`, mta: 'sendmail' };
  const text = b.mta === 'postfix' ? b.release.postfixGreeting : MTA_GREETING[b.release.slug]?.[b.mta] ?? (b.mta === 'exim' ? 'ESMTP Exim 4.96' : 'ESMTP Sendmail 8.17.1/8.17.1');
  return { banner: `${b.fqdn} ${text}`, mta: b.mta };
}

export function smtpPersona(b: PersonaBasis): SmtpPersona {
  const p = derived(b);
  const banner = configValue(b, 'smtp', 'banner') ?? configValue(b, 'smtp_relay', 'banner');
  return banner ? { ...p, banner } : p;
}

export function mtaProcesses(b: PersonaBasis): ShellProcessSeed[] {
  if (b.mta === 'exim') return [{ user: 'Debian-exim', command: '/usr/sbin/exim4 -bd -q30m' }];
  if (b.mta === 'sendmail') return [{ user: 'root', command: 'sendmail: MTA: accepting connections' }, { user: 'smmsp', command: 'sendmail: MSP: Queue runner@01:00:00 for /var/spool/clientmqueue' }];
  const master = b.release.family === 'debian' ? '/usr/lib/postfix/sbin/master -w' : '/usr/libexec/postfix/master -w';
  return [{ user: 'root', command: master }, { user: 'postfix', command: 'qmgr -l -t unix -u' }, { user: 'postfix', command: 'pickup -l -t unix -u -c' }];
}
