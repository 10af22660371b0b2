// A topology on the local runtime: each LAN is its own loopback block (no isolation, reported as such),
// a decky listens on the twin address of each of its LANs, and a detach restarts only that decky.
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeckySpec, DesiredTopology } from '@decnet/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalRuntime } from '../../host-agent/src/runtime/local/local-runtime';
import { liveStreamOf, runnerPidsOf, until } from '../../host-agent/src/runtime/local/testing';

const suffix = Math.random().toString(36).slice(2, 8);
const WEB = `lt-web-${suffix}`;
const FW = `lt-fw-${suffix}`;
const DB = `lt-db-${suffix}`;
const spec = (name: string, ip: string): DeckySpec => ({ name, ip, services: ['telnet'], serviceConfig: {} });
const lans = [{ name: 'dmz', subnet: '10.120.0.0/24', dmz: true }, { name: 'inner', subnet: '10.120.1.0/24', dmz: false }];
const v1: DesiredTopology = {
  id: `lt-${suffix}`, name: 'lt', version: 1, lans,
  members: [
    { decky: WEB, homes: [{ lan: 'dmz', ip: '10.120.0.10' }], forwards: false },
    { decky: FW, homes: [{ lan: 'dmz', ip: '10.120.0.2' }, { lan: 'inner', ip: '10.120.1.2' }], forwards: true },
    { decky: DB, homes: [{ lan: 'inner', ip: '10.120.1.20' }], forwards: false },
  ],
};
const deckies = [spec(WEB, '10.120.0.10'), spec(FW, '10.120.0.2'), spec(DB, '10.120.1.20')];

let dir: string;
let rt: LocalRuntime;
const hostOf = (decky: string): string | undefined => rt.endpoints().find((e) => e.decky === decky)?.host;
const banner = (host: string, port: number) => new Promise<string>((ok, ko) => {
  const s = connect(port, host);
  s.once('data', (d) => (s.destroy(), ok(String(d))));
  s.once('error', ko);
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'decnet-local-topo-'));
  rt = await LocalRuntime.open({ dataDir: dir, backoff: { baseMs: 200, maxMs: 1000 }, stopTimeoutMs: 3000 });
});
afterAll(async () => {
  await rt?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(process.platform !== 'linux')('local runtime topology', () => {
  it('binds each decky on each of its LAN blocks and reports the topology active, not isolated', async () => {
    await rt.apply(deckies, [v1]);
    await until(() => rt.report().every((r) => r.state === 'running'), 30_000, 'deckies running');
    const [web, fw, db] = [hostOf(WEB)!, hostOf(FW)!, hostOf(DB)!];
    const block = (ip: string) => ip.split('.').slice(0, 2).join('.');
    expect(web).toMatch(/^127\.\d+\.0\.10$/);
    expect(fw).toMatch(/^127\.\d+\.0\.2$/);
    expect(db).toMatch(/^127\.\d+\.0\.20$/); // host part within its LAN (10.120.1.0/24)
    expect(block(web)).toBe(block(fw));
    expect(block(db)).not.toBe(block(web));
    const port = rt.endpoints().find((e) => e.decky === DB)!.port;
    expect(await banner(db, port)).toBeTruthy();
    // The multi-homed forwarder answers on its DMZ address and on its inner-LAN address.
    const fwHosts = rt.endpoints().filter((e) => e.decky === FW);
    expect(fwHosts.map((e) => e.host)).toEqual([fw, `127.${db.split('.')[1]}.0.2`]);
    for (const e of fwHosts) expect(await banner(e.host, e.port)).toBeTruthy(); // telnet answers (IAC options first)
    expect(rt.reportTopologies()).toEqual([{ id: v1.id, appliedVersion: 1, state: 'active', isolated: false }]);
  });

  it('detaching the forwarder from its first LAN moves only it; untouched deckies keep running', async () => {
    const before = { web: runnerPidsOf(WEB), db: runnerPidsOf(DB) };
    // Each start of a decky writes a new log stream, whichever runner process (group) it runs in.
    const streams = { web: await liveStreamOf(rt, WEB), db: await liveStreamOf(rt, DB), fw: await liveStreamOf(rt, FW) };
    const dbHost = hostOf(DB)!;
    const fwDmz = rt.endpoints().find((e) => e.decky === FW)!;
    const v2 = { ...v1, version: 2, members: v1.members.map((m) => (m.decky === FW ? { ...m, homes: [m.homes[1]!] } : m)) };
    await rt.apply([spec(WEB, '10.120.0.10'), spec(FW, '10.120.1.2'), spec(DB, '10.120.1.20')], [v2]);
    await until(() => rt.report().every((r) => r.state === 'running'), 30_000, 'deckies running');
    expect(hostOf(FW)!.split('.').slice(0, 2)).toEqual(dbHost.split('.').slice(0, 2));
    expect(hostOf(FW)).toMatch(/\.0\.2$/);
    expect(runnerPidsOf(WEB)).toEqual(before.web);
    expect(runnerPidsOf(DB)).toEqual(before.db);
    expect({ web: await liveStreamOf(rt, WEB), db: await liveStreamOf(rt, DB) }).toEqual({ web: streams.web, db: streams.db });
    expect(await liveStreamOf(rt, FW)).not.toBe(streams.fw);
    expect(runnerPidsOf(FW)).toHaveLength(1);
    expect(rt.endpoints().filter((e) => e.decky === FW).map((e) => e.host)).toEqual([hostOf(FW)]);
    await expect(banner(fwDmz.host, fwDmz.port)).rejects.toThrow(/ECONNREFUSED/); // gone from the DMZ
    expect(rt.reportTopologies()).toEqual([{ id: v1.id, appliedVersion: 2, state: 'active', isolated: false }]);
    // A member that cannot be placed degrades the topology and keeps the last good version.
    const v3 = { ...v2, version: 3, members: [...v2.members, { decky: 'nobody', homes: [{ lan: 'dmz', ip: '10.120.0.99' }], forwards: false }] };
    await rt.apply([spec(WEB, '10.120.0.10'), spec(FW, '10.120.1.2'), spec(DB, '10.120.1.20')], [v3]);
    expect(rt.reportTopologies()).toEqual([{ id: v1.id, appliedVersion: 2, state: 'degraded', error: 'decky nobody: not in the desired deckies', isolated: false }]);
  });
});
