// Server side of a SCRAM-SHA-1 / SCRAM-SHA-256 conversation (RFC 5802 §5, RFC 7677) as mongod runs
// it: client-first parsing (gs2 header, saslname escapes), the server-first message with a per-decky
// stable salt per user and mongod's default iteration counts, and the client-final proof, kept with
// everything an offline cracker needs (salt, iterations, the whole AuthMessage).
import { createHmac, randomBytes } from 'node:crypto';

export type ScramMechanism = 'SCRAM-SHA-1' | 'SCRAM-SHA-256';

export const SCRAM_MECHANISMS: readonly ScramMechanism[] = ['SCRAM-SHA-1', 'SCRAM-SHA-256'];

/** mongod's scramIterationCount / scramSHA256IterationCount defaults. */
export const ITERATIONS: Readonly<Record<ScramMechanism, number>> = { 'SCRAM-SHA-1': 10_000, 'SCRAM-SHA-256': 15_000 };
/** Salt length is the hash length minus 4 (mongo's scram::Secrets). */
const SALT_BYTES: Readonly<Record<ScramMechanism, number>> = { 'SCRAM-SHA-1': 16, 'SCRAM-SHA-256': 28 };

export interface ClientFirst {
  gs2: string;
  bare: string;
  user: string;
  nonce: string;
}

export interface ScramState {
  mechanism: ScramMechanism;
  user: string;
  clientFirstBare: string;
  serverFirst: string;
  clientNonce: string;
  serverNonce: string;
  salt: Buffer;
  iterations: number;
}

export interface ClientFinal {
  withoutProof: string;
  nonce: string;
  proof: Buffer;
}

const MAX_MESSAGE = 2048;

/** RFC 5802 §5.1 saslname: "=2C" is ',' and "=3D" is '='. */
function unescapeName(s: string): string {
  return s.replace(/=2C/g, ',').replace(/=3D/g, '=');
}

function attrs(s: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const part of s.split(',')) {
    const eq = part.indexOf('=');
    if (eq === 1 && !m.has(part[0] ?? '')) m.set(part[0] ?? '', part.slice(2));
  }
  return m;
}

/** "n,,n=user,r=nonce" (or "y,," / "p=..."); null when it is not a client-first message. */
export function parseClientFirst(payload: Uint8Array): ClientFirst | null {
  if (payload.length > MAX_MESSAGE) return null;
  const text = Buffer.from(payload).toString('utf8');
  const m = /^([nyp](?:=[^,]*)?),([^,]*),(.*)$/s.exec(text);
  if (!m) return null;
  const bare = m[3] ?? '';
  const a = attrs(bare);
  const user = a.get('n');
  const nonce = a.get('r');
  if (user === undefined || !nonce) return null;
  return { gs2: `${m[1] ?? ''},${m[2] ?? ''},`, bare, user: unescapeName(user), nonce };
}

/** A user's salt is fixed on a real server: derive it per decky, mechanism and user name. */
export function userSalt(seed: string, mechanism: ScramMechanism, user: string): Buffer {
  return createHmac('sha256', seed).update(`${mechanism}\0${user}`).digest().subarray(0, SALT_BYTES[mechanism]);
}

export function serverFirst(mechanism: ScramMechanism, first: ClientFirst, seed: string): ScramState {
  // mongod: 24 random bytes, base64, appended to the client nonce.
  const serverNonce = randomBytes(24).toString('base64');
  const salt = userSalt(seed, mechanism, first.user);
  const iterations = ITERATIONS[mechanism];
  const text = `r=${first.nonce}${serverNonce},s=${salt.toString('base64')},i=${iterations}`;
  return { mechanism, user: first.user, clientFirstBare: first.bare, serverFirst: text, clientNonce: first.nonce, serverNonce, salt, iterations };
}

/** "c=biws,r=nonce,p=proof"; null when malformed. */
export function parseClientFinal(payload: Uint8Array): ClientFinal | null {
  if (payload.length > MAX_MESSAGE) return null;
  const text = Buffer.from(payload).toString('utf8');
  const at = text.lastIndexOf(',p=');
  if (at < 0) return null;
  const withoutProof = text.slice(0, at);
  const nonce = attrs(withoutProof).get('r');
  const proofB64 = text.slice(at + 3);
  if (nonce === undefined || !/^[A-Za-z0-9+/]+={0,2}$/.test(proofB64)) return null;
  return { withoutProof, nonce, proof: Buffer.from(proofB64, 'base64') };
}

export function authMessage(s: ScramState, f: ClientFinal): string {
  return `${s.clientFirstBare},${s.serverFirst},${f.withoutProof}`;
}

/**
 * The secret: everything needed to test a password offline, `$mongodb-scram$<mech>$<iterations>$
 * <salt b64>$<AuthMessage b64>$<ClientProof b64>` (SCRAM-SHA-1 hashes MD5("user:mongo:pw") first).
 */
export function crackLine(s: ScramState, f: ClientFinal): string {
  const am = Buffer.from(authMessage(s, f), 'utf8').toString('base64');
  return `$mongodb-scram$${s.mechanism}$${s.iterations}$${s.salt.toString('base64')}$${am}$${f.proof.toString('base64')}`;
}
