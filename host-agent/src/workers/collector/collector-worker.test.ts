import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventIdFor, ServiceEventSchema, type ServiceEvent } from '@decnet/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeckyLogLine, DeckyLogSource, DeckyLogStreamInfo } from '../../runtime/log-stream';
import { CollectorWorker, type CollectorWorkerDeps } from './collector-worker';

/** In-memory log source: positions are 1-based line numbers. */
class FakeSource implements DeckyLogSource {
  lines = new Map<string, string[]>();
  live = new Set<string>();
  private wake = new Set<() => void>();

  add(stream: string, ...lines: string[]): void {
    this.lines.set(stream, [...(this.lines.get(stream) ?? []), ...lines]);
    this.live.add(stream);
    for (const w of this.wake) w();
  }

  end(stream: string): void {
    this.live.delete(stream);
    for (const w of this.wake) w();
  }

  async logStreams(): Promise<DeckyLogStreamInfo[]> {
    return [...this.lines.keys()].map((s) => ({ decky: s.split('/')[1]!, stream: s, live: this.live.has(s) }));
  }

  async follow(stream: string, after: string | undefined, onLine: (l: DeckyLogLine) => Promise<void> | void, signal: AbortSignal): Promise<void> {
    let next = after ? Number(after) : 0;
    while (!signal.aborted) {
      const all = this.lines.get(stream) ?? [];
      const ended = !this.live.has(stream);
      while (next < all.length && !signal.aborted) {
        next++;
        await onLine({ decky: stream.split('/')[1]!, stream, position: String(next), line: all[next - 1]! });
      }
      if (ended || signal.aborted) return;
      if (next < (this.lines.get(stream)?.length ?? 0) || !this.live.has(stream)) continue;
      await new Promise<void>((ok) => {
        const w = () => (this.wake.delete(w), ok());
        this.wake.add(w);
        signal.addEventListener('abort', w, { once: true });
      });
    }
  }
}

const line = (i: number, type = 'auth_attempt', host = 'web-01') =>
  `<134>1 2026-03-01T10:00:${String(i % 60).padStart(2, '0')}.000Z ${host} ssh - ${type} [relay@55555 src_ip="10.1.2.${i % 250}" src_port="4${i}" username="u${i}"]`;

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function setup(source: FakeSource, over: Partial<CollectorWorkerDeps> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'collector-'));
  dirs.push(dir);
  const stored: ServiceEvent[] = [];
  const published: string[] = [];
  const make = (extra: Partial<CollectorWorkerDeps> = {}) =>
    new CollectorWorker({
      name: 'collector', log: () => {}, fail: (e) => { throw e; },
      source, sink: async (evs) => void stored.push(...evs), sourceId: 'host-1', cursorFile: join(dir, 'cursors.json'),
      openBus: () => ({ publish: (_t: string, _ty: string, p: unknown) => void published.push((p as ServiceEvent).id), close: async () => {} }),
      discoverIntervalMs: 20, batchDelayMs: 5, cursorWriteMs: 10, retryMs: 20, ...over, ...extra,
    });
  return { dir, stored, published, make };
}

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('CollectorWorker', () => {
  it('turns stream lines into events with deterministic ids, applies drop list and dedup, keeps garbage raw', async () => {
    const src = new FakeSource();
    src.add('local/web-01/1', line(1), line(2, 'connect'), line(2, 'connect'), '<134>1 2026-03-01T10:00:03Z web-01 sshd - x -', 'garbage \u0000 line');
    const { stored, published, make } = setup(src);
    const w = make();
    await w.start();
    await until(() => stored.length === 3);
    await w.stop();
    const [a, b, g] = stored;
    expect(a).toMatchObject({ decky: 'web-01', service: 'ssh', eventType: 'auth_attempt', srcIp: '10.1.2.1', srcPort: 41, fields: { username: 'u1' } });
    expect(a!.id).toBe(await eventIdFor('host-1/local/web-01/1', '1'));
    expect(b!.eventType).toBe('connect');
    expect(g).toMatchObject({ decky: 'web-01', service: 'decnet-agent', eventType: 'parse_error', raw: 'garbage \u0000 line', fields: { error: 'bad_pri', position: '5' } });
    expect(w.counters).toMatchObject({ lines: 5, events: 3, droppedApp: 1, deduped: 1, malformed: 1 });
    expect(published).toEqual(stored.map((e) => e.id));
    for (const e of stored) expect(ServiceEventSchema.safeParse(e).success).toBe(true);
  });

  it('resumes from its cursor after a restart: nothing lost, nothing stored twice', async () => {
    const src = new FakeSource();
    const { stored, make } = setup(src);
    let w = make();
    await w.start();
    for (let i = 1; i <= 300; i++) {
      src.add('local/web-01/7', line(i));
      if (i === 150) {
        await until(() => stored.length >= 100);
        await w.stop();
        w = make();
        await w.start();
      }
    }
    src.end('local/web-01/7');
    await until(() => stored.length >= 300);
    await w.stop();
    const ids = stored.map((e) => e.id);
    expect(new Set(ids).size).toBe(300);
    expect(stored.map((e) => e.fields.username)).toEqual(Array.from({ length: 300 }, (_, i) => `u${i + 1}`));
  });

  it('a failing spool append fails only that follow; the lines are read again with the same ids', async () => {
    const src = new FakeSource();
    let failNext = true;
    const stored: ServiceEvent[] = [];
    const { make } = setup(src, {
      sink: async (evs) => {
        if (failNext) {
          failNext = false;
          throw new Error('disk full');
        }
        stored.push(...evs);
      },
    });
    src.add('local/db-01/1', line(1, 'auth_attempt', 'db-01'), line(2, 'auth_attempt', 'db-01'));
    src.end('local/db-01/1');
    const w = make();
    await w.start();
    await until(() => stored.length === 2);
    expect(w.counters.sinkErrors).toBe(1);
    expect(w.counters.followErrors).toBe(1);
    expect(w.health().status).toBe('degraded');
    await w.stop();
    expect(stored.map((e) => e.fields.username)).toEqual(['u1', 'u2']);
  });

  it('follows new streams as they appear and finishes ended ones', async () => {
    const src = new FakeSource();
    const { stored, make } = setup(src);
    const w = make();
    await w.start();
    src.add('local/a/1', line(1, 'auth_attempt', 'a'));
    src.end('local/a/1');
    src.add('local/b/2', line(2, 'auth_attempt', 'b'));
    await until(() => stored.length === 2);
    await until(() => w.counters.streams === 1);
    await w.stop();
    expect(stored.map((e) => e.decky).sort()).toEqual(['a', 'b']);
  });
});
