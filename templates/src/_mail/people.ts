// Seeded people and secrets for the bait mailbox: colleagues, vendors and credential-looking values
// drawn from one labelled stream per decky, so no two deckies show the same names or secrets (D9).
import { FIRST_NAMES, LAST_NAMES, ORG_WORDS, PASSWORD_WORDS } from '../persona/names';
import type { Rng } from '../persona/rng';

export interface Person {
  first: string;
  last: string;
  /** "Maria Rossi" */
  display: string;
  /** "m.rossi@corp.local" */
  address: string;
}

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

export function person(rng: Rng, domain: string, style: 'dot' | 'initial' | 'first'): Person {
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  const local = style === 'dot' ? `${first}.${last}` : style === 'initial' ? `${first[0] ?? 'x'}.${last}` : first;
  return { first, last, display: `${cap(first)} ${cap(last)}`, address: `${local}@${domain}` };
}

/** A password as users pick them ("Winter2024!", "Falcon#88"). */
export function weakPassword(rng: Rng, year: number): string {
  const word = rng.pick([...PASSWORD_WORDS, 'Falcon', 'Phoenix', 'Orion', 'Harbor', 'Matrix']);
  return rng.pick([`${word}${year}!`, `${word}#${rng.int(10, 99)}`, `${word}${rng.int(100, 999)}$`, `${word}_${year}`]);
}

/** A strong-looking generated secret (vault output, DB service account). */
export function strongSecret(rng: Rng, length: number): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  let s = '';
  for (let i = 0; i < length; i++) s += alphabet[rng.int(0, alphabet.length - 1)];
  return s;
}

/** AWS access key id (AKIA + 16 base32 characters) and a 40-character secret. */
export function awsKeyPair(rng: Rng): { keyId: string; secret: string } {
  const b32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const b64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let keyId = 'AKIA';
  for (let i = 0; i < 16; i++) keyId += b32[rng.int(0, 31)];
  let secret = '';
  for (let i = 0; i < 40; i++) secret += b64[rng.int(0, 63)];
  return { keyId, secret };
}

export function vendor(rng: Rng): { name: string; domain: string } {
  const word = rng.pick(ORG_WORDS);
  const kind = rng.pick(['Supplies', 'IT Services', 'Facilities', 'Networks', 'Office Solutions', 'Consulting']);
  return { name: `${cap(word)} ${kind} Ltd`, domain: `${word}-${kind.split(' ')[0]?.toLowerCase() ?? 'co'}.com` };
}
