// RFB handshake parsing: version lines (valid, unofficial, junk), TigerVNC's minor-version mapping,
// and the bounded fixed-size reader under any split of the stream or oversized input.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HandshakeReader, negotiatedMinor, parseVersion } from './parser';

describe('vnc parser', () => {
  it('parses "RFB xxx.yyy\\n" and maps unofficial minors as TigerVNC does', () => {
    const v = (s: string): ReturnType<typeof parseVersion> => parseVersion(Buffer.from(s, 'latin1'));
    expect(v('RFB 003.008\n')).toEqual({ major: 3, minor: 8, text: 'RFB 003.008' });
    expect(negotiatedMinor(v('RFB 003.889\n')!, 8)).toBe(8);
    expect(negotiatedMinor(v('RFB 003.005\n')!, 8)).toBe(3);
    expect(negotiatedMinor(v('RFB 003.007\n')!, 8)).toBe(7);
    expect(negotiatedMinor(v('RFB 003.008\n')!, 7)).toBe(7);
    expect(negotiatedMinor(v('RFB 004.001\n')!, 8)).toBeNull();
    expect(v('RFB 03.008\n\n')).toBeNull();
    expect(v('RFB 003.008')).toBeNull();
    expect(v('GET / HTTP/1')).toBeNull();
  });

  it('never throws on random 12-byte lines and accepts only the exact shape', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 20 }), (b) => {
        const r = parseVersion(b);
        if (r) expect(Buffer.from(b).toString('latin1')).toMatch(/^RFB \d{3}\.\d{3}\n$/);
      }),
      { numRuns: 1000 },
    );
  });

  it('yields the same fixed-size reads however the stream is split', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 29, maxLength: 29 }), fc.array(fc.nat(29), { maxLength: 8 }), (stream, cuts) => {
        const r = new HandshakeReader(4096);
        const wants = [12, 1, 16];
        const got: Buffer[] = [];
        let prev = 0;
        for (const c of [...[...new Set(cuts)].sort((a, b) => a - b), stream.length]) {
          r.push(stream.subarray(prev, c));
          prev = Math.max(prev, c);
          for (let b = r.take(wants[got.length] ?? 1e9); b; b = r.take(wants[got.length] ?? 1e9)) got.push(b);
        }
        expect(Buffer.concat(got)).toEqual(Buffer.from(stream));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses to buffer past its bound, one byte at a time or in one oversized chunk', () => {
    const slow = new HandshakeReader(64);
    for (let i = 0; i < 64; i++) slow.push(Uint8Array.of(i));
    expect(slow.overflowed).toBe(false);
    slow.push(Uint8Array.of(1));
    expect(slow.overflowed).toBe(true);
    expect(slow.buffered).toBe(0);
    const big = new HandshakeReader(64);
    big.push(new Uint8Array(1 << 20));
    expect(big.overflowed).toBe(true);
    expect(big.take(1)).toBeUndefined();
  });
});
