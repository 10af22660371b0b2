// IMAP framing and argument syntax: literals {n} and {n+}, oversized and absurd literal counts,
// overlong lines; property tests (any split gives the same frames, random bytes never throw and
// stay bounded, the argument parser fails only with ArgError), and random input to both sessions.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { startSession } from '../_testing';
import { pop3Template } from '../pop3/index';
import { ArgError, parseArgs, parseCommand } from './args';
import { imapTemplate } from './index';
import { ImapParser, type ImapFrame } from './parser';

const LIMITS = { maxLineBytes: 256, maxLiteralBytes: 1024, maxCommandBytes: 4096, maxLiterals: 4 };

function drive(p: ImapParser, input: string | Uint8Array): ImapFrame[] {
  p.push(typeof input === 'string' ? Buffer.from(input, 'latin1') : input);
  const out: ImapFrame[] = [];
  for (let f = p.next(); f; f = p.next()) out.push(f);
  return out;
}

describe('imap parser', () => {
  it('frames literals: synchronizing asks for "+", LITERAL+ does not', () => {
    const frames = drive(new ImapParser(LIMITS), 'a LOGIN {4}\r\nuser {5+}\r\npa ss\r\nb NOOP\r\n');
    expect(frames).toEqual([
      { kind: 'continue', size: 4 },
      { kind: 'command', segments: ['a LOGIN {4}', Buffer.from('user'), ' {5+}', Buffer.from('pa ss'), ''] },
      { kind: 'command', segments: ['b NOOP'] },
    ]);
    const cmd = parseCommand((frames[1] as { segments: Array<string | Buffer> }).segments);
    expect(cmd.name).toBe('LOGIN');
    expect(cmd.args.map((a) => (a.t === 'string' ? a.v.toString() : a.t))).toEqual(['user', 'pa ss']);
  });

  it('refuses oversized or absurd literals without allocating, skipping LITERAL+ bytes', () => {
    const p = new ImapParser(LIMITS);
    expect(drive(p, 'a LOGIN {99999999999999999999}\r\nb NOOP\r\n')).toEqual([{ kind: 'literal_too_big', size: Number.MAX_SAFE_INTEGER }, { kind: 'command', segments: ['b NOOP'] }]);
    expect(drive(p, `c APPEND x {2000+}\r\n${'z'.repeat(2000)} rest\r\nd NOOP\r\n`)).toEqual([{ kind: 'literal_too_big', size: 2000 }, { kind: 'command', segments: ['d NOOP'] }]);
    expect(p.buffered).toBe(0);
  });

  it('reports an overlong line once and carries on', () => {
    const p = new ImapParser(LIMITS);
    expect(drive(p, `a ${'x'.repeat(600)}\r\nb NOOP\r\n`)).toEqual([{ kind: 'line_too_long', bytes: 604 }, { kind: 'command', segments: ['b NOOP'] }]);
  });

  it('parses sections, quoted strings and nested lists', () => {
    const args = parseArgs(['1:* (FLAGS BODY.PEEK[HEADER.FIELDS (FROM TO)]<0.100> "q\\"x" NIL)']);
    expect(args[1]).toEqual({ t: 'list', v: [{ t: 'atom', v: 'FLAGS' }, { t: 'atom', v: 'BODY.PEEK[HEADER.FIELDS (FROM TO)]<0.100>' }, { t: 'string', v: Buffer.from('q"x') }, { t: 'nil' }] });
    expect(() => parseArgs(['a (((('])).toThrow(ArgError);
    expect(() => parseArgs([`a ${'('.repeat(40)}`])).toThrow(ArgError);
  });

  it('frames a session identically however it is split', () => {
    const session = 'a LOGIN {3}\r\nbob {4+}\r\npass\r\nb SELECT INBOX\r\nc FETCH 1:* (BODY.PEEK[])\r\n';
    const whole = drive(new ImapParser(LIMITS), session);
    fc.assert(
      fc.property(fc.array(fc.nat({ max: session.length }), { maxLength: 12 }), (cuts) => {
        const p = new ImapParser(LIMITS);
        const got: ImapFrame[] = [];
        let prev = 0;
        for (const c of [...[...new Set(cuts)].sort((a, b) => a - b), session.length]) {
          got.push(...drive(p, session.slice(prev, c)));
          prev = c;
        }
        expect(got).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on random input, stays bounded, and args fail only with ArgError', () => {
    const piece = fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.constantFrom('{5}\r\n', '{3+}\r\nabc', '(', ')', '"', '[', ']', '\r\n', ' ', '{999999}\r\n'));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (chunks) => {
        const p = new ImapParser(LIMITS);
        for (const c of chunks) {
          for (const f of drive(p, c)) {
            if (f.kind !== 'command') continue;
            try {
              parseCommand(f.segments);
            } catch (e) {
              expect(e).toBeInstanceOf(ArgError);
            }
          }
          expect(p.buffered).toBeLessThanOrEqual(LIMITS.maxCommandBytes + 300);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('imap and pop3 sessions survive random and byte-at-a-time input with catalogued events only', async () => {
    for (const template of [imapTemplate, pop3Template]) {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.oneof(fc.uint8Array({ maxLength: 200 }), fc.constantFrom('a LOGIN {3}\r\n', 'x', '\r\n', 'b AUTHENTICATE PLAIN\r\n', 'USER a\r\nPASS b\r\n', '*\r\n', 'c FETCH 1:* ALL\r\n')), { maxLength: 12 }), async (chunks) => {
          const s = startSession(template as typeof imapTemplate, { config: { auth_failure_delay_ms: 0 } });
          for (const c of chunks) s.peer.send(c);
          await new Promise((r) => setImmediate(r));
          expect(s.ctx.uncatalogued()).toEqual([]);
          expect(s.ctx.eventsOf('error')).toEqual([]);
          s.peer.stream.destroy();
        }),
        { numRuns: 60 },
      );
    }
  });
});
