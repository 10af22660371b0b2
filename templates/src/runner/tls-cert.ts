// The certificate a decky serves on TLS listeners: what Debian's make-ssl-cert ("snakeoil") creates
// at install time - self-signed RSA-2048, SHA-256, CN and SAN = the host name, ten years - or the
// INI-supplied `tls_cert`/`tls_key`. Cached per decky on disk so restarts keep the fingerprint.
import { createHash, generateKeyPair, randomBytes, sign, type KeyObject } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bitString, explicit, implicitPrimitive, nullValue, octetString, oid, seq, set, smallInteger, time, unsignedInteger, utf8String } from './der';

export interface PemPair {
  cert: string;
  key: string;
}

const SHA256_RSA = '1.2.840.113549.1.1.11';
const DAY_MS = 86_400_000;

function pem(label: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

/** RFC 5280 §4.1: tbsCertificate, signed with the key itself. */
export function selfSignedDer(commonName: string, publicKey: KeyObject, privateKey: KeyObject, notBefore: Date, serial: Uint8Array): Uint8Array {
  const algorithm = seq(oid(SHA256_RSA), nullValue());
  const name = seq(set(seq(oid('2.5.4.3'), utf8String(commonName))));
  const notAfter = new Date(notBefore.getTime() + 3650 * DAY_MS);
  const san = seq(oid('2.5.29.17'), octetString(seq(implicitPrimitive(2, new TextEncoder().encode(commonName)))));
  const tbs = seq(
    explicit(0, smallInteger(2)),
    unsignedInteger(serial),
    algorithm,
    name,
    seq(time(notBefore), time(notAfter)),
    name,
    new Uint8Array(publicKey.export({ type: 'spki', format: 'der' })),
    explicit(3, seq(san)),
  );
  const signature = sign('sha256', tbs, privateKey);
  return seq(tbs, algorithm, bitString(new Uint8Array(signature)));
}

async function rsaPair(): Promise<{ publicKey: KeyObject; privateKey: KeyObject }> {
  return new Promise((resolve, reject) => {
    generateKeyPair('rsa', { modulusLength: 2048 }, (err, publicKey, privateKey) => (err ? reject(err) : resolve({ publicKey, privateKey })));
  });
}

export async function generateSnakeoil(commonName: string, notBefore: Date): Promise<PemPair> {
  const { publicKey, privateKey } = await rsaPair();
  const serial = randomBytes(20);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  const der = selfSignedDer(commonName, publicKey, privateKey, notBefore, serial);
  return { cert: pem('CERTIFICATE', der), key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

const memoryCache = new Map<string, Promise<PemPair>>();

/** The decky's certificate for `commonName`, from memory, then `stateDir`, else freshly generated. */
export function snakeoilFor(commonName: string, notBefore: Date, stateDir: string | undefined): Promise<PemPair> {
  const key = `${stateDir ?? ''}|${commonName}`;
  let hit = memoryCache.get(key);
  if (!hit) {
    hit = loadOrCreate(commonName, notBefore, stateDir);
    memoryCache.set(key, hit);
    hit.catch(() => memoryCache.delete(key));
  }
  return hit;
}

async function loadOrCreate(commonName: string, notBefore: Date, stateDir: string | undefined): Promise<PemPair> {
  const tag = createHash('sha256').update(commonName).digest('hex').slice(0, 16);
  const dir = stateDir ? join(stateDir, 'tls') : undefined;
  if (dir) {
    try {
      const [cert, key] = await Promise.all([readFile(join(dir, `${tag}.crt`), 'utf8'), readFile(join(dir, `${tag}.key`), 'utf8')]);
      return { cert, key };
    } catch {
      // Not cached yet.
    }
  }
  const pair = await generateSnakeoil(commonName, notBefore);
  if (dir) {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeFile(join(dir, `${tag}.crt`), pair.cert, { mode: 0o644 });
    await writeFile(join(dir, `${tag}.key`), pair.key, { mode: 0o600 });
  }
  return pair;
}
