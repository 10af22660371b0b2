// MySQL framing and HandshakeResponse41 parsing: exact fields, any split of the stream, and random
// or truncated packets never throwing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSslRequest, PacketReader, parseHandshakeResponse, type Packet } from './parser';
import { packet } from './responses';

function login(user: string, auth: Buffer, attrs: Array<[string, string]>): Buffer {
  const caps = 0x200 | 0x8000 | 8 | (1 << 19) | (1 << 20) | (1 << 21);
  const head = Buffer.alloc(32);
  head.writeUInt32LE(caps, 0);
  head.writeUInt32LE(1 << 24, 4);
  head[8] = 255;
  const lenenc = (b: Buffer): Buffer => Buffer.concat([Buffer.from([b.length]), b]);
  const kv = Buffer.concat(attrs.flatMap(([k, v]) => [lenenc(Buffer.from(k)), lenenc(Buffer.from(v))]));
  return Buffer.concat([head, Buffer.from(`${user}\0`), lenenc(auth), Buffer.from('db\0'), Buffer.from('mysql_native_password\0'), lenenc(kv)]);
}

describe('mysql parser', () => {
  it('parses HandshakeResponse41 with lenenc auth data, database, plugin and attributes', () => {
    const r = parseHandshakeResponse(login('root', Buffer.alloc(20, 9), [['_client_name', 'libmysql'], ['program_name', 'mysql']]));
    expect(r?.user.toString()).toBe('root');
    expect(r?.authResponse).toEqual(Buffer.alloc(20, 9));
    expect(r?.database?.toString()).toBe('db');
    expect(r?.plugin).toBe('mysql_native_password');
    expect(r?.attrs).toEqual([['_client_name', 'libmysql'], ['program_name', 'mysql']]);
  });

  it('recognises an SSLRequest and rejects pre-4.1 logins', () => {
    const ssl = Buffer.alloc(32);
    ssl.writeUInt32LE(0x200 | 0x800, 0);
    expect(isSslRequest(ssl)).toBe(true);
    expect(parseHandshakeResponse(Buffer.from([0x05, 0x00, 0, 0, 0, 0x61, 0]))).toBeNull();
  });

  it('reassembles packets however the stream is split', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 10 }), (payloads, cuts) => {
        const stream = Buffer.concat(payloads.map((p, i) => packet(i, Buffer.from(p))));
        const r = new PacketReader(1 << 16);
        const got: Packet[] = [];
        const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
        let prev = 0;
        for (const c of [...points, stream.length]) {
          r.push(stream.subarray(prev, c));
          prev = c;
          for (let f = r.next(); f; f = r.next()) if (f.kind === 'packet') got.push(f.packet);
        }
        expect(got.map((p) => [p.seq, [...p.payload]])).toEqual(payloads.map((p, i) => [i, [...p]]));
      }),
      { numRuns: 200 },
    );
  });

  it('never throws on random or truncated login packets', () => {
    const good = login('admin', Buffer.alloc(20, 1), [['a', 'b']]);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.nat({ max: good.length }), (junk, cut) => {
        parseHandshakeResponse(Buffer.from(junk));
        const r = parseHandshakeResponse(good.subarray(0, cut));
        if (r) expect(r.user.length).toBeLessThanOrEqual(5);
      }),
      { numRuns: 500 },
    );
  });

  it('reports a length beyond its bound without buffering it', () => {
    const r = new PacketReader(1024);
    r.push(Buffer.from([0x00, 0x10, 0x00, 0x01]));
    expect(r.next()).toEqual({ kind: 'oversized', bytes: 4096, seq: 1 });
  });
});
