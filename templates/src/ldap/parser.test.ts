// BER/LDAP decoding: exact bind/search/extended decoding, RFC 4515 filter rendering, framing over any
// split, strict bounds (indefinite and over-long lengths, overruns, depth), random input never throwing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BerError, children, integer, octets, seq, tlv } from './ber';
import { decodeMessage, LdapReader, renderFilter } from './parser';

const msg = (id: number, op: Buffer): Buffer => seq(0x30, integer(id), op);

describe('ldap parser', () => {
  it('decodes binds, searches with filters and extended requests', () => {
    const bind = msg(1, seq(0x60, integer(3), octets('CN=a,DC=x'), octets('pw', 0x80)));
    expect(decodeMessage(children(bind)[0]!.value)).toEqual({ id: 1, op: { type: 'bind', version: 3, name: 'CN=a,DC=x', method: 'simple', password: Buffer.from('pw') } });
    const filter = seq(0xa0, seq(0xa3, octets('objectClass'), octets('user')), seq(0xa4, octets('cn'), seq(0x30, octets('ad', 0x80), octets('mi', 0x81), octets('n', 0x82))), seq(0xa2, octets('mail', 0x87)));
    expect(renderFilter({ tag: 0xa0, value: children(filter)[0]!.value }, 0)).toBe('(&(objectClass=user)(cn=ad*mi*n)(!(mail=*)))');
    const ext = msg(9, seq(0x77, octets('1.3.6.1.4.1.1466.20037', 0x80)));
    expect(decodeMessage(children(ext)[0]!.value).op).toEqual({ type: 'extended', name: '1.3.6.1.4.1.1466.20037' });
  });

  it('refuses indefinite lengths, overruns, over-long lengths and deep filters', () => {
    expect(() => children(Buffer.from([0x30, 0x80, 0, 0]))).toThrow(BerError);
    expect(() => children(Buffer.from([0x04, 0x05, 0x61]))).toThrow(BerError);
    expect(() => children(Buffer.from([0x04, 0x85, 1, 0, 0, 0, 0]))).toThrow(BerError);
    let deep = octets('a', 0x87);
    for (let i = 0; i < 40; i++) deep = seq(0xa2, deep);
    expect(() => renderFilter({ tag: 0xa2, value: children(deep)[0]!.value }, 0)).toThrow(BerError);
    const r = new LdapReader(1024);
    r.push(Buffer.from([0x30, 0x84, 0x00, 0x10, 0x00, 0x00]));
    expect(r.next()).toMatchObject({ kind: 'error', length: 0x100000 });
  });

  it('frames messages however the stream is split', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { minLength: 1, maxLength: 5 }), fc.array(fc.nat(), { maxLength: 10 }), (bodies, cuts) => {
        const stream = Buffer.concat(bodies.map((b, i) => msg(i, tlv(0x04, Buffer.from(b)))));
        const r = new LdapReader(4096);
        const got: Buffer[] = [];
        let prev = 0;
        for (const c of [...new Set(cuts.map((x) => x % (stream.length + 1)))].sort((a, b) => a - b).concat(stream.length)) {
          r.push(stream.subarray(prev, c));
          prev = c;
          for (let f = r.next(); f; f = r.next()) if (f.kind === 'message') got.push(f.bytes);
        }
        expect(got.map((g) => [...children(g)[1]!.value])).toEqual(bodies.map((b) => [...b]));
      }),
      { numRuns: 200 },
    );
  });

  it('never throws anything but BerError on random input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (junk) => {
        try {
          decodeMessage(Buffer.from(junk));
        } catch (e) {
          expect(e).toBeInstanceOf(BerError);
        }
        const r = new LdapReader(256);
        r.push(junk);
        r.next();
      }),
      { numRuns: 1000 },
    );
  });
});
