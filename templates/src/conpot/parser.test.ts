// Property tests of the conpot parsers: MBAP and TPKT/COTP framing under any split (byte-at-a-time
// included), random, truncated and oversized input; the Modbus answerer and the S7 var/header
// parsers on random input (always a valid answer or exception, never a throw, bounded sizes).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { examplePersona } from '../_testing';
import { encodeAdu, MAX_MBAP_LENGTH, MbapReader, type MbapFrame } from './mbap';
import { answerModbus } from './modbus';
import { ProcessImage } from './process';
import { parseS7 } from './s7-wire';
import { answerVar } from './s7-var';
import { dataTpdu, MAX_PDU, MAX_TPKT, TpktReader, type CotpEvent } from './tpkt';

const persona = examplePersona().services.conpot;
const image = new ProcessImage(persona.process, persona.processSeed, 'parser-test');

function feed(reader: MbapReader, stream: Buffer, cuts: number[]): MbapFrame[] {
  const out: MbapFrame[] = [];
  const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
  let prev = 0;
  for (const c of [...points, stream.length]) {
    reader.push(stream.subarray(prev, c));
    prev = c;
    for (let f = reader.next(); f; f = reader.next()) {
      out.push(f);
      if (f.kind === 'bad') return out;
    }
  }
  return out;
}

const adus = fc.array(fc.record({ tid: fc.integer({ min: 0, max: 0xffff }), unit: fc.integer({ min: 0, max: 255 }), pdu: fc.uint8Array({ minLength: 1, maxLength: 253 }) }), { minLength: 1, maxLength: 6 });

describe('MBAP framing', () => {
  it('reassembles ADUs however the stream is split', () => {
    fc.assert(
      fc.property(adus, fc.array(fc.nat(), { maxLength: 12 }), (list, cuts) => {
        const stream = Buffer.concat(list.map((a) => encodeAdu(a.tid, 0, a.unit, a.pdu)));
        const got = feed(new MbapReader(), stream, cuts);
        expect(got.map((f) => (f.kind === 'adu' ? [f.adu.tid, f.adu.unit, [...f.adu.pdu]] : 'bad'))).toEqual(list.map((a) => [a.tid, a.unit, [...a.pdu]]));
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same frames byte at a time', () => {
    fc.assert(
      fc.property(adus, (list) => {
        const stream = Buffer.concat(list.map((a) => encodeAdu(a.tid, 0, a.unit, a.pdu)));
        const got = feed(new MbapReader(), stream, [...stream.keys()]);
        expect(got).toHaveLength(list.length);
      }),
      { numRuns: 100 },
    );
  });

  it('rejects a length over 254 or under 2 at once, without buffering the body', () => {
    fc.assert(
      fc.property(fc.integer({ min: MAX_MBAP_LENGTH + 1, max: 0xffff }), (len) => {
        const r = new MbapReader();
        r.push(Buffer.from([0, 1, 0, 0, len >> 8, len & 0xff]));
        expect(r.next()).toMatchObject({ kind: 'bad', length: len });
      }),
    );
    const r = new MbapReader();
    r.push(Buffer.from([0, 1, 0, 0, 0, 1, 1]));
    expect(r.next()).toMatchObject({ kind: 'bad', length: 1 });
  });

  it('never throws and never buffers more than one ADU plus the last chunk on random or truncated input', () => {
    const good = encodeAdu(1, 0, 1, Buffer.from([3, 0, 0, 0, 10]));
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 400 }), { maxLength: 8 }), fc.nat({ max: good.length }), (chunks, cut) => {
        const r = new MbapReader();
        for (const c of chunks) {
          r.push(c);
          let f = r.next();
          for (; f && f.kind === 'adu'; f = r.next()) expect(f.adu.pdu.length).toBeLessThanOrEqual(253);
          if (f?.kind === 'bad') break;
          expect(r.pending).toBeLessThan(260 + c.length);
        }
        const t = new MbapReader();
        t.push(good.subarray(0, cut));
        expect(t.next()?.kind).toBe(cut === good.length ? 'adu' : undefined);
      }),
      { numRuns: 400 },
    );
  });
});

describe('Modbus answers', () => {
  it('answers any PDU with a response of the same function or its exception, within 253 bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 253 }), fc.integer({ min: 0, max: 255 }), (pdu, unit) => {
        const a = answerModbus(Buffer.from(pdu), unit, persona, image, Date.UTC(2026, 5, 1));
        const fcode = pdu[0] ?? 0;
        expect(a.pdu.length).toBeGreaterThanOrEqual(2);
        expect(a.pdu.length).toBeLessThanOrEqual(253);
        expect([fcode, (fcode | 0x80) & 0xff]).toContain(a.pdu[0]);
        if ((a.pdu[0] ?? 0) & 0x80) expect([1, 2, 3]).toContain(a.pdu[1]);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads exactly the registers asked for, and the process values move with time', () => {
    const t0 = Date.UTC(2026, 5, 1, 12);
    const a = answerModbus(Buffer.from([3, 0, 0, 0, 6]), 1, persona, image, t0);
    expect(a.pdu[1]).toBe(12);
    const later = answerModbus(Buffer.from([3, 0, 0, 0, 6]), 1, persona, image, t0 + 600_000);
    expect(later.pdu.equals(a.pdu)).toBe(false);
    expect(answerModbus(Buffer.from([1, 0, 0, 0, 10]), 1, persona, image, t0).pdu[1]).toBe(2);
    expect([...answerModbus(Buffer.from([3, 0, 0, 0, 126]), 1, persona, image, t0).pdu]).toEqual([0x83, 3]);
    expect([...answerModbus(Buffer.from([43, 0x0e, 9, 0]), 1, persona, image, t0).pdu]).toEqual([0xab, 3]);
    expect([...answerModbus(Buffer.from([43, 0x0e, 4, 0x50]), 1, persona, image, t0).pdu]).toEqual([0xab, 2]);
  });
});

function feedTpkt(stream: Buffer, cuts: number[]): CotpEvent[] {
  const r = new TpktReader();
  const out: CotpEvent[] = [];
  const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
  let prev = 0;
  for (const c of [...points, stream.length]) {
    r.push(stream.subarray(prev, c));
    prev = c;
    for (let e = r.next(); e; e = r.next()) {
      out.push(e);
      if (e.kind === 'bad') return out;
    }
  }
  return out;
}

const CR = Buffer.from('0300001611e00000001400c1020100c2020102c0010a', 'hex');

describe('TPKT/COTP framing', () => {
  it('reassembles CR and DT TPDUs however the stream is split, byte at a time included', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 1, maxLength: 900 }), { minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { maxLength: 12 }), fc.boolean(), (pdus, cuts, byteWise) => {
        const stream = Buffer.concat([CR, ...pdus.map((p) => dataTpdu(Buffer.from(p)))]);
        const got = feedTpkt(stream, byteWise ? [...stream.keys()] : cuts);
        expect(got[0]).toMatchObject({ kind: 'cr', cr: { srcRef: 0x14, tpduSize: 0x0a } });
        expect(got.slice(1).map((e) => (e.kind === 'data' ? [...e.pdu] : e.kind))).toEqual(pdus.map((p) => [...p]));
      }),
      { numRuns: 150 },
    );
  });

  it('joins DT fragments without EOT and bounds the reassembled PDU', () => {
    const frag = (data: Buffer, eot: boolean): Buffer => Buffer.concat([Buffer.from([3, 0, 0, data.length + 7, 2, 0xf0, eot ? 0x80 : 0]), data]);
    expect(feedTpkt(Buffer.concat([frag(Buffer.from('ab'), false), frag(Buffer.from('cd'), true)]), [])).toEqual([{ kind: 'data', pdu: Buffer.from('abcd') }]);
    const many = Buffer.concat(Array.from({ length: 40 }, () => frag(Buffer.alloc(200), false)));
    expect(feedTpkt(many, []).at(-1)).toMatchObject({ kind: 'bad', reason: 'pdu too large' });
    expect(MAX_PDU).toBeLessThan(40 * 200);
  });

  it('rejects a TPKT length over its bound or under 7 at once, and anything that is not TPKT', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: MAX_TPKT + 1, max: 0xffff }), fc.integer({ min: 0, max: 6 })), (len) => {
        const r = new TpktReader();
        r.push(Buffer.from([3, 0, len >> 8, len & 0xff]));
        expect(r.next()).toMatchObject({ kind: 'bad', reason: 'tpkt length' });
      }),
    );
    const r = new TpktReader();
    r.push(Buffer.from('GET / HTTP/1.0\r\n'));
    expect(r.next()).toMatchObject({ kind: 'bad', reason: 'not tpkt' });
  });

  it('never throws on random or truncated input and never holds more than one TPKT plus the last chunk', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 1200 }), { maxLength: 6 }), fc.nat({ max: CR.length }), (chunks, cut) => {
        const r = new TpktReader();
        for (const c of [Buffer.from([3, 0]), ...chunks]) {
          r.push(c);
          let e = r.next();
          for (; e && e.kind !== 'bad'; e = r.next());
          if (e?.kind === 'bad') break;
          expect(r.pending).toBeLessThan(MAX_TPKT + c.length + 2);
        }
        expect(feedTpkt(CR.subarray(0, cut), [])).toHaveLength(cut === CR.length ? 1 : 0);
      }),
      { numRuns: 400 },
    );
  });
});

describe('S7 PDUs', () => {
  it('parses random S7 PDUs and var jobs without throwing, answers within the PDU size', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.uint8Array({ maxLength: 300 }), fc.boolean(), (bytes, data, write) => {
        const b = Buffer.from(bytes);
        if (b.length > 0) b[0] = 0x32;
        const pdu = parseS7(b);
        if (pdu) expect(pdu.param.length + pdu.data.length).toBeLessThanOrEqual(b.length);
        const a = answerVar(b.subarray(0, 2 + 12 * ((b[1] ?? 0) % 21)), Buffer.from(data), write, image, Date.UTC(2026, 5, 1), 226);
        expect(a.param.length + a.data.length).toBeLessThanOrEqual(226);
      }),
      { numRuns: 1000 },
    );
  });

  it('answers well-formed var items with CPU return codes and never past the negotiated PDU', () => {
    const item = fc.record({
      tsize: fc.constantFrom(1, 2, 4, 5, 6, 7, 8, 0x1c, 0x1d, 9),
      count: fc.integer({ min: 0, max: 300 }),
      db: fc.integer({ min: 0, max: 40 }),
      area: fc.constantFrom(0x81, 0x82, 0x83, 0x84, 0x1c, 0x1d, 0x99),
      addr: fc.integer({ min: 0, max: 0xffffff }),
    });
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 20 }), (items) => {
        const param = Buffer.concat([Buffer.from([4, items.length]), ...items.map((i) => Buffer.from([0x12, 0x0a, 0x10, i.tsize, i.count >> 8, i.count & 0xff, i.db >> 8, i.db & 0xff, i.area, i.addr >> 16, (i.addr >> 8) & 0xff, i.addr & 0xff]))]);
        const a = answerVar(param, Buffer.alloc(0), false, image, Date.UTC(2026, 5, 1), 226);
        if (a.error === 0x8500) return;
        expect(a.error).toBe(0);
        expect(a.param.length + a.data.length).toBeLessThanOrEqual(228);
        const codes: number[] = [];
        for (let o = 0, i = 0; i < items.length; i++) {
          codes.push(a.data[o] ?? -1);
          const ts = a.data[o + 1] ?? 0;
          const len = a.data.readUInt16BE(o + 2);
          const n = ts === 0x03 ? 1 : ts === 0x04 ? len / 8 : len;
          o += 4 + ((a.data[o] ?? 0) === 0xff ? n + (i < items.length - 1 ? n & 1 : 0) : 0);
        }
        for (const c of codes) expect([0xff, 0x05, 0x06, 0x0a]).toContain(c);
      }),
      { numRuns: 500 },
    );
  });
});
