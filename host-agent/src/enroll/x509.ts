// @peculiar/x509 needs a Reflect metadata polyfill loaded before it (tsyringe); every module of
// the agent imports x509 through this file so the order is guaranteed.
import '@abraham/reflection';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(globalThis.crypto);

export { x509 };

export const EC_ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

export function hex(buf: ArrayBuffer | Uint8Array): string {
  return Buffer.from(buf instanceof Uint8Array ? buf : new Uint8Array(buf)).toString('hex');
}

/** SHA-256 of a certificate's DER, lowercase hex (how the CA is pinned and hosts are identified). */
export async function certSha256(pem: string): Promise<string> {
  const cert = new x509.X509Certificate(pem);
  return hex(await globalThis.crypto.subtle.digest('SHA-256', cert.rawData));
}
