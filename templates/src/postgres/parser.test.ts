// PostgreSQL framing and SCRAM message parsing: any split of the stream, bounded lengths, and
// random or truncated input never throwing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CODE, parseClientFinal, parseClientFirst, parseSaslInitial, parseStartupParams, PgReader, type PgFrame } from './parser';

function drain(r: PgReader): PgFrame[] {
  const out: PgFrame[] = [];
  for (let f = r.next(); f; f = r.next()) {
    out.push(f);
    if (f.kind === 'startup' && f.code === CODE.V3) r.startupPhase = false;
    if (f.kind !== 'startup' && f.kind !== 'message') break;
  }
  return out;
}

describe('postgres parser', () => {
  it('reassembles a startup packet and typed messages however the stream is split', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 5 }), fc.array(fc.nat(), { maxLength: 12 }), (bodies, cuts) => {
        const start = Buffer.from('\0\0\0\x15\0\x03\0\0user\0bob\0\0', 'latin1');
        start.writeUInt32BE(start.length, 0);
        const msgs = bodies.map((b) => {
          const h = Buffer.alloc(5);
          h.write('p', 0);
          h.writeUInt32BE(b.length + 4, 1);
          return Buffer.concat([h, Buffer.from(b)]);
        });
        const stream = Buffer.concat([start, ...msgs]);
        const r = new PgReader(4096);
        const got: PgFrame[] = [];
        let prev = 0;
        for (const c of [...new Set(cuts.map((x) => x % (stream.length + 1)))].sort((a, b) => a - b).concat(stream.length)) {
          r.push(stream.subarray(prev, c));
          prev = c;
          got.push(...drain(r));
        }
        expect(got[0]).toMatchObject({ kind: 'startup', code: CODE.V3 });
        expect(got.slice(1).map((f) => (f.kind === 'message' ? [...f.body] : f.kind))).toEqual(bodies.map((b) => [...b]));
      }),
      { numRuns: 200 },
    );
  });

  it('reports bad startup lengths and oversized messages without buffering them', () => {
    const r = new PgReader(1024);
    r.push(Buffer.from('\r\n\r\n'));
    expect(r.next()).toEqual({ kind: 'bad_startup_length', length: 0x0d0a0d0a });
    const t = new PgReader(1024);
    t.startupPhase = false;
    t.push(Buffer.from([0x70, 0x7f, 0xff, 0xff, 0xff]));
    expect(t.next()).toEqual({ kind: 'oversized', type: 'p', length: 0x7fffffff });
  });

  it('parses startup parameters and SCRAM messages, rejecting malformed ones', () => {
    expect([...parseStartupParams(Buffer.from('user\0alice\0database\0db\0\0'))]).toEqual([['user', 'alice'], ['database', 'db']]);
    const len = Buffer.alloc(4);
    len.writeInt32BE(20);
    expect(parseSaslInitial(Buffer.concat([Buffer.from('SCRAM-SHA-256\0'), len, Buffer.from('n,,n=,r=abcdefghijkl')]))?.mechanism).toBe('SCRAM-SHA-256');
    expect(parseClientFirst('n,,n=,r=abc')).toEqual({ cbind: 'n', bare: 'n=,r=abc', user: '', nonce: 'abc' });
    expect(parseClientFirst('p=tls-server-end-point,,n=u,r=x')?.cbind).toBe('p=tls-server-end-point');
    expect(parseClientFirst('x,,n=,r=abc')).toBeNull();
    expect(parseClientFinal('c=biws,r=abcDEF,p=AAAA')).toEqual({ withoutProof: 'c=biws,r=abcDEF', channelBinding: 'biws', nonce: 'abcDEF', proof: Buffer.from('AAAA', 'base64') });
    expect(parseClientFinal('c=biws,r=abc')).toBeNull();
  });

  it('never throws on random input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.boolean(), (junk, typed) => {
        const b = Buffer.from(junk);
        parseStartupParams(b);
        parseSaslInitial(b);
        parseClientFirst(b.toString('utf8'));
        parseClientFinal(b.toString('utf8'));
        const r = new PgReader(256);
        r.startupPhase = !typed;
        r.push(b);
        for (let i = 0, f = r.next(); f && i < 100; i++, f = r.next()) if (f.kind !== 'message' && f.kind !== 'startup') break;
      }),
      { numRuns: 500 },
    );
  });
});
