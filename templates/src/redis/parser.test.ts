// RESP parser: Redis's exact protocol errors, inline quoting, and property tests (any split of a
// valid stream parses the same; random and oversized input never throws and stays bounded).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INLINE_MAX_BYTES, RespParser, type RespFrame } from './parser';
import { splitArgs } from './split-args';

const LIMITS = { maxBulkBytes: 512 * 1024, maxArgs: 1024, maxCommandBytes: 1024 * 1024 };

function parseAll(input: string | Buffer, parser = new RespParser(LIMITS)): RespFrame[] {
  parser.push(typeof input === 'string' ? Buffer.from(input, 'latin1') : input);
  const out: RespFrame[] = [];
  for (let f = parser.next(); f; f = parser.next()) out.push(f);
  return out;
}

const argvOf = (f: RespFrame | undefined): string[] => (f?.kind === 'command' ? f.argv.map((a) => a.toString('latin1')) : []);
const encode = (argv: string[]): string => `*${argv.length}\r\n${argv.map((a) => `$${Buffer.byteLength(a, 'latin1')}\r\n${a}\r\n`).join('')}`;

describe('RESP parser', () => {
  it('parses multibulk and inline commands, pipelined', () => {
    const frames = parseAll(`${encode(['SET', 'k', 'v'])}PING\r\nGET  k\n`);
    expect(frames.map(argvOf)).toEqual([['SET', 'k', 'v'], ['PING'], ['GET', 'k']]);
  });

  it('answers malformed input with redis-server\'s messages', () => {
    const err = (s: string): string | undefined => {
      const f = parseAll(s).at(-1);
      return f?.kind === 'protocol_error' ? f.message : undefined;
    };
    expect(err('*x\r\n')).toBe('Protocol error: invalid multibulk length');
    expect(err('*1\r\n+PING\r\n')).toBe("Protocol error: expected '$', got '+'");
    expect(err('*1\r\n$-5\r\n')).toBe('Protocol error: invalid bulk length');
    expect(err('SET "a b\r\n')).toBe('Protocol error: unbalanced quotes in request');
    expect(err('SET "a"b\r\n')).toBe('Protocol error: unbalanced quotes in request');
    expect(err('A'.repeat(INLINE_MAX_BYTES + 10))).toBe('Protocol error: too big inline request');
    expect(err(`*${'1'.repeat(70_000)}`)).toBe('Protocol error: too big mbulk count string');
  });

  it('applies the pre-AUTH limits when a password is required', () => {
    const p = new RespParser(LIMITS);
    p.authRequired = true;
    expect(parseAll('*11\r\n', p)[0]).toEqual({ kind: 'protocol_error', message: 'Protocol error: unauthenticated multibulk length' });
    const q = new RespParser(LIMITS);
    q.authRequired = true;
    expect(parseAll('*2\r\n$4\r\nAUTH\r\n$16385\r\n', q)[0]).toEqual({ kind: 'protocol_error', message: 'Protocol error: unauthenticated bulk length' });
  });

  it('treats [[,[[ as one inline argument (an unknown command, not a crash)', () => {
    expect(parseAll('[[,[[\r\n').map(argvOf)).toEqual([['[[,[[']]);
  });

  it('skips empty multibulks and blank inline lines', () => {
    expect(parseAll('*0\r\n*-1\r\n\r\n  \r\nPING\r\n').map(argvOf)).toEqual([['PING']]);
  });

  it('splits inline arguments like sdssplitargs', () => {
    const s = (x: string): string[] | undefined => splitArgs(Buffer.from(x, 'latin1'))?.map((b) => b.toString('latin1'));
    expect(s(`set "a\\x41\\n" 'it\\'s' plain`)).toEqual(['set', 'aA\n', "it's", 'plain']);
    expect(s('a"b c"')).toEqual(['ab c']);
    expect(s("'open")).toBeUndefined();
  });

  it('reports our own bound on bulk size as oversized', () => {
    const f = parseAll(`*1\r\n$${LIMITS.maxBulkBytes + 1}\r\n`)[0];
    expect(f?.kind).toBe('oversized');
  });

  it('parses any valid command stream identically however it is split', () => {
    const arg = fc.string({ unit: fc.constantFrom('a', 'b', '\r', '\n', '"', ' ', '\0', 'é'), maxLength: 12 });
    fc.assert(
      fc.property(fc.array(fc.array(arg, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 5 }), fc.array(fc.nat(), { maxLength: 8 }), (cmds, cuts) => {
        const bytes = Buffer.from(cmds.map(encode).join(''), 'latin1');
        const p = new RespParser(LIMITS);
        const got: string[][] = [];
        const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        let prev = 0;
        for (const c of [...points, bytes.length]) {
          p.push(bytes.subarray(prev, c));
          prev = c;
          for (let f = p.next(); f; f = p.next()) got.push(argvOf(f));
        }
        expect(got).toEqual(cmds);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on random input and keeps its buffer bounded', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 4096 }), { maxLength: 40 }), (chunks) => {
        const p = new RespParser(LIMITS);
        for (const c of chunks) {
          p.push(c);
          for (let f = p.next(); f; f = p.next()) if (f.kind !== 'command') return;
          expect(p.buffered).toBeLessThanOrEqual(LIMITS.maxCommandBytes + 2 * INLINE_MAX_BYTES + 4096);
        }
      }),
      { numRuns: 300 },
    );
  });
});
