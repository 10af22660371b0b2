// SMB parsers under fast-check: framing reassembles any split, header/compound/negotiate/SMB1/
// DCE-RPC readers never throw on random or truncated input, and whole sessions fed random,
// byte-at-a-time or oversized input end cleanly with catalogued events only.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { startSession } from '../_testing';
import { shareEnumLevel, shareEnumStub, splitPdus } from './dcerpc';
import { smbTemplate } from './index';
import { frame, FrameReader, negotiateContexts, negotiateDialects, smb1Negotiate, splitCompound } from './parser';
import { negotiateRequest, sambaPersona, windowsPersona } from './test-client';

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('smb parsers', () => {
  it('reassembles session-service frames however the stream is split', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 200 }), { minLength: 1, maxLength: 5 }), fc.array(fc.nat(), { maxLength: 8 }), (payloads, cuts) => {
        const stream = Buffer.concat(payloads.map((p) => frame(Buffer.from(p))));
        const r = new FrameReader(1 << 16);
        const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
        const got: Buffer[] = [];
        let prev = 0;
        for (const cut of [...points, stream.length]) {
          r.push(stream.subarray(prev, cut));
          prev = cut;
          for (let f = r.next(); f; f = r.next()) if (f.kind === 'message') got.push(f.payload);
        }
        expect(got.map((b) => b.toString('hex'))).toEqual(payloads.map((p) => Buffer.from(p).toString('hex')));
      }),
    );
  });

  it('reports an oversized length before buffering it', () => {
    const r = new FrameReader(1000);
    r.push(Buffer.from([0, 0xff, 0xff, 0xff]));
    expect(r.next()).toEqual({ kind: 'oversized', bytes: 0xffffff });
  });

  it('never throws on random or truncated SMB2, SMB1 and DCE/RPC input', () => {
    const valid = negotiateRequest([0x0202, 0x0311]).subarray(4);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.nat(), (random, cut) => {
        for (const b of [Buffer.from(random), valid.subarray(0, cut % valid.length), Buffer.concat([valid.subarray(0, 64), Buffer.from(random)])]) {
          const chain = splitCompound(b);
          if (chain) for (const r of chain) {
            negotiateDialects(r.msg);
            expect(negotiateContexts(r.msg).length).toBeLessThanOrEqual(16);
          }
          smb1Negotiate(Buffer.concat([Buffer.from('\xffSMBr', 'latin1'), b]));
          expect(splitPdus(b).pdus.length).toBeLessThanOrEqual(16);
          shareEnumLevel(b);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('encodes SHARE_INFO_1 so the level parser and NDR sizes agree', () => {
    const stub = shareEnumStub(1, [{ name: 'IPC$', type: 0x80000003, remark: 'Remote IPC' }]);
    expect(stub.readUInt32LE(0)).toBe(1);
    expect(stub.length % 4).toBe(0);
    expect(stub.subarray(-4).readUInt32LE()).toBe(0);
    expect(shareEnumStub(502, []).subarray(-4).readUInt32LE()).toBe(5); // ERROR_ACCESS_DENIED
  });
});

describe('smb sessions under hostile input', () => {
  it('random chunks, byte-at-a-time negotiates and oversized frames end only that session', async () => {
    const personas = [windowsPersona('fuzz-w'), sambaPersona('fuzz-s')];
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 6 }), fc.boolean(), fc.nat(), async (chunks, prefix, which) => {
        const { peer, ctx } = startSession(smbTemplate, { persona: personas[which % 2]! });
        if (prefix) for (const byte of negotiateRequest([0x0311])) peer.send(Buffer.from([byte]));
        for (const c of chunks) peer.send(c);
        await tick();
        expect(ctx.uncatalogued()).toEqual([]);
        expect(ctx.eventsOf('error')).toEqual([]);
        peer.stream.destroy();
      }),
      { numRuns: 150 },
    );
    const big = startSession(smbTemplate, { persona: personas[0]! });
    big.peer.send(Buffer.from([0, 0x7f, 0xff, 0xff]));
    await big.peer.untilClosed();
    expect(big.ctx.eventsOf('oversized_input')).toHaveLength(1);
  });
});
