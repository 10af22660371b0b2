// SMTP framing: command lines, DATA with dot-unstuffing and bounded capture, overlong lines, and
// property tests (any split gives the same frames; random input never throws or grows unbounded).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SmtpParser, type SmtpFrame } from './parser';

function drive(p: SmtpParser, input: string | Buffer, onLine?: (line: string) => void): SmtpFrame[] {
  p.push(typeof input === 'string' ? Buffer.from(input, 'latin1') : input);
  const out: SmtpFrame[] = [];
  for (let f = p.next(); f; f = p.next()) {
    out.push(f);
    if (f.kind === 'line' && onLine) onLine(f.line);
  }
  return out;
}

const dataAfter = (p: SmtpParser) => (line: string): void => {
  if (line === 'DATA') p.startData(1 << 20);
};

describe('smtp parser', () => {
  it('splits commands on CRLF or bare LF', () => {
    expect(drive(new SmtpParser(512), 'EHLO x\r\nNOOP\nQUIT\r\n')).toEqual([
      { kind: 'line', line: 'EHLO x' }, { kind: 'line', line: 'NOOP' }, { kind: 'line', line: 'QUIT' },
    ]);
  });

  it('reads DATA to the lone dot, removing dot-stuffing (RFC 5321 §4.5.2)', () => {
    const p = new SmtpParser(512);
    const frames = drive(p, 'DATA\r\nSubject: x\r\n..leading dot\r\n.\r\nQUIT\r\n', dataAfter(p));
    expect(frames[1]).toEqual({ kind: 'message', body: Buffer.from('Subject: x\r\n.leading dot\r\n'), size: 26, truncated: false });
    expect(frames[2]).toEqual({ kind: 'line', line: 'QUIT' });
  });

  it('keeps only the capture limit of a message but counts all of it', () => {
    const p = new SmtpParser(64);
    p.push(Buffer.from('DATA\r\n'));
    p.next();
    p.startData(10);
    const frames = drive(p, `${'x'.repeat(5000)}\r\n${'y'.repeat(100)}\r\n.\r\n`);
    expect(frames[0]).toMatchObject({ kind: 'message', size: 5104, truncated: true });
    expect(frames[0]?.kind === 'message' && frames[0].body.length).toBe(10);
    expect(p.buffered).toBe(0);
  });

  it('reports an overlong command line once and discards it', () => {
    const p = new SmtpParser(100);
    const frames = drive(p, `MAIL FROM:<${'a'.repeat(300)}>\r\nNOOP\r\n`);
    expect(frames).toEqual([{ kind: 'line_too_long', bytes: 314 }, { kind: 'line', line: 'NOOP' }]);
  });

  it('frames a session identically however it is split', () => {
    const session = 'EHLO a\r\nMAIL FROM:<a@b>\r\nDATA\r\nline one\r\n..dot\r\n.\r\nRSET\r\n';
    const whole = (() => {
      const p = new SmtpParser(512);
      return drive(p, session, dataAfter(p));
    })();
    fc.assert(
      fc.property(fc.array(fc.nat({ max: session.length }), { maxLength: 10 }), (cuts) => {
        const p = new SmtpParser(512);
        const got: SmtpFrame[] = [];
        let prev = 0;
        for (const c of [...[...new Set(cuts)].sort((a, b) => a - b), session.length]) {
          got.push(...drive(p, session.slice(prev, c), dataAfter(p)));
          prev = c;
        }
        expect(got).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on random input and keeps its buffer bounded', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 2048 }), { maxLength: 30 }), fc.boolean(), (chunks, inData) => {
        const p = new SmtpParser(512);
        if (inData) p.startData(4096);
        for (const c of chunks) {
          drive(p, Buffer.from(c));
          expect(p.buffered).toBeLessThanOrEqual(512 + 2048);
        }
      }),
      { numRuns: 300 },
    );
  });
});
