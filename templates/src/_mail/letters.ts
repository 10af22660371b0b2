// The bait letters of one mailbox: a handover note with VPN and database passwords, an ops mail with
// an AWS key pair, invoices, a password-reset link, IT notices. Text and values are seeded per decky;
// every credential-like value is a bait with an id, so its later use anywhere can be recognised.
import type { Rng } from '../persona/rng';
import { awsKeyPair, person, strongSecret, vendor, weakPassword, type Person } from './people';

export type BaitKind = 'vpn_password' | 'db_password' | 'aws_access_key' | 'reset_token' | 'wifi_password' | 'iban';

export interface Bait {
  id: string;
  kind: BaitKind;
  value: string;
}

export interface Letter {
  from: Person;
  subject: string;
  /** Days before the decky's boot. */
  daysBefore: number;
  body: string;
  baits: Bait[];
}

export interface LetterContext {
  rng: Rng;
  domain: string;
  hostname: string;
  owner: Person;
  year: number;
}

const money = (rng: Rng): string => `${rng.int(400, 18_000).toLocaleString('en-US')}.${String(rng.int(0, 99)).padStart(2, '0')}`;

export function writeLetters(c: LetterContext): Letter[] {
  const { rng, domain, owner } = c;
  const bait = (kind: BaitKind, value: string): Bait => ({ id: `bait-${rng.hex(10)}`, kind, value });
  const it = person(rng, domain, 'dot');
  const ops = person(rng, domain, 'initial');
  const lead = person(rng, domain, 'dot');
  const finance = person(rng, domain, 'dot');
  const v1 = vendor(rng);
  const v2 = vendor(rng);
  const db = `db${String(rng.int(1, 4)).padStart(2, '0')}.${domain}`;
  const vpn = bait('vpn_password', weakPassword(rng, c.year));
  const dbPass = bait('db_password', strongSecret(rng, 18));
  const aws = awsKeyPair(rng);
  const awsBait = bait('aws_access_key', `${aws.keyId}:${aws.secret}`);
  const token = bait('reset_token', rng.hex(32));
  const wifi = bait('wifi_password', weakPassword(rng, c.year));
  const iban = bait('iban', `GB${rng.int(10, 99)}NWBK${rng.int(100000, 999999)}${rng.int(10000000, 99999999)}`);
  const bucket = `${domain.split('.')[0] ?? 'corp'}-backups-${rng.hex(6)}`;
  const inv1 = `INV-${c.year}-${rng.int(1000, 9999)}`;
  const inv2 = `${rng.int(100000, 999999)}`;
  const sign = (p: Person): string => `\n\n--\n${p.display}\n`;

  return [
    {
      from: it, subject: 'Scheduled maintenance: mail and VPN gateway', daysBefore: 41, baits: [],
      body: `Hi all,\n\nthe mail server and the VPN gateway will be patched on Saturday between 06:00 and 09:00.\nExpect short interruptions. No action is needed on your side.\n\nThanks,${sign(it)}`,
    },
    {
      from: { ...person(rng, v1.domain, 'first'), display: `${v1.name} Accounts` },
      subject: `Invoice ${inv1}`, daysBefore: 33, baits: [iban],
      body: `Dear customer,\n\nplease find below invoice ${inv1} for services rendered.\n\nAmount due: EUR ${money(rng)}\nDue date: 30 days from invoice date\nBank: NatWest, IBAN ${iban.value}\n\nKind regards,\n${v1.name}\n`,
    },
    {
      from: lead, subject: 'Handover notes - on-call week', daysBefore: 27, baits: [vpn, dbPass],
      body: `Hi ${owner.display.split(' ')[0]},\n\nas discussed, here is what you need for the on-call week.\n\nVPN: vpn.${domain}\n  user: ${owner.address.split('@')[0]}\n  password: ${vpn.value}\n\nProduction DB (${db}, port 5432)\n  user: app_rw\n  password: ${dbPass.value}\n\nThe runbook is on the wiki. Call me if the backup job fails again.${sign(lead)}`,
    },
    {
      from: finance, subject: `Re: Invoice ${inv2} overdue`, daysBefore: 22, baits: [],
      body: `Hi,\n\n${v2.name} says invoice ${inv2} (EUR ${money(rng)}) is still open. Can you confirm the PO so I can release the payment this week?\n\nThanks${sign(finance)}`,
    },
    {
      from: ops, subject: 'New deploy keys for the backup bucket', daysBefore: 18, baits: [awsBait],
      body: `Hi,\n\nthe old keys were rotated. New credentials for s3://${bucket} (eu-west-1):\n\naws_access_key_id = ${aws.keyId}\naws_secret_access_key = ${aws.secret}\n\nPlease update /etc/backup/aws.env on ${c.hostname} and delete this mail afterwards.${sign(ops)}`,
    },
    {
      from: { ...person(rng, domain, 'first'), display: 'IT Service Desk', address: `noreply@${domain}` },
      subject: 'Password reset requested', daysBefore: 12, baits: [token],
      body: `A password reset was requested for your account (${owner.address}).\n\nUse the link below within 24 hours:\nhttps://sso.${domain}/reset?user=${owner.address.split('@')[0]}&token=${token.value}\n\nIf you did not request this, ignore this message.\n`,
    },
    {
      from: it, subject: 'Guest Wi-Fi password for this quarter', daysBefore: 9, baits: [wifi],
      body: `Hi all,\n\nthe guest network password changed.\nSSID: ${domain.split('.')[0]?.toUpperCase() ?? 'CORP'}-Guest\nPassword: ${wifi.value}\n\nPlease do not share it outside the office.${sign(it)}`,
    },
    {
      from: lead, subject: 'Quarterly infrastructure review', daysBefore: 6, baits: [],
      body: `Hi team,\n\nreminder: the quarterly review is on Thursday at 14:00. Please bring the capacity numbers for the storage cluster and the open incidents.${sign(lead)}`,
    },
    {
      from: it, subject: '[Action required] Mailbox quota almost full', daysBefore: 3, baits: [],
      body: `Your mailbox ${owner.address} is at 91% of its quota.\nPlease archive or delete old messages.\n\nIT Service Desk\n`,
    },
    {
      from: ops, subject: `Re: disk alert on ${c.hostname}`, daysBefore: 1, baits: [],
      body: `Cleaned up /var/log and rotated the journal, usage is back to 62%. I'll add a cron job for the old backups.${sign(ops)}`,
    },
  ];
}
