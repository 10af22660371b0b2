// The snakeoil certificate: valid DER that Node's X509 parser reads, self-signed, CN and SAN the
// host name, ten years from the given date.
import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { oid, time, unsignedInteger } from './der';
import { generateSnakeoil } from './tls-cert';

describe('generateSnakeoil', () => {
  it('makes a self-signed RSA certificate for the host name', async () => {
    const pair = await generateSnakeoil('web-atlas-07.corp.local', new Date('2024-03-05T10:00:00Z'));
    const x = new X509Certificate(pair.cert);
    expect(x.subject).toBe('CN=web-atlas-07.corp.local');
    expect(x.issuer).toBe(x.subject);
    expect(x.subjectAltName).toBe('DNS:web-atlas-07.corp.local');
    expect(new Date(x.validFrom).toISOString()).toBe('2024-03-05T10:00:00.000Z');
    expect(new Date(x.validTo).toISOString()).toBe('2034-03-03T10:00:00.000Z');
    expect(x.verify(x.publicKey)).toBe(true);
    expect(x.checkPrivateKey((await import('node:crypto')).createPrivateKey(pair.key))).toBe(true);
  });
});

describe('der', () => {
  it('encodes OIDs, integers and times per X.690', () => {
    expect(Buffer.from(oid('1.2.840.113549.1.1.11')).toString('hex')).toBe('06092a864886f70d01010b');
    expect(Buffer.from(unsignedInteger(Uint8Array.of(0x80))).toString('hex')).toBe('02020080');
    expect(Buffer.from(unsignedInteger(Uint8Array.of(0, 0, 5))).toString('hex')).toBe('020105');
    expect(Buffer.from(time(new Date('2051-01-01T00:00:00Z'))).toString('latin1').slice(2)).toBe('20510101000000Z');
  });
});
