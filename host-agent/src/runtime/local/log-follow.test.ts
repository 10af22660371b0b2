import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_LOG_LINE_CHARS, type DeckyLogLine } from '../log-stream';
import { followFile } from './log-follow';
import { StreamHub } from './stream-hub';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'follow-'));
  dirs.push(dir);
  const path = join(dir, '1.log');
  writeFileSync(path, '');
  const hub = new StreamHub();
  const lines: DeckyLogLine[] = [];
  const ac = new AbortController();
  const follow = (after?: string) => followFile({ path, decky: 'd', stream: 's', afterPosition: after, hub, onLine: (l) => void lines.push(l), signal: ac.signal, pollMs: 50 });
  const write = (text: string) => {
    appendFileSync(path, text);
    hub.notify('s');
  };
  return { path, hub, lines, ac, follow, write };
}

const tick = (ms = 30) => new Promise((r) => setTimeout(r, ms));

describe('followFile', () => {
  it('delivers whole lines with byte offsets as positions, holds a partial line, ends with the stream', async () => {
    const t = setup();
    t.hub.markLive('s');
    const done = t.follow();
    t.write('first\nsec');
    await tick();
    expect(t.lines.map((l) => [l.line, l.position])).toEqual([['first', '6']]);
    t.write('ond é\nthird');
    await tick();
    expect(t.lines.map((l) => l.line)).toEqual(['first', 'second é', ]);
    expect(t.lines[1]!.position).toBe(String(Buffer.byteLength('first\nsecond é\n')));
    t.hub.markEnded('s');
    await done; // a dead file's torn last line is still delivered
    expect(t.lines.map((l) => l.line)).toEqual(['first', 'second é', 'third']);
  });

  it('resumes strictly after a position, and resolves at once for an ended, drained file', async () => {
    const t = setup();
    t.write('a\nbb\nccc\n');
    await t.follow('2');
    expect(t.lines.map((l) => [l.line, l.position])).toEqual([['bb', '5'], ['ccc', '9']]);
    t.lines.length = 0;
    await t.follow('9');
    expect(t.lines).toEqual([]);
  });

  it('cuts an overlong line to MAX_LOG_LINE_CHARS and keeps the next line intact', async () => {
    const t = setup();
    t.write(`${'x'.repeat(MAX_LOG_LINE_CHARS * 5)}\nnext\n`);
    await t.follow();
    expect(t.lines.map((l) => l.line.length)).toEqual([MAX_LOG_LINE_CHARS, 4]);
    expect(t.lines[0]!.position).toBe(String(MAX_LOG_LINE_CHARS * 5 + 1));
  });

  it('stops on abort while waiting on a live file, and a missing file yields nothing', async () => {
    const t = setup();
    t.hub.markLive('s');
    const done = t.follow();
    await tick();
    t.ac.abort();
    await done;
    rmSync(t.path);
    await followFile({ path: t.path, decky: 'd', stream: 's', afterPosition: undefined, hub: t.hub, onLine: () => {}, signal: new AbortController().signal });
  });
});
