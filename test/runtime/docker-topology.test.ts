// A topology on the docker runtime against a real dockerd, with real traffic: a DMZ (macvlan on a
// veth parent, reached from the host's peer end) and an inner LAN behind a forwarding decky. The host
// reaches the DMZ decky's ssh/http but not the inner decky; the forwarder (and, through its route, the
// DMZ decky) does. Mutations: add a decky to the inner LAN, detach the bridge; untouched containers stay.
// Routes (and the services container's netns) come back after docker restarts a base container.
// Needs root; installs and starts dockerd when missing. Only touches 10.197.5-6.0/24 on veth index 5.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { DeckySpec, DesiredTopology } from '@decnet/protocol';
import { templateFor } from '@decnet/templates';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerRuntime } from '../../host-agent/src/runtime/docker/index';
import { ensureDocker, ensureTemplateImage, TEST_IMAGE, vethDown, vethUp, type TestNet } from '../../scripts/docker/test-env';

const run = promisify(execFile);
const LABEL = 'dtopo';
const PREFIX = 'dtopo-';
const skip = process.getuid?.() !== 0 ? 'needs root (veth, dockerd)' : await ensureDocker();
if (skip) console.warn(`docker topology e2e SKIPPED: ${skip}`);
const HAS_HTTP = templateFor('http') !== undefined;

const DMZ = { name: 'dmz', subnet: '10.197.5.0/24', dmz: true };
const INNER = { name: 'inner', subnet: '10.197.6.0/24', dmz: false };
const HOST_DMZ_IP = '10.197.5.1';
const spec = (name: string, ip: string, services = ['ssh']): DeckySpec => ({ name, ip, archetype: 'linux-server', services, serviceConfig: {} });
const WEB = spec('tp-web', '10.197.5.10', HAS_HTTP ? ['ssh', 'http'] : ['ssh']);
const FW = spec('tp-fw', '10.197.5.2');
const DB = spec('tp-db', '10.197.6.20');
const FILES = spec('tp-files', '10.197.6.1');
const v1: DesiredTopology = {
  id: 'tp-e2e-1', name: 'e2e', version: 1, lans: [DMZ, INNER],
  members: [
    { decky: WEB.name, homes: [{ lan: 'dmz', ip: '10.197.5.10' }], forwards: false },
    { decky: FW.name, homes: [{ lan: 'dmz', ip: '10.197.5.2' }, { lan: 'inner', ip: '10.197.6.2' }], forwards: true },
    { decky: DB.name, homes: [{ lan: 'inner', ip: '10.197.6.20' }], forwards: false },
  ],
};

let net: TestNet;
let rt: DockerRuntime;
let dataDir: string;

const docker = async (...args: string[]): Promise<string> => (await run('docker', args)).stdout.trim();
const idOf = (decky: string, svc = false): Promise<string> => docker('inspect', '-f', '{{.Id}}', `${PREFIX}${decky}${svc ? '.svc' : ''}`);
const idsOf = async (...deckies: string[]): Promise<string[]> => Promise.all(deckies.flatMap((d) => [idOf(d), idOf(d, true)]));
const pidOf = async (decky: string): Promise<number> => Number(await docker('inspect', '-f', '{{.State.Pid}}', `${PREFIX}${decky}`));

/** The first bytes a TCP service sends, from the host; undefined when it cannot be reached within 3 s. */
function bannerFromHost(host: string, port: number): Promise<string | undefined> {
  return new Promise((ok) => {
    const s = connect({ host, port, timeout: 3000 });
    s.once('data', (d) => (s.destroy(), ok(String(d))));
    s.once('timeout', () => (s.destroy(), ok(undefined)));
    s.once('error', () => ok(undefined));
  });
}

const PROBE = `const s=require('net').connect({host:process.argv[1],port:+process.argv[2],timeout:3000});
s.once('data',d=>{process.stdout.write(String(d));process.exit(0)});s.once('timeout',()=>process.exit(2));s.once('error',()=>process.exit(3));`;
/** The same from inside a decky's network namespace (the agent's node binary, run by nsenter). */
async function bannerFrom(decky: string, host: string, port: number): Promise<string | undefined> {
  try {
    return (await run('nsenter', ['-t', String(await pidOf(decky)), '-n', process.execPath, '-e', PROBE, host, String(port)], { timeout: 10_000 })).stdout;
  } catch {
    return undefined;
  }
}

async function until(cond: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
const sshUp = (from: string | undefined, host: string) => until(async () => /^SSH-2\.0/.test((from ? await bannerFrom(from, host, 22) : await bannerFromHost(host, 22)) ?? ''), 20_000, `ssh on ${host}`);

describe.skipIf(!!skip)('docker runtime topology', () => {
  beforeAll(async () => {
    const have = await docker('image', 'inspect', '-f', '{{.Id}}', TEST_IMAGE).catch(() => '');
    if (!have) console.log('docker topology e2e: template image built', await ensureTemplateImage());
    net = await vethUp(5);
    await run('ip', ['addr', 'add', `${HOST_DMZ_IP}/24`, 'dev', net.peer]);
    dataDir = mkdtempSync(join(tmpdir(), 'decnet-docker-topo-'));
    rt = new DockerRuntime({ network: { name: 'dtopo_flat', parent: net.parent, subnet: net.subnet }, image: TEST_IMAGE, dataDir, labelPrefix: LABEL, namePrefix: PREFIX });
  }, 600_000);

  afterAll(async () => {
    await rt?.teardown().catch(() => undefined);
    await rt?.close();
    if (net) await vethDown(net);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('deploys the LANs: the host reaches the DMZ decky, not the inner one; the forwarder and routed DMZ side do', async () => {
    const t = Date.now();
    await rt.apply([WEB, FW, DB], [v1]);
    console.log(`docker topology e2e: 3 deckies, 2 LANs applied in ${Date.now() - t} ms`);
    expect(rt.reportTopologies()).toEqual([{ id: v1.id, appliedVersion: 1, state: 'active', isolated: true }]);
    expect(rt.report().map((r) => [r.name, r.state])).toEqual([[WEB.name, HAS_HTTP ? 'running' : 'degraded'], [FW.name, 'running'], [DB.name, 'running']]);
    const nets = JSON.parse(await docker('inspect', `${PREFIX}${FW.name}`))[0].NetworkSettings.Networks;
    expect(Object.fromEntries(Object.entries(nets).map(([k, v]) => [k, (v as { IPAddress: string }).IPAddress]))).toEqual({ 'dtopo-t-e2e-dmz': '10.197.5.2', 'dtopo-t-e2e-inner': '10.197.6.2' });
    expect((await run('nsenter', ['-t', String(await pidOf(FW.name)), '-n', 'cat', '/proc/sys/net/ipv4/ip_forward'])).stdout.trim()).toBe('1');

    await sshUp(undefined, '10.197.5.10');
    if (HAS_HTTP) {
      const res = await fetch('http://10.197.5.10/', { signal: AbortSignal.timeout(5000) });
      expect(res.status).toBeGreaterThan(0);
      await res.arrayBuffer();
    }
    await sshUp(FW.name, '10.197.6.20'); // the forwarder sits on the inner LAN
    expect(await bannerFromHost('10.197.6.20', 22)).toBeUndefined(); // the host has no way in
    expect(await bannerFromHost('10.197.6.2', 22)).toBeUndefined();
    await sshUp(WEB.name, '10.197.6.20'); // the DMZ decky goes through the forwarder (its route)
    const dbRoutes = (await run('nsenter', ['-t', String(await pidOf(DB.name)), '-n', 'ip', '-4', 'route'])).stdout;
    expect(dbRoutes).toMatch(/^default via 10\.197\.6\.2 /m);
  });

  it('add_decky on the inner LAN (on docker\'s gateway address): reachable from the forwarder; untouched containers keep their ids', async () => {
    const before = await idsOf(WEB.name, FW.name, DB.name);
    const v2 = { ...v1, version: 2, members: [...v1.members, { decky: FILES.name, homes: [{ lan: 'inner', ip: '10.197.6.1' }], forwards: false }] };
    const t = Date.now();
    await rt.apply([WEB, FW, DB, FILES], [v2]);
    console.log(`docker topology e2e: add_decky applied in ${Date.now() - t} ms`);
    expect(rt.reportTopologies()).toEqual([{ id: v1.id, appliedVersion: 2, state: 'active', isolated: true }]);
    await sshUp(FW.name, '10.197.6.1');
    expect(await bannerFromHost('10.197.6.1', 22)).toBeUndefined();
    // It took the address docker had as the LAN's gateway: the network was recreated with another
    // gateway and its members connected again (same containers).
    expect(await docker('network', 'inspect', '-f', '{{(index .IPAM.Config 0).Gateway}}', 'dtopo-t-e2e-inner')).toBe('10.197.6.254');
    await sshUp(FW.name, '10.197.6.20');
    await sshUp(WEB.name, '10.197.6.20');
    expect(await idsOf(WEB.name, FW.name, DB.name)).toEqual(before);
  });

  it('routes come back after docker restarts a base (fresh netns); nothing is recreated', async () => {
    const innerRoute = /^10\.197\.6\.0\/24 via 10\.197\.5\.2 /m;
    const webRoutes = async (): Promise<string> => (await run('nsenter', ['-t', String(await pidOf(WEB.name)), '-n', 'ip', '-4', 'route'])).stdout;
    expect(await webRoutes()).toMatch(innerRoute);

    const before = await idOf(WEB.name);
    const pid = await pidOf(WEB.name);
    await docker('restart', '-t', '0', `${PREFIX}${WEB.name}`); // a fresh netns, without the agent's routes
    await until(async () => (await pidOf(WEB.name)) !== pid, 20_000, 'base restarted');
    // Docker's events bring the re-check: routes set again, the services container moved into the new netns.
    await until(async () => innerRoute.test(await webRoutes().catch(() => '')), 30_000, 'route after the restart');
    await sshUp(WEB.name, '10.197.6.20');
    await sshUp(undefined, '10.197.5.10');
    expect(await idOf(WEB.name)).toBe(before);
    expect(rt.reportTopologies()).toEqual([{ id: v1.id, appliedVersion: 2, state: 'active', isolated: true }]);
  });

  it('detach_decky of the bridge from the inner LAN: the inner deckies become unreachable; no container is recreated', async () => {
    const before = await idsOf(WEB.name, FW.name, DB.name, FILES.name);
    const v3 = {
      ...v1, version: 3,
      members: [...v1.members.map((m) => (m.decky === FW.name ? { ...m, homes: [m.homes[0]!] } : m)), { decky: FILES.name, homes: [{ lan: 'inner', ip: '10.197.6.1' }], forwards: false }],
    };
    await rt.apply([WEB, FW, DB, FILES], [v3]);
    expect(rt.reportTopologies()).toEqual([{ id: v1.id, appliedVersion: 3, state: 'active', isolated: true }]);
    expect(await bannerFrom(FW.name, '10.197.6.20', 22)).toBeUndefined();
    expect(await bannerFrom(WEB.name, '10.197.6.20', 22)).toBeUndefined();
    expect((await run('nsenter', ['-t', String(await pidOf(WEB.name)), '-n', 'ip', '-4', 'route'])).stdout).not.toMatch(/10\.197\.6\.0/);
    expect(await bannerFrom(DB.name, '10.197.6.1', 22)).toMatch(/^SSH-2\.0/); // the inner LAN itself still works
    expect(await bannerFromHost('10.197.5.10', 22)).toMatch(/^SSH-2\.0/);
    expect(await idsOf(WEB.name, FW.name, DB.name, FILES.name)).toEqual(before);
  });

  it('a topology that cannot be realised fails alone: the other keeps running, untouched', async () => {
    const before = await idsOf(WEB.name, FW.name, DB.name, FILES.name);
    const current = { ...v1, version: 3, members: [...v1.members.map((m) => (m.decky === FW.name ? { ...m, homes: [m.homes[0]!] } : m)), { decky: FILES.name, homes: [{ lan: 'inner', ip: '10.197.6.1' }], forwards: false }] };
    // Its inner LAN has the configured network's subnet: docker refuses the overlapping network.
    const bad: DesiredTopology = { id: 'tp-bad', name: 'bad', version: 4, lans: [{ name: 'in', subnet: net.subnet, dmz: false }], members: [{ decky: 'tp-bad1', homes: [{ lan: 'in', ip: '10.198.5.77' }], forwards: false }] };
    await rt.apply([WEB, FW, DB, FILES, spec('tp-bad1', '10.198.5.77')], [current, bad]);
    const reports = rt.reportTopologies();
    expect(reports[0]).toEqual({ id: v1.id, appliedVersion: 3, state: 'active', isolated: true });
    expect(reports[1]).toMatchObject({ id: 'tp-bad', appliedVersion: 0, state: 'failed', error: expect.stringMatching(/^LAN in: /) });
    expect(rt.report().find((r) => r.name === 'tp-bad1')).toMatchObject({ state: 'failed', error: expect.stringMatching(/none of its LANs/) });
    expect(await docker('ps', '-aq', '--filter', `label=${LABEL}.decky=tp-bad1`)).toBe('');
    expect(await idsOf(WEB.name, FW.name, DB.name, FILES.name)).toEqual(before);
    expect(await bannerFromHost('10.197.5.10', 22)).toMatch(/^SSH-2\.0/);
  });

  it('the orphan reaper removes the networks and host links of a topology no longer desired', async () => {
    await rt.apply([WEB], []);
    expect(rt.reportTopologies()).toEqual([{ id: v1.id, appliedVersion: 3, state: 'torn_down', isolated: true }, { id: 'tp-bad', appliedVersion: 0, state: 'torn_down', isolated: true }]);
    expect(await docker('network', 'ls', '-q', '--filter', `label=${LABEL}.topology`)).toBe('');
    expect((await run('ip', ['-j', 'link', 'show'])).stdout).not.toContain(`${LABEL}.topology=`);
    expect(await docker('ps', '-aq', '--filter', `label=${LABEL}.decky=${DB.name}`)).toBe('');
    // WEB now runs flat: on the configured network, which its address is outside of.
    expect(rt.report()[0]).toMatchObject({ name: WEB.name, state: 'failed' });
  });

  it('a DMZ with the configured subnet shares the configured network with flat deckies', async () => {
    const shared: DesiredTopology = {
      id: 'tp-shared', name: 'shared', version: 1, lans: [{ name: 'dmz', subnet: net.subnet, dmz: true }, { name: 'in', subnet: '10.197.7.0/24', dmz: false }],
      members: [
        { decky: 'tp-s-fw', homes: [{ lan: 'dmz', ip: '10.198.5.41' }, { lan: 'in', ip: '10.197.7.2' }], forwards: true },
        { decky: 'tp-s-db', homes: [{ lan: 'in', ip: '10.197.7.20' }], forwards: false },
      ],
    };
    const flat: DeckySpec = { name: 'tp-s-flat', archetype: 'linux-server', services: ['ssh'], serviceConfig: {} };
    await rt.apply([spec('tp-s-fw', '10.198.5.41'), spec('tp-s-db', '10.197.7.20'), flat], [shared]);
    expect(rt.reportTopologies()[0]).toEqual({ id: 'tp-shared', appliedVersion: 1, state: 'active', isolated: true });
    expect(rt.report().map((r) => r.state)).toEqual(['running', 'running', 'running']);
    const nets = JSON.parse(await docker('inspect', `${PREFIX}tp-s-fw`))[0].NetworkSettings.Networks;
    expect(Object.keys(nets).sort()).toEqual(['dtopo-t-shared-in', 'dtopo_flat']);
    const flatIp = await docker('inspect', '-f', '{{(index .NetworkSettings.Networks "dtopo_flat").IPAddress}}', `${PREFIX}tp-s-flat`);
    expect(flatIp).not.toBe('10.198.5.41');
    await sshUp(undefined, '10.198.5.41');
    await sshUp(undefined, flatIp);
    await sshUp('tp-s-fw', '10.197.7.20');
    expect(await bannerFromHost('10.197.7.20', 22)).toBeUndefined();
  });
});
