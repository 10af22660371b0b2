// LLMNR/mDNS/NBNS parsing: exact names, NetBIOS first-level decoding, answered addresses; pointer
// loops, forward pointers, oversized names and counts, truncation and random bytes are errors, never throws.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeQuery, MAX_POINTER_HOPS, readName } from '../_dns/dns-wire';
import { decodeNetbiosLabel, encodeNetbiosLabel, nbnsNameQuery } from './nbns';
import { parsePacket, type Proto } from './parser';

const label = (s: string): Uint8Array => Buffer.from(s, 'ascii');

/** A response with one A answer that points back at the question's name (offset 12), as Responder builds it. */
function aResponse(id: number, name: string, ip: number[]): Uint8Array {
  const q = Buffer.from(encodeQuery(id, 0x8000, [label(name)], 1, 1));
  q.writeUInt16BE(1, 6); // ancount
  const rr = Buffer.from([0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 30, 0, 4, ...ip]);
  return Buffer.concat([q, rr]);
}

describe('llmnr parsers', () => {
  it('parses an LLMNR query and a compressed A answer', () => {
    const q = parsePacket('llmnr', encodeQuery(0x1234, 0, [label('fileserv01')], 1, 1));
    expect(q).toEqual({ ok: true, packet: expect.objectContaining({ id: 0x1234, response: false, questions: [{ name: 'fileserv01', qtype: 1 }], answers: [] }) });
    const r = parsePacket('llmnr', aResponse(7, 'fileserv01', [10, 0, 0, 66]));
    expect(r.ok && r.packet.answers).toEqual([{ name: 'fileserv01', type: 1, ttl: 30, addresses: ['10.0.0.66'] }]);
    expect(r.ok && r.packet.response).toBe(true);
  });

  it('decodes NBNS first-level names and NB answers (RFC 1001 §14.1, RFC 1002 §4.2.13)', () => {
    expect(Buffer.from(encodeNetbiosLabel('FRED', 0x20)).toString()).toBe('EGFCEFEECACACACACACACACACACACACA');
    expect(decodeNetbiosLabel(encodeNetbiosLabel('printsrv', 0x1c))).toEqual({ name: 'PRINTSRV', suffix: 0x1c });
    const q = parsePacket('nbns', nbnsNameQuery(0x42, 'filesrv02'));
    expect(q.ok && q.packet.questions).toEqual([{ name: 'FILESRV02', suffix: 0x20, qtype: 0x20 }]);
    const resp = Buffer.concat([Buffer.from(nbnsNameQuery(0x42, 'filesrv02')), Buffer.from([0xc0, 12, 0, 0x20, 0, 1, 0, 0, 0, 0xa5, 0, 6, 0, 0, 192, 168, 1, 9])]);
    resp.writeUInt16BE(0x8500, 2);
    resp.writeUInt16BE(1, 6);
    const r = parsePacket('nbns', resp);
    expect(r.ok && r.packet.answers).toEqual([{ name: 'FILESRV02', suffix: 0x20, type: 0x20, ttl: 0xa5, addresses: ['192.168.1.9'] }]);
    expect(parsePacket('nbns', encodeQuery(1, 0, [label('notnetbios')], 0x20, 1))).toEqual({ ok: false, error: 'bad_netbios_name' });
  });

  it('refuses pointer loops, forward pointers, long names, absurd counts and truncation', () => {
    const loop = Buffer.from(encodeQuery(1, 0, [label('a')], 1, 1));
    loop[12] = 0xc0;
    loop[13] = 12; // points at itself
    expect(parsePacket('llmnr', loop)).toEqual({ ok: false, error: 'bad_pointer' });
    // A backwards chain longer than the hop bound.
    const chain = Buffer.alloc(12 + 2 * (MAX_POINTER_HOPS + 3));
    chain[12] = 0;
    for (let i = 1; i < MAX_POINTER_HOPS + 3; i++) {
      chain[12 + 2 * i] = 0xc0;
      chain[12 + 2 * i + 1] = 12 + 2 * (i - 1);
    }
    expect(() => readName(chain, chain.length - 2)).toThrow('pointer_loop');
    const long = encodeQuery(1, 0, Array.from({ length: 5 }, () => new Uint8Array(60).fill(0x61)), 1, 1);
    expect(parsePacket('mdns', long)).toEqual({ ok: false, error: 'name_too_long' });
    const counts = Buffer.from(encodeQuery(1, 0, [label('a')], 1, 1));
    counts.writeUInt16BE(65535, 4);
    expect(parsePacket('llmnr', counts)).toEqual({ ok: false, error: 'count_out_of_bounds' });
    expect(parsePacket('llmnr', new Uint8Array(5))).toEqual({ ok: false, error: 'truncated_header' });
    const full = aResponse(7, 'fileserv01', [10, 0, 0, 66]);
    for (let n = 12; n < full.length; n++) expect(parsePacket('llmnr', full.subarray(0, n)).ok).toBe(false);
  });

  it('never throws on random, mutated or truncated packets, and keeps logged names bounded', () => {
    const protos: Proto[] = ['llmnr', 'mdns', 'nbns'];
    const seed = [aResponse(9, 'x', [1, 2, 3, 4]), nbnsNameQuery(3, 'abc'), encodeQuery(5, 0, [label('host'), label('local')], 255, 0x8001)];
    fc.assert(
      fc.property(
        fc.constantFrom(...protos),
        fc.oneof(
          fc.uint8Array({ maxLength: 600 }),
          fc.tuple(fc.constantFrom(...seed), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), fc.nat()).map(([b, muts, cut]) => {
            const c = Buffer.from(b);
            for (const [i, v] of muts) c[i % c.length] = v;
            return c.subarray(0, c.length - (cut % 4));
          }),
        ),
        (proto, bytes) => {
          const r = parsePacket(proto, bytes);
          if (r.ok) {
            expect(r.packet.questions.length + r.packet.answers.length).toBeLessThanOrEqual(32);
            for (const x of [...r.packet.questions, ...r.packet.answers]) expect(x.name.length).toBeLessThanOrEqual(255 * 4);
          } else expect(r.error.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
