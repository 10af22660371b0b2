import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrameError, SyslogFrameDecoder } from './frame-decoder';

const L1 = '<134>1 2026-01-01T00:00:00Z web-01 http - request [relay@55555 src_ip="10.0.0.9"] GET /';
const L2 = '<134>1 2026-01-01T00:00:01Z web-01 ssh - auth_attempt [relay@55555 username="root"] é';
const octet = (s: string): string => `${Buffer.byteLength(s)} ${s}`;

function decodeAll(chunks: Buffer[], max?: number): string[] {
  const d = new SyslogFrameDecoder(max);
  return chunks.flatMap((c) => d.push(c));
}

describe('SyslogFrameDecoder (RFC 6587)', () => {
  it('decodes octet-counted frames (§3.4.1), several per chunk, UTF-8 length in bytes', () => {
    expect(decodeAll([Buffer.from(octet(L1) + octet(L2))])).toEqual([L1, L2]);
  });

  it('decodes LF, CRLF and NUL terminated frames (§3.4.2) and mixed framing', () => {
    expect(decodeAll([Buffer.from(`${L1}\n${L2}\r\n${L1}\0${octet(L2)}\n`)])).toEqual([L1, L2, L1, L2]);
  });

  it('holds a partial frame until the rest arrives, whatever the split', () => {
    const wire = Buffer.from(octet(L1) + `${L2}\n` + octet(L2) + `${L1}\n`);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: wire.length - 1 }), { maxLength: 12 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const chunks: Buffer[] = [];
        let prev = 0;
        for (const p of [...points, wire.length]) {
          chunks.push(wire.subarray(prev, p));
          prev = p;
        }
        expect(decodeAll(chunks)).toEqual([L1, L2, L2, L1]);
      }),
    );
  });

  it('refuses a bad length prefix, an oversized frame and an endless line', () => {
    expect(() => decodeAll([Buffer.from('12x <134>1 ...')])).toThrow(FrameError);
    expect(() => decodeAll([Buffer.from('99999 abc')], 1024)).toThrow(FrameError);
    expect(() => decodeAll([Buffer.from('12345678 abc')])).toThrow(FrameError);
    expect(() => decodeAll([Buffer.alloc(2000, 0x41)], 1024)).toThrow(FrameError);
  });

  it('keeps its buffer bounded while a long frame trickles in', () => {
    const d = new SyslogFrameDecoder(1024);
    d.push(Buffer.from('1000 '));
    for (let i = 0; i < 999; i++) d.push(Buffer.from('a'));
    expect(d.bufferedBytes).toBeLessThan(1024 + 16);
    expect(d.push(Buffer.from('b'))).toEqual([`${'a'.repeat(999)}b`]);
  });
});
