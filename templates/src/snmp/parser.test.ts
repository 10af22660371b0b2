// SNMP BER parsing and answering: exact round trips, then random, mutated, truncated and oversized
// datagrams (absurd length fields, deep nesting, huge counts) are errors and never throws; every
// answer to a random request parses back and stays within the reply-size budget.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { derivePersona } from '../persona/derive';
import { answerCommunity, MAX_BULK_VARBINDS } from './agent';
import { encInt, encNull, encOctets, encOid, MAX_OID_ARCS, readOid, readTlv, seq, tlv } from './ber';
import { buildMib } from './mib';
import { MAX_VARBINDS, parseMessage, PDU, type CommunityMessage } from './parser';
import { communityMessage, encVarBind, responsePdu } from './responses';

const arcs = fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 39 }), fc.array(fc.nat({ max: 0xffffffff }), { maxLength: 20 })).map(([a, b, rest]) => [a, b, ...rest]);

function request(version: 0 | 1, community: Uint8Array, type: number, rid: number, es: number, ei: number, oids: number[][]): Uint8Array {
  return communityMessage(version, community, responsePdu(type, rid, es, ei, oids.map((o) => encVarBind([o, encNull()]))));
}

const persona = derivePersona({ deckyName: 'fuzz-snmp', archetype: 'monitoring-node', distro: 'debian', nowMs: Date.UTC(2026, 0, 10) });
const mib = buildMib(persona, persona.services.snmp);

describe('snmp BER and message parsing', () => {
  it('round-trips OIDs and community messages exactly', () => {
    fc.assert(
      fc.property(arcs, (o) => {
        const enc = encOid(o);
        expect(readOid(enc, readTlv(enc, 0, enc.length))).toEqual(o);
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(
        fc.constantFrom<0 | 1>(0, 1), fc.uint8Array({ maxLength: 40 }), fc.constantFrom(PDU.GET, PDU.GETNEXT, PDU.GETBULK, PDU.SET),
        fc.integer({ min: -0x80000000, max: 0x7fffffff }), fc.nat({ max: 100 }), fc.nat({ max: 100 }), fc.array(arcs, { maxLength: 10 }),
        (version, community, type, rid, es, ei, oids) => {
          const r = parseMessage(request(version, community, type, rid, es, ei, oids));
          expect(r).toEqual({ ok: true, msg: { version, community, pdu: { type, requestId: rid, errorStatus: es, errorIndex: ei, oids } } });
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('refuses truncation, absurd lengths, indefinite lengths, deep nesting and too many varbinds', () => {
    const good = request(1, Buffer.from('public'), PDU.GET, 7, 0, 0, [[1, 3, 6, 1, 2, 1, 1, 1, 0], [1, 3, 6, 1, 2, 1, 1, 5, 0]]);
    for (let n = 0; n < good.length; n++) expect(parseMessage(good.subarray(0, n)).ok).toBe(false);
    // A length field claiming 4 GiB - 1 in a 12-byte datagram: refused, nothing allocated by it.
    expect(parseMessage(Uint8Array.of(0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 2, 1, 1, 4, 0, 0))).toEqual({ ok: false, error: 'length_exceeds_datagram' });
    expect(parseMessage(Uint8Array.of(0x30, 0x80, 2, 1, 1, 0, 0))).toEqual({ ok: false, error: 'bad_length' });
    expect(parseMessage(Uint8Array.of(0x30, 0x85, 1, 0, 0, 0, 0))).toEqual({ ok: false, error: 'bad_length' });
    let nest: Uint8Array = encNull();
    for (let i = 0; i < 500; i++) nest = seq(nest);
    expect(parseMessage(nest).ok).toBe(false);
    const many = request(1, Buffer.from('public'), PDU.GET, 1, 0, 0, Array.from({ length: MAX_VARBINDS + 1 }, () => [1, 3]));
    expect(parseMessage(many)).toEqual({ ok: false, error: 'too_many_varbinds' });
    const longOid = request(1, Buffer.from('public'), PDU.GET, 1, 0, 0, [Array.from({ length: MAX_OID_ARCS + 1 }, () => 1)]);
    expect(parseMessage(longOid)).toEqual({ ok: false, error: 'oid_too_long' });
    expect(parseMessage(seq(encInt(2), encOctets('public'), encNull()))).toEqual({ ok: false, error: 'bad_version' });
    expect(parseMessage(seq(encInt(1), encOctets('public'), tlv(0xa4, new Uint8Array(0))))).toEqual({ ok: false, error: 'trap_pdu' });
  });

  it('never throws on random, mutated or truncated datagrams', () => {
    const seeds = [
      request(0, Buffer.from('public'), PDU.GETNEXT, 1, 0, 0, [[1, 3, 6, 1]]),
      request(1, Buffer.from('private'), PDU.GETBULK, 99, 0, 10, [[1, 3, 6, 1, 2, 1, 25], [1, 3]]),
      // nmap's SNMPv3 discovery probe.
      Buffer.from('303a020103300f02024a69020300ffe30401040201030410300e0400020100020100040004000400301204000400a00c020237f00201000201003000', 'hex'),
    ];
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 4096 }),
          fc.tuple(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 })), { maxLength: 8 }), fc.nat({ max: 20 })).map(([b, muts, cut]) => {
            const c = Buffer.from(b);
            for (const [i, v] of muts) c[i % c.length] = v;
            return c.subarray(0, Math.max(0, c.length - cut));
          }),
        ),
        (bytes) => {
          const r = parseMessage(bytes);
          if (r.ok) {
            if (r.msg.version !== 3) expect(r.msg.pdu.oids.length).toBeLessThanOrEqual(MAX_VARBINDS);
          } else expect(r.error.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 5000 },
    );
  });
});

describe('snmp answers stay bounded', () => {
  it('answers any well-formed request with a parseable Response within the reply budget', () => {
    const oid = fc.oneof(arcs, fc.constantFrom(...mib.entries.filter((_, i) => i % 37 === 0).map((e) => e.oid)));
    fc.assert(
      fc.property(
        fc.constantFrom<0 | 1>(0, 1), fc.constantFrom(PDU.GET, PDU.GETNEXT, PDU.GETBULK, PDU.SET), fc.nat({ max: 5 }), fc.integer({ min: -5, max: 10_000 }),
        fc.array(oid, { minLength: 0, maxLength: 12 }), fc.integer({ min: 1, max: 10 }),
        (version, type, nonRep, maxRep, oids, factor) => {
          const req = request(version, Buffer.from('public'), type, 42, nonRep, maxRep, oids);
          const parsed = parseMessage(req);
          expect(parsed.ok).toBe(true);
          const msg = (parsed as { msg: CommunityMessage }).msg;
          const budget = { factorCap: factor * req.length, smallCap: 484, maxRepetitions: 25 };
          const a = answerCommunity(msg, mib, Date.UTC(2026, 0, 10), budget);
          if (!a) {
            expect(type === PDU.GETBULK && version === 0).toBe(true);
            return;
          }
          expect(a.bytes.length).toBeLessThanOrEqual(Math.max(budget.smallCap, budget.factorCap));
          expect(a.large).toBe(a.bytes.length > budget.factorCap);
          if (type === PDU.GETBULK && a.large) expect(a.varbinds).toBe(1);
          expect(a.varbinds).toBeLessThanOrEqual(MAX_BULK_VARBINDS);
          const back = parseMessage(a.bytes);
          expect(back.ok && back.msg.version !== 3 && back.msg.pdu.type).toBe(PDU.RESPONSE);
          expect(back.ok && back.msg.version !== 3 && back.msg.pdu.requestId).toBe(42);
        },
      ),
      { numRuns: 1500 },
    );
  });
});
