// DNS COOKIE (RFC 7873) with the interoperable server cookie layout of RFC 9018 §4 (version 1,
// reserved, timestamp, 8-byte MAC over client cookie, header and client address). A source that
// returns a valid server cookie has shown it receives at its address, so it is not a spoofed victim.
import { createHmac, randomBytes } from 'node:crypto';

export const COOKIE_OPTION = 10;
/** RFC 7873 §5.2.3 / RFC 9018 §4.3: a server cookie is accepted for an hour (and 5 min of clock skew). */
const MAX_AGE_S = 3600;
const SKEW_S = 300;

/** One secret per decky (keyed by its persona object), so UDP and TCP listeners agree; never persisted. */
const secrets = new WeakMap<object, Buffer>();

export function cookieSecret(owner: object): Buffer {
  let s = secrets.get(owner);
  if (!s) {
    s = randomBytes(32);
    secrets.set(owner, s);
  }
  return s;
}

export type CookieCheck = { kind: 'malformed' } | { kind: 'ok'; client: Buffer; valid: boolean };

function mac(secret: Buffer, client: Uint8Array, head: Uint8Array, ip: string): Buffer {
  return createHmac('sha256', secret).update(client).update(head).update(ip).digest().subarray(0, 8);
}

/** RFC 7873 §5.2.2: option length 8 (client only) or 16-40 (client + server); anything else is FORMERR. */
export function checkCookie(secret: Buffer, data: Uint8Array, ip: string, nowS: number): CookieCheck {
  if (data.length !== 8 && (data.length < 16 || data.length > 40)) return { kind: 'malformed' };
  const client = Buffer.from(data.subarray(0, 8));
  if (data.length !== 24 || data[8] !== 1) return { kind: 'ok', client, valid: false };
  const head = data.subarray(8, 16);
  const ts = Buffer.from(head).readUInt32BE(4);
  const fresh = ts <= nowS + SKEW_S && nowS - ts <= MAX_AGE_S;
  return { kind: 'ok', client, valid: fresh && mac(secret, client, head, ip).equals(Buffer.from(data.subarray(16, 24))) };
}

/** Client cookie followed by a fresh 16-byte server cookie for this address. */
export function cookieReply(secret: Buffer, client: Uint8Array, ip: string, nowS: number): Buffer {
  const head = Buffer.alloc(8);
  head[0] = 1;
  head.writeUInt32BE(nowS >>> 0, 4);
  return Buffer.concat([client, head, mac(secret, client, head, ip)]);
}
