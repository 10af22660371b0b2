// JARM against the reference scanner (Salesforce jarm.py) on the same local `openssl s_server`:
// the raw answers and the hash must be identical; a second server configuration must hash differently.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mung } from './jarm-hello';
import { jarmHash, jarmScan, readServerHello } from './jarm';
import { makeCert, referenceJarm, startOpensslServer, type CertFiles } from './test-servers';

describe('JARM pieces', () => {
  it('reorders like cipher_mung (odd and even lengths)', () => {
    const odd = [1, 2, 3, 4, 5];
    expect(mung(odd, 'REVERSE')).toEqual([5, 4, 3, 2, 1]);
    expect(mung(odd, 'BOTTOM_HALF')).toEqual([4, 5]);
    expect(mung(odd, 'TOP_HALF')).toEqual([3, 2, 1]);
    expect(mung(odd, 'MIDDLE_OUT')).toEqual([3, 4, 2, 5, 1]);
    expect(mung([1, 2, 3, 4], 'MIDDLE_OUT')).toEqual([3, 2, 4, 1]);
    expect(mung([1, 2, 3, 4], 'TOP_HALF')).toEqual([2, 1]);
  });

  it('hashes the empty scan to zeros and reads alerts and garbage as empty', () => {
    expect(jarmHash(Array(10).fill('|||').join(','))).toBe('0'.repeat(62));
    expect(readServerHello(null)).toBe('|||');
    expect(readServerHello(Uint8Array.of(21, 3, 3, 0, 2, 2, 40))).toBe('|||');
    expect(readServerHello(new Uint8Array(0))).toBe('|||');
    expect(readServerHello(Buffer.from('HTTP/1.1 400 Bad Request\r\n'))).toBe('|||');
  });
});

describe('JARM against the reference scanner on openssl s_server', () => {
  let cert: CertFiles;
  beforeAll(() => {
    cert = makeCert();
  });
  afterAll(() => rmSync(cert.dir, { recursive: true, force: true }));

  const compare = async (extra: string[]): Promise<string> => {
    const server = await startOpensslServer(cert, extra);
    try {
      const ours = await jarmScan('127.0.0.1', server.port, 10_000);
      const ref = await referenceJarm(server.port);
      expect(ours.timedOut).toBe(false);
      expect(ours.raw).toBe(ref.raw);
      expect(ours.jarm).toBe(ref.jarm);
      expect(ours.jarm).not.toBe('0'.repeat(62));
      return ours.jarm;
    } finally {
      server.stop();
    }
  };

  it('equals the reference for a TLS 1.3 server with ALPN and for a TLS 1.2-only server, and they differ', async () => {
    const modern = await compare(['-alpn', 'h2,http/1.1']);
    const legacy = await compare(['-no_tls1_3', '-cipher', 'AES256-SHA:ECDHE-RSA-AES128-SHA']);
    expect(modern).not.toBe(legacy);
  }, 120_000);

  it('reports the all-zero hash for a closed port, as the reference does', async () => {
    const server = await startOpensslServer(cert, []);
    server.stop();
    await new Promise((r) => setTimeout(r, 200));
    const ours = await jarmScan('127.0.0.1', server.port, 2000);
    const ref = await referenceJarm(server.port);
    expect(ours.jarm).toBe(ref.jarm);
    expect(ours.jarm).toBe('0'.repeat(62));
  }, 60_000);
});
