// FTP control parser: verbs and arguments, Telnet IAC removal (RFC 854 / RFC 959 §4.1.3), overlong
// lines, and property tests for arbitrary splits and random bytes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FtpParser, type FtpFrame } from './parser';

function all(p: FtpParser, input: string | Uint8Array): FtpFrame[] {
  p.push(typeof input === 'string' ? Buffer.from(input, 'latin1') : input);
  const out: FtpFrame[] = [];
  for (let f = p.next(); f; f = p.next()) out.push(f);
  return out;
}

describe('ftp parser', () => {
  it('splits verb and argument, upper-casing the verb only', () => {
    expect(all(new FtpParser(512), 'user Deploy\r\nPASS  two  spaces\r\nPWD\n')).toEqual([
      { kind: 'command', verb: 'USER', arg: 'Deploy', raw: 'user Deploy' },
      { kind: 'command', verb: 'PASS', arg: ' two  spaces', raw: 'PASS  two  spaces' },
      { kind: 'command', verb: 'PWD', arg: '', raw: 'PWD' },
    ]);
  });

  it('removes Telnet IAC sequences and keeps IAC IAC as 0xff', () => {
    const frames = all(new FtpParser(512), Buffer.from([0xff, 0xf4, 0xff, 0xf2, ...Buffer.from('ABOR\r\n'), 0xff, 0xfb, 0x01, ...Buffer.from('NOOP\r\n')]));
    expect(frames.map((f) => f.kind === 'command' && f.verb)).toEqual(['ABOR', 'NOOP']);
  });

  it('reports an overlong line without buffering it', () => {
    const p = new FtpParser(64);
    expect(all(p, `STOR ${'x'.repeat(10_000)}\r\nNOOP\r\n`)).toEqual([
      { kind: 'too_long', bytes: 10_006 },
      { kind: 'command', verb: 'NOOP', arg: '', raw: 'NOOP' },
    ]);
  });

  it('parses the same commands however the stream is split', () => {
    const text = 'USER anonymous\r\nPASS a@b\r\nCWD /pub\r\nTYPE I\r\nPASV\r\nRETR x y.bin\r\nQUIT\r\n';
    const whole = all(new FtpParser(512), text);
    fc.assert(
      fc.property(fc.array(fc.nat({ max: text.length }), { maxLength: 12 }), (cuts) => {
        const p = new FtpParser(512);
        const got: FtpFrame[] = [];
        let prev = 0;
        for (const c of [...[...new Set(cuts)].sort((a, b) => a - b), text.length]) {
          got.push(...all(p, text.slice(prev, c)));
          prev = c;
        }
        expect(got).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on random bytes', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 2000 }), { maxLength: 20 }), (chunks) => {
        const p = new FtpParser(256);
        for (const c of chunks) for (const f of all(p, c)) if (f.kind === 'command') expect(f.raw.length).toBeLessThanOrEqual(256);
      }),
      { numRuns: 300 },
    );
  });
});
