// The telnet parser (RFC 854/855) and negotiation: IAC handling, split-anywhere equivalence, bounded
// subnegotiation, no reply loops - unit and property tests (fast-check).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { escapeIac, TelnetParser, type TelnetEvent, DO, DONT, IAC, SB, SE, WILL, WONT } from './parser';
import { Negotiator } from './negotiation';
import { OPT, type TelnetFlavor } from './responses';

/** Data bytes concatenated, other events as they are: the parse of a stream, whatever the chunking. */
function normalize(events: TelnetEvent[]): unknown[] {
  const out: unknown[] = [];
  for (const e of events) {
    const last = out[out.length - 1];
    if (e.kind === 'data' && last instanceof Array) last.push(...e.bytes);
    else if (e.kind === 'data') out.push([...e.bytes]);
    else if (e.kind === 'subneg') out.push({ ...e, data: [...e.data] });
    else out.push(e);
  }
  return out;
}

const parseAll = (chunks: Uint8Array[], max?: number): TelnetEvent[] => {
  const p = new TelnetParser(max);
  return chunks.flatMap((c) => p.feed(c));
};

describe('TelnetParser', () => {
  it('separates data, negotiation, subnegotiation and commands', () => {
    const input = Uint8Array.from([0x61, IAC, DO, 24, 0x62, IAC, IAC, IAC, SB, 24, 0, 0x78, IAC, IAC, IAC, SE, IAC, 244, 0x63]);
    expect(normalize(parseAll([input]))).toEqual([
      [0x61],
      { kind: 'negotiate', verb: DO, option: 24 },
      [0x62, 0xff],
      { kind: 'subneg', option: 24, data: [0, 0x78, 0xff], truncated: false },
      { kind: 'command', code: 244 },
      [0x63],
    ]);
  });

  it('gives the same result however the input is split', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.array(fc.nat(300), { maxLength: 10 }), (bytes, cuts) => {
        const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const chunks: Uint8Array[] = [];
        let prev = 0;
        for (const p of points) {
          chunks.push(bytes.subarray(prev, p));
          prev = p;
        }
        chunks.push(bytes.subarray(prev));
        expect(normalize(parseAll(chunks))).toEqual(normalize(parseAll([bytes])));
      }),
      { numRuns: 300 },
    );
  });

  it('bounds subnegotiation bodies and never throws on random input', () => {
    const huge = Uint8Array.from([IAC, SB, 24, ...new Array(10_000).fill(0x41), IAC, SE, 0x7a]);
    const ev = parseAll([huge], 64);
    expect(ev[0]).toMatchObject({ kind: 'subneg', truncated: true });
    expect((ev[0] as { data: Uint8Array }).data.length).toBe(64);
    fc.assert(fc.property(fc.array(fc.uint8Array({ maxLength: 512 }), { maxLength: 8 }), (chunks) => void parseAll(chunks, 32)), { numRuns: 300 });
  });

  it('escapes IAC in output', () => {
    expect([...escapeIac(Uint8Array.of(1, IAC, 2))]).toEqual([1, IAC, IAC, 2]);
  });
});

const flavor: TelnetFlavor = {
  style: 'netkit', greeting: Uint8Array.of(IAC, DO, OPT.TTYPE), serverOptions: new Set([OPT.ECHO, OPT.SGA]), clientOptions: new Set([OPT.TTYPE, OPT.NAWS]),
  waitForClient: true, userPrompt: 'login: ', passwordPrompt: 'Password: ', failure: '\r\nLogin incorrect\r\n', maxTries: 3, timeoutText: '',
};

describe('Negotiator', () => {
  it('acknowledges changes only, refuses unknown options once, asks for the terminal type', () => {
    const sent: number[][] = [];
    const n = new Negotiator(flavor, (b) => sent.push([...b]));
    n.greet();
    n.handle(WILL, OPT.TTYPE);
    n.handle(WILL, OPT.TTYPE);
    n.handle(WILL, 99);
    n.handle(WILL, 99);
    n.handle(DO, OPT.ECHO);
    n.handle(DO, 42);
    expect(sent).toEqual([[IAC, DO, OPT.TTYPE], [IAC, SB, OPT.TTYPE, 1, IAC, SE], [IAC, DONT, 99], [IAC, WILL, OPT.ECHO], [IAC, WONT, 42]]);
    expect(n.serverEchoes).toBe(true);
    n.handle(DONT, OPT.ECHO);
    expect(n.serverEchoes).toBe(false);
  });

  it('stays bounded against a peer that flips options forever', () => {
    let replies = 0;
    const n = new Negotiator(flavor, () => replies++);
    for (let i = 0; i < 10_000; i++) {
      n.handle(WILL, OPT.NAWS);
      n.handle(WONT, OPT.NAWS);
    }
    expect(replies).toBeLessThanOrEqual(260);
  });
});
