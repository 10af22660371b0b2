// TDS framing, PRELOGIN options and LOGIN7 parsing: messages reassembled over any split and over
// several packets, the switch to raw TLS records, bounded sizes, random or truncated input never throwing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLogin7, parsePrelogin, PKT, TdsReader, type TdsFrame } from './parser';
import { packets, preloginResponse } from './responses';

describe('mssql parser', () => {
  it('reassembles multi-packet messages however the stream is split', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.integer({ min: 64, max: 1024 }), fc.array(fc.nat(), { maxLength: 10 }), (body, size, cuts) => {
        const stream = Buffer.concat([packets(PKT.PRELOGIN, Buffer.from(body), size), packets(PKT.LOGIN7, Buffer.from('x'), size)]);
        const r = new TdsReader(8192);
        const got: TdsFrame[] = [];
        let prev = 0;
        for (const c of [...new Set(cuts.map((x) => x % (stream.length + 1)))].sort((a, b) => a - b).concat(stream.length)) {
          r.push(stream.subarray(prev, c));
          prev = c;
          for (let f = r.next(); f; f = r.next()) got.push(f);
        }
        expect(got).toEqual([{ kind: 'message', type: PKT.PRELOGIN, payload: Buffer.from(body) }, { kind: 'message', type: PKT.LOGIN7, payload: Buffer.from('x') }]);
      }),
      { numRuns: 200 },
    );
  });

  it('passes raw TLS records through once allowed, and bounds lengths', () => {
    const r = new TdsReader(1024);
    r.allowRawTls = true;
    r.push(Buffer.from([0x17, 0x03, 0x03, 0x00, 0x02, 0xaa, 0xbb]));
    expect(r.next()).toEqual({ kind: 'raw', data: Buffer.from([0x17, 0x03, 0x03, 0x00, 0x02, 0xaa, 0xbb]) });
    const b = new TdsReader(1024);
    b.push(Buffer.from([0x12, 0x01, 0x00, 0x03, 0, 0, 0, 0]));
    expect(b.next()).toEqual({ kind: 'bad_packet', length: 3, type: 0x12 });
    const big = new TdsReader(100);
    big.push(packets(PKT.LOGIN7, Buffer.alloc(300), 64));
    expect(big.next()).toEqual({ kind: 'oversized', length: 112 });
  });

  it('reads PRELOGIN options back from a response it built', () => {
    const opts = parsePrelogin(preloginResponse([15, 0, 2000, 0], 1, true));
    expect(opts?.get(0)).toEqual(Buffer.from([15, 0, 0x07, 0xd0, 0, 0]));
    expect(opts?.get(1)).toEqual(Buffer.from([1]));
    expect(opts?.get(4)).toEqual(Buffer.from([0]));
  });

  it('never throws on random or truncated messages', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (junk) => {
        const b = Buffer.from(junk);
        parsePrelogin(b);
        const l = parseLogin7(b);
        if (l) expect(l.userName.length).toBeLessThanOrEqual(256);
        const r = new TdsReader(512);
        r.push(b);
        for (let i = 0, f = r.next(); f && i < 200; i++, f = r.next()) if (f.kind !== 'message') break;
      }),
      { numRuns: 500 },
    );
  });
});
