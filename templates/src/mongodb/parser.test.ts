// MongoDB framing, OP_MSG/OP_QUERY parsing and the BSON codec under fast-check: round trips, any split
// of the stream (byte at a time included), random and truncated input failing only with our errors,
// and lengths and nesting past their bounds refused without buffering.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Binary, BsonError, decodeDocument, encodeDocument, Int32, Long, type BsonDoc, type BsonValue } from './bson';
import { MessageReader, OP, parseOpMsg, parseOpQuery, WireError, type Message } from './parser';
import { parseClientFinal, parseClientFirst } from './scram';

function frame(opCode: number, body: Buffer, requestId: number): Buffer {
  const h = Buffer.alloc(16);
  h.writeInt32LE(16 + body.length, 0);
  h.writeInt32LE(requestId, 4);
  h.writeInt32LE(opCode, 12);
  return Buffer.concat([h, body]);
}
const msgBody = (doc: BsonDoc, flags = 0): Buffer => Buffer.concat([Buffer.from([flags, 0, 0, 0, 0]), encodeDocument(doc)]);

const key = fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !k.includes('\0') && !/^\d+$/.test(k));
const leaf: fc.Arbitrary<BsonValue> = fc.oneof(
  fc.string({ maxLength: 40 }).filter((s) => !s.includes('\0')),
  fc.double({ noNaN: true }),
  fc.boolean(),
  fc.constant(null),
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }).map((n) => new Int32(n)),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((n) => new Long(n)),
  fc.uint8Array({ maxLength: 20 }).map((b) => new Binary(b)),
);
const doc: fc.Arbitrary<BsonDoc> = fc.letrec<{ doc: BsonDoc; value: BsonValue }>((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, leaf, tie('doc'), fc.array(tie('value'), { maxLength: 3 })),
  doc: fc.dictionary(key, tie('value'), { maxKeys: 4 }),
})).doc;

/** Maps back to plain objects so round trips compare structurally. */
function plain(v: unknown): unknown {
  if (v instanceof Map) return Object.fromEntries([...v.entries()].map(([k, x]) => [k, plain(x)]));
  if (Array.isArray(v)) return v.map(plain);
  if (v instanceof Binary) return ['bin', [...v.bytes]];
  if (v instanceof Int32) return ['i32', v.value];
  if (v instanceof Long) return ['i64', String(v.value)];
  if (typeof v === 'number' && Object.is(v, -0)) return 0;
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

describe('BSON codec', () => {
  it('round-trips documents', () => {
    fc.assert(fc.property(doc, (d) => {
      expect(plain(decodeDocument(encodeDocument(d)))).toEqual(plain(d));
    }), { numRuns: 300 });
  });

  it('fails only with BsonError on random or truncated bytes', () => {
    fc.assert(
      fc.property(doc, fc.uint8Array({ maxLength: 200 }), fc.nat(), (d, junk, cut) => {
        const good = encodeDocument(d);
        for (const b of [Buffer.from(junk), good.subarray(0, cut % (good.length + 1))]) {
          try {
            decodeDocument(b);
          } catch (e) {
            expect(e).toBeInstanceOf(BsonError);
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('refuses nesting deeper than its bound and element floods', () => {
    let deep: BsonDoc = { x: 1 };
    for (let i = 0; i < 40; i++) deep = { a: deep };
    expect(() => decodeDocument(encodeDocument(deep))).toThrow(/too deep/);
    const wide: BsonDoc = {};
    for (let i = 0; i < 5000; i++) wide[`k${i}`] = true;
    expect(() => decodeDocument(encodeDocument(wide))).toThrow(/too many/);
  });
});

describe('wire framing', () => {
  it('reassembles messages however the stream is split (byte at a time included)', () => {
    fc.assert(
      fc.property(fc.array(doc, { minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { maxLength: 12 }), fc.boolean(), (docs, cuts, single) => {
        const stream = Buffer.concat(docs.map((d, i) => frame(OP.MSG, msgBody({ ping: 1, ...d }), i + 1)));
        const r = new MessageReader(1 << 20);
        const got: Message[] = [];
        const points = single ? [...stream.keys()] : [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
        let prev = 0;
        for (const c of [...points, stream.length]) {
          r.push(stream.subarray(prev, c));
          prev = c;
          for (let f = r.next(); f; f = r.next()) if (f.kind === 'message') got.push(f.message);
        }
        expect(got.map((m) => m.requestId)).toEqual(docs.map((_, i) => i + 1));
        expect(got.map((m) => plain(parseOpMsg(m.body).body))).toEqual(docs.map((d) => plain({ ping: 1, ...d })));
      }),
      { numRuns: 150 },
    );
  });

  it('reports a length past the bound (or below the header) without buffering the body', () => {
    const r = new MessageReader(1024);
    const h = Buffer.alloc(16);
    h.writeInt32LE(48_000_000, 0);
    r.push(h);
    expect(r.next()).toEqual({ kind: 'invalid', length: 48_000_000 });
    const small = new MessageReader(1024);
    small.push(Buffer.alloc(16, 0));
    expect(small.next()).toEqual({ kind: 'invalid', length: 0 });
  });

  it('parses OP_MSG document sequences and OP_QUERY $cmd with the $query wrapper', () => {
    const seq = Buffer.concat([Buffer.from([1]), Buffer.alloc(4), Buffer.from('documents\0'), encodeDocument({ a: 1 }), encodeDocument({ b: 2 })]);
    seq.writeInt32LE(seq.length - 1, 1);
    const req = parseOpMsg(Buffer.concat([msgBody({ insert: 'c', $db: 'shop' }), seq]));
    expect([req.name, req.db, (req.body.get('documents') as unknown[]).length]).toEqual(['insert', 'shop', 2]);
    const q = Buffer.concat([Buffer.alloc(4), Buffer.from('admin.$cmd\0'), Buffer.from([0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]), encodeDocument({ $query: { isMaster: 1 }, $readPreference: { mode: 'secondaryPreferred' } })]);
    expect(parseOpQuery(q)).toMatchObject({ name: 'isMaster', db: 'admin', collection: 'admin.$cmd' });
  });

  it('fails only with WireError on random or truncated OP_MSG / OP_QUERY bodies', () => {
    const good = msgBody({ hello: 1, client: { driver: { name: 'x' } }, $db: 'admin' });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat({ max: good.length }), (junk, cut) => {
        for (const parse of [parseOpMsg, parseOpQuery]) {
          for (const b of [Buffer.from(junk), good.subarray(0, cut)]) {
            try {
              parse(b);
            } catch (e) {
              expect(e).toBeInstanceOf(WireError);
            }
          }
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('SCRAM messages', () => {
  it('parses client-first with saslname escapes and never throws on junk', () => {
    expect(parseClientFirst(Buffer.from('n,,n=a=2Cb=3Dc,r=xyz'))).toMatchObject({ user: 'a,b=c', nonce: 'xyz', bare: 'n=a=2Cb=3Dc,r=xyz' });
    expect(parseClientFinal(Buffer.from('c=biws,r=xyz123,p=AAEC'))).toMatchObject({ withoutProof: 'c=biws,r=xyz123', nonce: 'xyz123' });
    fc.assert(fc.property(fc.uint8Array({ maxLength: 3000 }), (b) => {
      parseClientFirst(b);
      parseClientFinal(b);
    }), { numRuns: 300 });
  });
});
