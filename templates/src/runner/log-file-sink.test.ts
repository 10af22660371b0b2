// LogFileSink and the agent link: lines appended straight to the file, one request for the next
// file past the cap, switching only to `<digits>.log` beside it, and the agent's EOF noticed.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { linkAgent } from './agent-link';
import { LogFileSink } from './log-file-sink';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function sink(maxBytes: number) {
  const dir = mkdtempSync(join(tmpdir(), 'sink-'));
  dirs.push(dir);
  const full: string[] = [];
  return { dir, full, s: new LogFileSink(join(dir, '100.log'), maxBytes, (n) => full.push(n)) };
}

describe('LogFileSink', () => {
  it('appends whole lines, asks once for the next file past the cap, and switches when told', () => {
    const { dir, full, s } = sink(20);
    s.write('first line');
    expect(readFileSync(join(dir, '100.log'), 'utf8')).toBe('first line\n'); // on disk at once, no buffering
    s.write('second line');
    s.write('third line');
    expect(full).toEqual(['100.log']);
    s.switchTo('200.log');
    s.write('fourth');
    expect(readFileSync(join(dir, '100.log'), 'utf8')).toBe('first line\nsecond line\nthird line\n');
    expect(readFileSync(join(dir, '200.log'), 'utf8')).toBe('fourth\n');
    expect(() => s.switchTo('../../etc/cron.d/x')).toThrow(/not a log file name/);
    expect(() => s.switchTo('/tmp/1.log')).toThrow(/not a log file name/);
    s.close();
  });
});

describe('linkAgent', () => {
  it('switches on a logFile command, reports it, ignores junk, and notices the end of the pipe', async () => {
    const { dir, s } = sink(1 << 20);
    const input = new PassThrough();
    const statuses: Array<Record<string, unknown>> = [];
    let gone = 0;
    linkAgent({ input, sink: s, status: (o) => statuses.push(o), onAgentGone: () => gone++ });
    input.write('not json\n{"logFile":"../x.log"}\n{"logFi');
    input.write('le":"300.log"}\n');
    await new Promise((r) => setImmediate(r));
    s.write('after');
    expect(statuses).toEqual([{ logSwitchFailed: '../x.log', reason: 'not a log file name: ../x.log' }, { logSwitched: '300.log' }]);
    expect(readFileSync(join(dir, '300.log'), 'utf8')).toBe('after\n');
    input.end();
    await new Promise((r) => setImmediate(r));
    expect(gone).toBe(1);
    s.close();
  });
});
