// The bait mailbox shared by imap and pop3: ~10 RFC 5322 messages seeded from the persona (and the
// `email_seed` config key), addressed to the bait account at the persona's domain, dated before the
// decky booted. Built once per (persona, seed, owner) and cached; sessions copy only the flags.
import { createHash } from 'node:crypto';
import { FIRST_NAMES, LAST_NAMES } from '../persona/names';
import { rngFor } from '../persona/rng';
import type { Persona } from '../persona/types';
import { writeLetters, type Bait } from './letters';
import { person, type Person } from './people';

export interface MailMessage {
  /** 1-based sequence number in INBOX. */
  seq: number;
  uid: number;
  raw: Buffer;
  header: Buffer;
  text: Buffer;
  internalDate: Date;
  /** Seen before the attacker came. */
  seen: boolean;
  subject: string;
  from: Person;
  to: Person;
  messageId: string;
  baits: Bait[];
}

export interface Mailbox {
  owner: Person;
  uidValidity: number;
  messages: MailMessage[];
  /** Every bait value in the mailbox (a credential seen later elsewhere can be matched by value). */
  baits: Bait[];
}

const cache = new Map<string, Mailbox>();
const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** The owner's display name agrees with the login ("maria.rossi", "mrossi", "maria") where it can. */
function ownerPerson(seeded: Person, user: string, domain: string): Person {
  const address = `${user}@${domain}`;
  const dotted = /^([a-z]+)[._-]([a-z]+)$/i.exec(user);
  if (dotted) return { first: dotted[1] ?? '', last: dotted[2] ?? '', display: `${cap(dotted[1] ?? '')} ${cap(dotted[2] ?? '')}`, address };
  const initial = /^([a-z])([a-z]{3,})$/i.exec(user);
  if (initial && LAST_NAMES.includes(initial[2]?.toLowerCase() as (typeof LAST_NAMES)[number])) {
    const first = FIRST_NAMES.find((f) => f.startsWith((initial[1] ?? '').toLowerCase()) && f >= seeded.first) ?? FIRST_NAMES.find((f) => f.startsWith((initial[1] ?? '').toLowerCase())) ?? seeded.first;
    return { first, last: initial[2] ?? '', display: `${cap(first)} ${cap(initial[2] ?? '')}`, address };
  }
  if (FIRST_NAMES.includes(user.toLowerCase() as (typeof FIRST_NAMES)[number])) return { ...seeded, first: user, display: `${cap(user)} ${cap(seeded.last)}`, address };
  return { ...seeded, address };
}
const CACHE_MAX = 32;

/** RFC 5322 §3.3 date-time, e.g. "Tue, 7 May 2024 09:14:03 +0000". */
export function rfc5322Date(d: Date): string {
  return d.toUTCString().replace(/ GMT$/, ' +0000').replace(/^(\w{3}), 0?(\d{1,2})/, '$1, $2');
}

function crlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

export function buildMailbox(persona: Persona, ownerUser: string, emailSeed?: string): Mailbox {
  const key = `${persona.seed}|${persona.domain}|${ownerUser}|${emailSeed ?? ''}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const seed = createHash('sha256').update(`mail:${persona.seed}:${emailSeed ?? ''}`).digest('hex');
  const rng = rngFor(seed, 'mailbox');
  const domain = persona.domain === 'localdomain' ? `${persona.hostname}.localdomain` : persona.domain;
  const fqdn = `${persona.hostname}.${persona.domain}`;
  const owner = ownerPerson(person(rng, domain, 'first'), ownerUser, domain);
  const boot = persona.shell.bootedAtMs;
  const year = new Date(boot).getUTCFullYear();
  const letters = writeLetters({ rng, domain, hostname: persona.hostname, owner, year });
  const uidValidity = Math.floor(boot / 1000) - rng.int(86_400 * 200, 86_400 * 900);
  const messages: MailMessage[] = letters.map((l, i) => {
    const date = new Date(boot - l.daysBefore * 86_400_000 - rng.int(0, 36_000) * 1000);
    const received = new Date(date.getTime() + rng.int(1, 4) * 1000);
    const stamp = date.toISOString().replace(/\D/g, '').slice(0, 14);
    const messageId = `${stamp}.${rng.hex(12).toUpperCase()}@${l.from.address.split('@')[1] ?? domain}`;
    const queue = rng.hex(10).toUpperCase();
    const header = crlf([
      `Return-Path: <${l.from.address}>`,
      `Delivered-To: ${owner.address}`,
      `Received: from mail.${domain} (mail.${domain} [10.${rng.int(0, 254)}.${rng.int(0, 254)}.${rng.int(2, 250)}])`,
      `\tby ${fqdn} (Postfix) with ESMTPS id ${queue}`,
      `\tfor <${owner.address}>; ${rfc5322Date(received)}`,
      `Message-ID: <${messageId}>`,
      `Date: ${rfc5322Date(date)}`,
      `From: ${l.from.display} <${l.from.address}>`,
      `To: ${owner.display} <${owner.address}>`,
      `Subject: ${l.subject}`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=UTF-8',
      'Content-Transfer-Encoding: 7bit',
      '', '',
    ].join('\n'));
    const text = crlf(l.body);
    const raw = Buffer.from(header + text, 'utf8');
    return {
      seq: i + 1, uid: i + 1, raw, header: Buffer.from(header, 'utf8'), text: Buffer.from(text, 'utf8'), internalDate: received,
      seen: i < letters.length - 3, subject: l.subject, from: l.from, to: owner, messageId, baits: l.baits,
    };
  });
  const box: Mailbox = { owner, uidValidity, messages, baits: messages.flatMap((m) => m.baits) };
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value ?? '');
  cache.set(key, box);
  return box;
}

/** The bait id whose value equals `secret` (an attacker reusing a bait credential), if any. */
export function baitMatching(box: Mailbox, secret: string): Bait | undefined {
  if (secret.length < 6) return undefined;
  return box.baits.find((b) => b.value === secret || b.value.split(':').includes(secret));
}
