// DeckyLogFiles: files named and marked live before the runner writes them, rotation handshake,
// size cap, wake-ups from the runner's own appends (here appendFileSync stands in for the runner).
import { appendFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deckyLogFiles, logPathOf } from './log-files';
import { DeckyLogFiles } from './log-writer';
import { StreamHub } from './stream-hub';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function files(over: { fileMaxBytes?: number; deckyMaxBytes?: number } = {}) {
  const root = mkdtempSync(`${tmpdir()}/logs-`);
  dirs.push(root);
  const hub = new StreamHub();
  let now = 1_000;
  const pruned: string[] = [];
  const f = new DeckyLogFiles({ root, decky: 'web-01', hub, fileMaxBytes: over.fileMaxBytes ?? 1 << 20, deckyMaxBytes: over.deckyMaxBytes ?? 1 << 20, retentionMs: 1e12, nowMs: () => now++, onPruned: (s) => pruned.push(...s) });
  return { root, hub, f, pruned };
}

describe('DeckyLogFiles', () => {
  it('creates the first file live before the runner starts, and ends it when the runner is gone', () => {
    const { root, hub, f } = files();
    expect(existsSync(f.path)).toBe(true);
    expect(f.path).toBe(logPathOf(root, f.stream));
    expect(hub.isLive(f.stream)).toBe(true);
    const stream = f.stream;
    f.close();
    expect(hub.isLive(stream)).toBe(false);
  });

  it('wakes the followers of a stream when the runner appends to its file', async () => {
    const { hub, f } = files();
    const woke = hub.wait(f.stream, 30_000, new AbortController().signal);
    appendFileSync(f.path, 'line\n');
    await woke.done; // resolves through the directory watch, not the 30 s safety poll
    f.close();
  }, 10_000);

  it('rotates by handshake: the next file is live before the runner moves, the old one ends after', () => {
    const { root, hub, f } = files();
    const first = f.stream;
    const name = f.next()!;
    expect(name).toMatch(/^\d+\.log$/);
    expect(f.next()).toBeUndefined(); // one request at a time
    const second = `local/web-01/${name.slice(0, -4)}`;
    expect([hub.isLive(first), hub.isLive(second)]).toEqual([true, true]);
    f.switched('999.log'); // not what was asked: ignored
    expect(hub.isLive(first)).toBe(true);
    f.switched(name);
    expect([hub.isLive(first), hub.isLive(second), f.stream]).toEqual([false, true, second]);
    expect(deckyLogFiles(root, 'web-01').map((x) => x.stream)).toEqual([first, second]);
    f.close();
    expect(hub.isLive(second)).toBe(false);
  });

  it('deletes the oldest ended files past deckyMaxBytes, never a live one', () => {
    const { root, hub, f, pruned } = files({ deckyMaxBytes: 250 });
    const first = f.stream;
    for (let i = 0; i < 4; i++) {
      appendFileSync(f.path, `${'x'.repeat(99)}\n`);
      f.switched(f.next()!);
    }
    const left = deckyLogFiles(root, 'web-01');
    expect(left.reduce((n, x) => n + x.sizeBytes, 0)).toBeLessThanOrEqual(250);
    expect(pruned[0]).toBe(first);
    expect(hub.isLive(f.stream) && existsSync(join(root, 'web-01', f.path.split('/').at(-1)!))).toBe(true);
    expect(logPathOf(root, '../../etc/passwd')).toBeUndefined();
    f.close();
  });
});
