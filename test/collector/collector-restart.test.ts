// The collector over the local runtime under continuous traffic: stopped and restarted mid-stream,
// then an agent restart (runners re-spawned, the old log files drained), then a crash that loses
// its cursor file. Every logged line becomes exactly one stored id; a re-read line keeps its id.
import { mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeckySpec } from '@decnet/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalRuntime } from '../../host-agent/src/runtime/local/local-runtime';
import { idsOfAllLoggedLines, spoolCollector, until } from '../../host-agent/src/runtime/local/testing';

const DECKY = `e2e-coll-${Math.random().toString(36).slice(2, 8)}`;
const spec: DeckySpec = { name: DECKY, services: ['ssh', 'telnet'], serviceConfig: {} };
const dir = mkdtempSync(join(tmpdir(), 'decnet-collector-'));
const open = () => LocalRuntime.open({ dataDir: dir, stopTimeoutMs: 3000 });

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Opens and closes TCP connections to every service until stopped: connect/disconnect lines. */
function traffic(rt: LocalRuntime) {
  let running = true;
  let connections = 0;
  const one = (host: string, port: number) =>
    new Promise<void>((done) => {
      const s = connect(port, host, () => setTimeout(() => s.destroy(), 5));
      s.on('close', () => done());
      s.on('error', () => done());
    });
  const loops = rt.endpoints().map(async ({ host, port }) => {
    while (running) {
      await one(host, port);
      connections++;
    }
  });
  return { stop: async () => ((running = false), await Promise.all(loops)), count: () => connections };
}

describe('collector restarts', () => {
  it('loses no line and stores none twice across a collector restart mid-stream and an agent restart', async () => {
    let rt = await open();
    await rt.apply([spec]);
    // The dedup would drop repeated connects; off here, so every line maps to exactly one event.
    const c = await spoolCollector(rt, dir, { interpret: { dedupWindowMs: 0 } });
    let collector = c.make();
    await collector.start();
    let load = traffic(rt);
    await until(() => c.stored.length >= 100, 20_000, '100 events');
    await collector.stop(); // mid-stream: the traffic goes on
    const atStop = load.count();
    await until(() => load.count() >= atStop + 20, 10_000, 'traffic while the collector is stopped');
    collector = c.make();
    await collector.start();
    await until(() => c.stored.length >= 300, 20_000, '300 events');
    await load.stop();

    // Agent restart: the collector and the runtime stop; a new runtime re-spawns the runner into a
    // new file while the old one, ended, is drained by the new collector.
    await collector.stop();
    await rt.close();
    rt = await open();
    await rt.apply([spec]);
    collector = c.make({ source: rt });
    await collector.start();
    load = traffic(rt);
    await until(() => load.count() >= 30, 10_000, 'traffic after the agent restart');
    await load.stop();
    await rt.close(); // every stream has ended: the collector drains them

    const expected = await idsOfAllLoggedLines(dir, 'test-host');
    await until(() => c.stored.length >= expected.length, 20_000, `all ${expected.length} lines`);
    await collector.stop();
    const ids = c.stored.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length); // none twice
    expect(new Set(ids)).toEqual(new Set(expected)); // none lost
    expect((await rt.logStreams()).filter((s) => s.decky === DECKY)).toHaveLength(2);
    expect(c.stored.filter((e) => e.eventType === 'startup')).toHaveLength(4); // 2 services x 2 runs

    // A crash that lost the cursor file: everything is read again, under the same ids.
    unlinkSync(join(dir, 'collector-cursors.json'));
    const before = c.stored.length;
    collector = c.make({ source: rt });
    await collector.start();
    await until(() => c.stored.length >= before + expected.length, 20_000, 're-read');
    await collector.stop();
    const reread = c.stored.slice(before);
    expect(reread.map((e) => e.id).sort()).toEqual([...ids].sort());
    const first = new Map(c.stored.slice(0, before).map((e) => [e.id, e.raw]));
    expect(reread.every((e) => first.get(e.id) === e.raw)).toBe(true); // same id, same line
    await c.spool.spool.close();
  });
});
