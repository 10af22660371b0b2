// @peculiar/x509 needs a Reflect metadata polyfill loaded before it; every PKI module imports
// x509 through this file so the order is guaranteed on Node and Workers alike.
import '@abraham/reflection';
import * as x509 from '@peculiar/x509';
import { bytesToHex } from '../crypto/encoding';

x509.cryptoProvider.set(crypto);

export { x509 };

export const EC_ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

export function randomSerial(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[0] = b[0]! & 0x7f; // positive INTEGER
  return bytesToHex(b);
}

/** PKCS#8 PEM of a private key. */
export async function privateKeyPem(key: CryptoKey): Promise<string> {
  const der = await crypto.subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

export async function importPrivateKeyPem(pem: string): Promise<CryptoKey> {
  const der = x509.PemConverter.decodeFirst(pem);
  return crypto.subtle.importKey('pkcs8', der, EC_ALG, false, ['sign']);
}

/** SHA-256 of the DER certificate, lowercase hex: how hosts are identified and pinned. */
export async function certFingerprint(cert: x509.X509Certificate | string): Promise<string> {
  const c = typeof cert === 'string' ? new x509.X509Certificate(cert) : cert;
  const d = await crypto.subtle.digest('SHA-256', c.rawData);
  return bytesToHex(new Uint8Array(d));
}
