import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_LOG_LINE_CHARS } from '../log-stream';
import { deckyLogFiles, logPathOf } from './log-files';
import { DeckyLogWriter } from './log-writer';
import { StreamHub } from './stream-hub';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function writer(over: { fileMaxBytes?: number; deckyMaxBytes?: number } = {}) {
  const root = mkdtempSync(`${tmpdir()}/logs-`);
  dirs.push(root);
  const hub = new StreamHub();
  let now = 1_000;
  const pruned: string[] = [];
  const w = new DeckyLogWriter({ root, decky: 'web-01', hub, fileMaxBytes: over.fileMaxBytes ?? 1 << 20, deckyMaxBytes: over.deckyMaxBytes ?? 1 << 20, retentionMs: 1e12, nowMs: () => now++, onPruned: (s) => pruned.push(...s) });
  return { root, hub, w, pruned };
}

describe('DeckyLogWriter', () => {
  it('writes whole lines only, cuts long ones, and ends its stream on close', () => {
    const { root, hub, w } = writer();
    expect(hub.isLive(w.stream)).toBe(true);
    w.write(Buffer.from('one\ntw'));
    expect(readFileSync(logPathOf(root, w.stream)!, 'utf8')).toBe('one\n');
    w.write(Buffer.from(`o\n${'y'.repeat(MAX_LOG_LINE_CHARS + 10)}\ntail`));
    const stream = w.stream;
    w.close();
    expect(hub.isLive(stream)).toBe(false);
    const text = readFileSync(logPathOf(root, stream)!, 'utf8').split('\n');
    expect(text.map((l) => l.length)).toEqual([3, 3, MAX_LOG_LINE_CHARS, 4, 0]);
  });

  it('rotates past fileMaxBytes into a new stream and deletes the oldest files past deckyMaxBytes', () => {
    const { root, w, pruned } = writer({ fileMaxBytes: 100, deckyMaxBytes: 250 });
    const first = w.stream;
    for (let i = 0; i < 20; i++) w.write(Buffer.from(`${'x'.repeat(49)}\n`));
    const files = deckyLogFiles(root, 'web-01');
    expect(files.length).toBeLessThanOrEqual(4);
    expect(files.reduce((n, f) => n + f.sizeBytes, 0)).toBeLessThanOrEqual(250 + 100);
    expect(pruned[0]).toBe(first);
    expect(new Set(files.map((f) => f.stream)).size).toBe(files.length);
    expect(logPathOf(root, '../../etc/passwd')).toBeUndefined();
    w.close();
  });
});
