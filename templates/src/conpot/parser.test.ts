// Property tests of the conpot parsers: MBAP framing under any split (byte-at-a-time included),
// random, truncated and oversized input, and the Modbus answerer on random PDUs (always a valid
// answer or exception, never a throw, never more than a 253-byte PDU).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { examplePersona } from '../_testing';
import { encodeAdu, MAX_MBAP_LENGTH, MbapReader, type MbapFrame } from './mbap';
import { answerModbus } from './modbus';
import { ProcessImage } from './process';

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
