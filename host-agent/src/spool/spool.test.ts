import { appendFileSync, mkdtempSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readCursor } from './cursor';
import { Spool, type SpoolDrop, type SpoolOptions } from './spool';
import { listSegments, segmentPath } from './segments';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'spool-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const rec = (i: number, pad = 40) => Buffer.from(`{"n":${i},"pad":"${'x'.repeat(pad)}"}`);
const nums = (bufs: Buffer[]) => bufs.map((b) => (JSON.parse(b.toString()) as { n: number }).n);
const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);

async function open(dir: string, o: Partial<SpoolOptions> = {}): Promise<Spool> {
  return Spool.open({ dir, maxBytes: 64 * 1024 * 1024, segmentBytes: 1024 * 1024, fsync: 'group', ...o });
}

async function drain(s: Spool, ack = true, max = 100): Promise<number[]> {
  const out: number[] = [];
  for (let b = await s.read(max, 1 << 20); b; b = await s.read(max, 1 << 20)) {
    out.push(...nums(b.records));
    if (ack) await s.ack(b);
  }
  return out;
}

describe('spool', () => {
  it('appends, reads in order across segments, acknowledges and deletes consumed segments', async () => {
    const dir = tmp();
    const s = await open(dir, { segmentBytes: 4096 });
    await s.append(range(0, 500).map((i) => rec(i)));
    expect(s.stats().pendingRecords).toBe(500);
    expect((await listSegments(dir)).length).toBeGreaterThan(5);
    expect(await drain(s)).toEqual(range(0, 500));
    expect(s.stats().pendingRecords).toBe(0);
    expect((await listSegments(dir)).length).toBe(1);
    await s.close();
  });

  it('resumes at the acknowledged cursor after a restart, resending only the unacknowledged', async () => {
    const dir = tmp();
    let s = await open(dir, { segmentBytes: 4096 });
    await s.append(range(0, 300).map((i) => rec(i)));
    const first = (await s.read(120, 1 << 20))!;
    await s.ack(first);
    await s.read(50, 1 << 20); // read, never acknowledged (lost in flight)
    await s.close();
    s = await open(dir, { segmentBytes: 4096 });
    expect(s.stats().pendingRecords).toBe(300 - first.records.length);
    expect(await drain(s)).toEqual(range(nums(first.records).length, 300));
    await s.close();
  });

  it('rewind re-reads everything not yet acknowledged', async () => {
    const s = await open(tmp());
    await s.append(range(0, 10).map((i) => rec(i)));
    await s.ack((await s.read(3, 1 << 20))!);
    await s.read(3, 1 << 20);
    s.rewind();
    expect(await drain(s)).toEqual(range(3, 10));
    await s.close();
  });

  it('ignores a torn final record after a crash and appends behind the last whole one', async () => {
    const dir = tmp();
    let s = await open(dir);
    await s.append(range(0, 20).map((i) => rec(i)));
    await s.close();
    const [seq] = await listSegments(dir);
    const path = segmentPath(dir, seq!);
    const whole = statSync(path).size;
    // a header announcing 100 bytes followed by only 10 of them
    const torn = Buffer.alloc(18);
    torn.writeUInt32LE(100, 0);
    appendFileSync(path, torn);
    s = await open(dir);
    expect(statSync(path).size).toBe(whole);
    await s.append([rec(20)]);
    expect(await drain(s)).toEqual(range(0, 21));
    await s.close();
  });

  it('skips a record with a bad checksum and everything after it in that segment', async () => {
    const dir = tmp();
    let s = await open(dir);
    await s.append(range(0, 10).map((i) => rec(i)));
    await s.close();
    const [seq] = await listSegments(dir);
    const path = segmentPath(dir, seq!);
    const recBytes = statSync(path).size / 10;
    const { openSync, writeSync, closeSync } = await import('node:fs');
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.from('Z'), 0, 1, recBytes * 4 + 12); // flip a payload byte of record 4
    closeSync(fd);
    s = await open(dir);
    expect(s.stats().pendingRecords).toBe(4);
    await s.append([rec(99)]);
    expect(await drain(s)).toEqual([0, 1, 2, 3, 99]);
    await s.close();
  });

  it('stays within maxBytes when full: drops the oldest segment, counts it, persists the counters', async () => {
    const dir = tmp();
    const drops: SpoolDrop[] = [];
    const maxBytes = 64 * 1024;
    let s = await open(dir, { maxBytes, segmentBytes: 8 * 1024, onDrop: (d) => drops.push(d) });
    for (let i = 0; i < 2000; i += 100) await s.append(range(i, i + 100).map((n) => rec(n)));
    const st = s.stats();
    const onDisk = readdirSync(dir).filter((n) => n.startsWith('seg-')).reduce((t, n) => t + statSync(join(dir, n)).size, 0);
    expect(onDisk).toBeLessThanOrEqual(maxBytes);
    expect(st.droppedRecords).toBeGreaterThan(0);
    expect(st.droppedRecords + st.pendingRecords).toBe(2000);
    expect(drops.reduce((t, d) => t + d.records, 0)).toBe(st.droppedRecords);
    const got = await drain(s, true, 1000);
    expect(got).toEqual(range(2000 - got.length, 2000)); // the newest survive, in order
    await s.close();
    expect(readCursor(dir)?.droppedRecords).toBe(st.droppedRecords);
    s = await open(dir, { maxBytes, segmentBytes: 8 * 1024 });
    expect(s.stats().droppedRecords).toBe(st.droppedRecords);
    await s.close();
  });

  it('does not double count a batch whose segment was dropped while it was in flight', async () => {
    const s = await open(tmp(), { maxBytes: 64 * 1024, segmentBytes: 8 * 1024 });
    await s.append(range(0, 50).map((i) => rec(i)));
    const inFlight = (await s.read(10, 1 << 20))!;
    for (let i = 50; i < 2000; i += 50) await s.append(range(i, i + 50).map((n) => rec(n)));
    const before = s.stats();
    await s.ack(inFlight);
    expect(s.stats()).toEqual(before);
    expect(before.droppedRecords + before.pendingRecords).toBe(2000);
    await s.close();
  });

  it('reads a record larger than maxBytes whole, and respects maxRecords', async () => {
    const s = await open(tmp());
    await s.append([rec(0, 5000), rec(1), rec(2)]);
    expect(nums((await s.read(10, 100))!.records)).toEqual([0]);
    expect(nums((await s.read(1, 1 << 20))!.records)).toEqual([1]);
    await s.close();
  });

  it('interval fsync policy resolves appends and keeps data', async () => {
    const dir = tmp();
    let s = await open(dir, { fsync: 'interval', fsyncIntervalMs: 5 });
    await s.append(range(0, 100).map((i) => rec(i)));
    await s.close();
    s = await open(dir, { fsync: 'interval', fsyncIntervalMs: 5 });
    expect(await drain(s)).toEqual(range(0, 100));
    await s.close();
  });

  it('recovers when the cursor file is missing or garbage', async () => {
    const dir = tmp();
    let s = await open(dir);
    await s.append(range(0, 5).map((i) => rec(i)));
    await s.close();
    writeFileSync(join(dir, 'cursor.json'), '{nope');
    s = await open(dir);
    expect(await drain(s)).toEqual(range(0, 5));
    await s.close();
  });

  it('truncated to zero bytes, a segment simply holds nothing', async () => {
    const dir = tmp();
    let s = await open(dir);
    await s.append([rec(1)]);
    await s.close();
    truncateSync(segmentPath(dir, (await listSegments(dir))[0]!), 0);
    s = await open(dir);
    expect(s.stats().pendingRecords).toBe(0);
    await s.close();
  });
});
