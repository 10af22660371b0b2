// RDP parsers: TPKT framing under any split, X.224 CR fields (cookie, routing token, RDP_NEG_REQ,
// correlation info), TSRequest DER both ways, and random/truncated/oversized input never throwing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeTsRequest, parseTsRequest, TsRequestReader } from './credssp';
import { parseConnectionRequest, TpktReader } from './parser';
import { tpkt } from './responses';

const cr = (body: Buffer): Buffer => {
  const x = Buffer.concat([Buffer.from([0, 0xe0, 0, 0, 0x12, 0x34, 0]), body]);
  x[0] = x.length - 1;
  return x;
};

describe('rdp parsers', () => {
  it('reads the mstshash cookie, a routing token, RDP_NEG_REQ and the correlation id', () => {
    const neg = Buffer.from([1, 8, 8, 0, 0x0b, 0, 0, 0]);
    const corr = Buffer.concat([Buffer.from([6, 0, 36, 0]), Buffer.alloc(16, 0xab), Buffer.alloc(16)]);
    expect(parseConnectionRequest(cr(Buffer.concat([Buffer.from('Cookie: mstshash=eve\x01\r\n'), neg, corr])))).toEqual({
      srcRef: 0x1234, classOption: 0, cookieUser: 'eve?', negReq: true, negFlags: 8, requestedProtocols: 11, correlationId: 'ab'.repeat(16),
    });
    expect(parseConnectionRequest(cr(Buffer.from('Cookie: msts=3640205228.15629.0000\r\n')))?.routingToken).toBe('msts=3640205228.15629.0000');
    expect(parseConnectionRequest(cr(Buffer.alloc(0)))?.negReq).toBe(false);
    expect(parseConnectionRequest(Buffer.from([2, 0xf0, 0x80]))).toBeNull();
  });

  it('frames TPKTs however the stream is split, and flags non-TPKT and oversized input at once', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 200 }), { minLength: 1, maxLength: 5 }), fc.array(fc.nat(), { maxLength: 10 }), (payloads, cuts) => {
        const stream = Buffer.concat(payloads.map((p) => tpkt(Buffer.from(p))));
        const r = new TpktReader(4096);
        const got: Buffer[] = [];
        let prev = 0;
        for (const c of [...[...new Set(cuts.map((x) => x % (stream.length + 1)))].sort((a, b) => a - b), stream.length]) {
          r.push(stream.subarray(prev, c));
          prev = c;
          for (let f = r.next(); f; f = r.next()) if (f.kind === 'tpkt') got.push(f.payload);
        }
        expect(got.map((g) => [...g])).toEqual(payloads.map((p) => [...p]));
      }),
      { numRuns: 200 },
    );
    const junk = new TpktReader(4096);
    junk.push(Buffer.from('G'));
    expect(junk.next()?.kind).toBe('not_tpkt');
    const big = new TpktReader(4096);
    big.push(Buffer.from([3, 0, 0xff, 0xff]));
    expect(big.next()).toEqual({ kind: 'oversized', bytes: 0xffff });
  });

  it('round-trips TSRequests (errorCode as the signed NTSTATUS) and frames them under any split', () => {
    const req = encodeTsRequest({ version: 6, negoToken: Buffer.alloc(300, 7), errorCode: 0xc000006d, pubKeyAuth: Buffer.alloc(20, 1) });
    expect(parseTsRequest(req)).toEqual({ version: 6, negoTokens: [Buffer.alloc(300, 7)], pubKeyAuth: Buffer.alloc(20, 1), errorCode: 0xc000006d | 0 });
    expect(req.includes(Buffer.from([0xa4, 0x06, 0x02, 0x04, 0xc0, 0x00, 0x00, 0x6d]))).toBe(true);
    fc.assert(
      fc.property(fc.nat(req.length), (cut) => {
        const r = new TsRequestReader(1 << 16);
        r.push(req.subarray(0, cut));
        const first = r.next();
        r.push(req.subarray(cut));
        const f = first ?? r.next();
        expect(f?.kind).toBe('frame');
      }),
    );
    const big = new TsRequestReader(1024);
    big.push(Buffer.from([0x30, 0x83, 0xff, 0xff, 0xff]));
    expect(big.next()?.kind).toBe('oversized');
  });

  it('never throws on random or truncated CRs and TSRequests', () => {
    const good = encodeTsRequest({ version: 3, negoToken: Buffer.from('NTLMSSP\0\x01\0\0\0') });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.nat(good.length), (junk, cut) => {
        parseConnectionRequest(Buffer.from(junk));
        parseTsRequest(Buffer.from(junk));
        parseTsRequest(good.subarray(0, cut));
        const r = new TsRequestReader(256);
        r.push(junk);
        for (let i = 0; i < 4 && r.next(); i++);
      }),
      { numRuns: 800 },
    );
  });
});
