// SIP Digest (RFC 3261 §22.4 over RFC 2617 §3.2): challenges with a random nonce per challenge in
// the persona stack's format, bounded parsing of Authorization / Proxy-Authorization, and the
// hashcat -m 11400 line ($sip$) that lets a captured response be checked against guesses offline.
import { randomBytes } from 'node:crypto';
import type { SipStack } from './persona';

export interface DigestParams {
  username: string;
  realm: string;
  nonce: string;
  uri: string;
  response: string;
  algorithm: string;
  qop: string;
  nc: string;
  cnonce: string;
  opaque: string;
}

const MAX_VALUE = 512;
const MAX_PARAMS = 16;

/** `Digest k="v", k2=v2`; undefined unless the scheme is Digest with a username and a response. */
export function parseDigest(header: string): DigestParams | undefined {
  const m = /^\s*Digest\s+(.*)$/is.exec(header.slice(0, 4096));
  if (!m) return undefined;
  const params = new Map<string, string>();
  const re = /\s*([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,"]*))\s*(?:,|$)/gy;
  let hit: RegExpExecArray | null;
  while (params.size < MAX_PARAMS && (hit = re.exec(m[1]!)) !== null) {
    if (hit[0] === '') break;
    params.set(hit[1]!.toLowerCase(), (hit[2] ?? hit[3] ?? '').replace(/\\(.)/g, '$1').slice(0, MAX_VALUE));
  }
  const g = (k: string): string => params.get(k) ?? '';
  if (!params.has('username') || !params.has('response')) return undefined;
  return { username: g('username'), realm: g('realm'), nonce: g('nonce'), uri: g('uri'), response: g('response'), algorithm: g('algorithm') || 'MD5', qop: g('qop'), nc: g('nc'), cnonce: g('cnonce'), opaque: g('opaque') };
}

export interface Challenge {
  nonce: string;
  header: string;
}

/** res_pjsip: `<epoch>/<md5 hex>`, opaque, algorithm=md5, qop="auth"; chan_sip: 8 hex digits, no qop. */
export function makeChallenge(stack: SipStack, realm: string, nowMs: number): Challenge {
  if (stack === 'chan_sip') {
    const nonce = randomBytes(4).toString('hex');
    return { nonce, header: `Digest algorithm=MD5, realm="${realm}", nonce="${nonce}"` };
  }
  const nonce = `${Math.floor(nowMs / 1000)}/${randomBytes(16).toString('hex')}`;
  return { nonce, header: `Digest realm="${realm}",nonce="${nonce}",opaque="${randomBytes(8).toString('hex')}",algorithm=md5,qop="auth"` };
}

/** Strips the `*` separators hashcat would split on. */
const field = (s: string): string => s.replaceAll('*', '');

/**
 * hashcat -m 11400: $sip$*server*client*user*realm*method*uri_prefix*uri_resource*uri_suffix*nonce*cnonce*nc*qop*MD5*response.
 * The URI is split at its first colon (prefix "sip", resource the rest) so hashcat rebuilds it exactly.
 */
export function hashcatLine(d: DigestParams, method: string, server: string, client: string): string {
  const i = d.uri.indexOf(':');
  const [prefix, resource] = i > 0 ? [d.uri.slice(0, i), d.uri.slice(i + 1)] : ['', d.uri];
  return ['$sip$', server, client, d.username, d.realm, method, prefix, resource, '', d.nonce, d.cnonce, d.nc, d.qop, 'MD5', d.response].map(field).join('*');
}

/** Nonces this decky issued (bounded, oldest forgotten first): a response to any other is a replay or forgery. */
export class NonceBook {
  private readonly issued = new Set<string>();

  constructor(private readonly max = 4096) {}

  add(nonce: string): void {
    if (this.issued.size >= this.max) this.issued.delete(this.issued.values().next().value as string);
    this.issued.add(nonce);
  }

  has(nonce: string): boolean {
    return this.issued.has(nonce);
  }
}
