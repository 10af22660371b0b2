// Log rotation of the local runtime with a real runner: the runner appends to its own files and
// moves to the next one its agent names past the size cap; the collector takes every line of every
// file exactly once and each rotated-out stream ends (so its follower finishes).
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServiceEvent } from '@decnet/protocol';
import { afterAll, expect, it } from 'vitest';
import { LocalRuntime } from '../../host-agent/src/runtime/local/local-runtime';
import { idsOfAllLoggedLines, spoolCollector, until } from '../../host-agent/src/runtime/local/testing';

const DECKY = `rot-${Math.random().toString(36).slice(2, 8)}`;
const dir = mkdtempSync(join(tmpdir(), 'decnet-rotation-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const get = (host: string, port: number, path: string) =>
  new Promise<void>((ok, fail) => {
    const req = request({ host, port, path, agent: false }, (res) => res.resume().on('end', ok));
    req.on('error', fail);
    req.end();
  });

it('rotates past the cap by handshake with the runner, losing and doubling nothing', async () => {
  const runtime = await LocalRuntime.open({ dataDir: dir, stopTimeoutMs: 3000, logFileMaxBytes: 8 * 1024, logDeckyMaxBytes: 64 << 20 });
  const c = await spoolCollector(runtime, dir, { interpret: { dedupWindowMs: 0 } });
  const collector = c.make();
  await collector.start();
  try {
    await runtime.apply([{ name: DECKY, services: ['http'], serviceConfig: {} }]);
    const { host, port } = runtime.endpoints().find((e) => e.service === 'http')!;
    const paths = Array.from({ length: 120 }, (_, i) => `/rot-${i}`);
    for (const p of paths) await get(host, port, p);
    await until(async () => (await runtime.logStreams()).filter((s) => !s.live).length >= 3, 10_000, 'three rotated-out streams');
    const streams = await runtime.logStreams();
    expect(streams.filter((s) => s.live)).toHaveLength(1); // exactly one file is written at a time
    const requested = (events: ServiceEvent[]) => events.filter((e) => e.eventType === 'request' && e.decky === DECKY).map((e) => e.fields['path']);
    await until(() => requested(c.stored).length >= paths.length, 10_000, 'every request collected');
    expect(requested(c.stored).sort()).toEqual([...paths].sort());
    await runtime.close();
    const ids = await idsOfAllLoggedLines(dir, 'test-host');
    await until(() => new Set(c.stored.map((e) => e.id)).size === ids.length, 10_000, 'every line collected');
    expect(new Set(c.stored.map((e) => e.id))).toEqual(new Set(ids));
  } finally {
    await runtime.close();
    await collector.stop();
    await c.spool.spool.close();
  }
}, 60_000);
