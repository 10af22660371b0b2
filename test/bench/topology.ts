// Topology benchmark on the docker runtime: deploy a generated 50-decky, 6-LAN topology (protocol's
// seeded generator: a DMZ and five inner LANs, each behind a forwarding bridge) until every decky runs,
// then add_decky mutations applied one at a time. Needs root and a dockerd; veth index 5, 10.196.0-5.0/24.
// First, without docker, the snapshot API's p99 for that topology (topology-snapshot.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { deckySpecOf, generateTopology, nextFreeAddress, type DeckySpec, type DesiredTopology, type TopologyBody, type TopologyDecky } from '@decnet/protocol';
import { templateFor } from '@decnet/templates';
import { DockerRuntime } from '../../host-agent/src/runtime/docker/index';
import { ensureDocker, ensureTemplateImage, TEST_IMAGE, vethDown, vethUp } from '../../scripts/docker/test-env';
import type { BenchRow } from './table';
import { benchTopologySnapshot } from './topology-snapshot';

const run = promisify(execFile);
const DECKIES = 50;
const MUTATIONS = 3;
const DEPLOY_TARGET_S = 90;
const MUTATION_TARGET_MS = 5000;

/** 6 LANs (depth 1, branching 5) x 8 deckies + 5 bridges = 53; the last LAN's last three go: 50. */
export function benchTopologyBody(): TopologyBody {
  const body = generateTopology({ name: 'bench', hostId: 'bench-host', seed: 11, depth: 1, branching: 5, deckiesPerLan: 8, forwardProbability: 1, crossEdgeProbability: 0, subnetBase: '10.196.0.0/24', randomServices: true });
  const drop = new Set(body.deckies.filter((d) => d.homes.length === 1 && d.homes[0]!.lan === 'lan-5').slice(-(body.deckies.length - DECKIES)).map((d) => d.name));
  // Services this build has templates for, so "running" means every service runs.
  const deckies = body.deckies.filter((d) => !drop.has(d.name)).map((d) => {
    const services = d.services.filter((s) => templateFor(s));
    return { ...d, services: services.length ? services : ['ssh'] };
  });
  return { ...body, deckies };
}

function desiredOf(body: TopologyBody, version: number): { specs: DeckySpec[]; topology: DesiredTopology } {
  return {
    specs: body.deckies.map((d) => deckySpecOf(d) as DeckySpec),
    topology: { id: 'bench-topology', name: body.name, version, lans: body.lans.map(({ pos: _p, ...l }) => l), members: body.deckies.map((d) => ({ decky: d.name, homes: d.homes, forwards: d.forwards })) },
  };
}

async function untilRunning(rt: DockerRuntime, names: readonly string[], timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const states = new Map(rt.report().map((r) => [r.name, r.state]));
    if (names.every((n) => states.get(n) === 'running')) return true;
    if (Date.now() > end) return false;
    await rt.refresh();
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function benchTopology(): Promise<BenchRow[]> {
  const name = 'topology deploy, 50 deckies / 6 LANs (docker)';
  const snapshot = await benchTopologySnapshot();
  if (process.getuid?.() !== 0) return [...snapshot, { name, value: 'skipped', note: 'needs root (veth, dockerd)' }];
  const unavailable = await ensureDocker();
  if (unavailable) return [...snapshot, { name, value: 'skipped', note: unavailable }];
  if (!(await run('docker', ['image', 'inspect', TEST_IMAGE]).then(() => true, () => false))) await ensureTemplateImage();
  const net = await vethUp(5);
  const dataDir = mkdtempSync(join(tmpdir(), 'decnet-topology-bench-'));
  const rt = new DockerRuntime({ network: { name: 'dtopo_bench', parent: net.parent, subnet: net.subnet }, image: TEST_IMAGE, dataDir, labelPrefix: 'dtopo-bench', namePrefix: 'dtb-', log: () => undefined });
  const rows: BenchRow[] = [...snapshot];
  try {
    await rt.teardown();
    let body = benchTopologyBody();
    let version = 1;
    const first = desiredOf(body, version);
    const load0 = loadavg()[0]!.toFixed(1);
    const t0 = Date.now();
    await rt.apply(first.specs, [first.topology]);
    const allUp = await untilRunning(rt, first.specs.map((s) => s.name), 120_000);
    const deployS = (Date.now() - t0) / 1000;
    const report = rt.reportTopologies()[0];
    const phases = (): string => (rt.lastApplyMs ? `apply: LANs ${rt.lastApplyMs.topologyPrepare} ms, containers ${rt.lastApplyMs.fleet} ms, attach+routes ${rt.lastApplyMs.topologyFinish} ms` : '');
    const lans = body.lans.length;
    rows.push({
      name, value: allUp ? `${deployS.toFixed(1)} s` : `not all running after ${deployS.toFixed(0)} s`, target: `< ${DEPLOY_TARGET_S} s`,
      met: allUp && deployS < DEPLOY_TARGET_S && report?.state === 'active',
      note: `${first.specs.length} deckies, ${lans} LANs, ${body.deckies.filter((d) => d.forwards).length} forwarders; ${phases()}; load average ${load0} -> ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs; topology ${report?.state}${report?.error ? `: ${report.error.slice(0, 120)}` : ''}`,
    });

    const times: number[] = [];
    const mutationPhases: string[] = [];
    for (let i = 0; i < MUTATIONS; i++) {
      const lan = body.lans[1 + (i % (lans - 1))]!;
      const taken = body.deckies.flatMap((d) => d.homes.filter((h) => h.lan === lan.name).map((h) => h.ip));
      const added: TopologyDecky = { name: `bench-add${i}`, archetype: 'linux-server', services: ['ssh'], serviceConfig: {}, homes: [{ lan: lan.name, ip: nextFreeAddress(lan.subnet, taken)! }], forwards: false, pos: { x: 0, y: 0 } };
      body = { ...body, deckies: [...body.deckies, added] };
      const next = desiredOf(body, ++version);
      const t = Date.now();
      await rt.apply(next.specs, [next.topology]);
      const up = await untilRunning(rt, [added.name], 30_000);
      times.push(up && rt.reportTopologies()[0]?.appliedVersion === version ? Date.now() - t : Number.POSITIVE_INFINITY);
      mutationPhases.push(phases());
    }
    const p50 = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
    rows.push({
      name: 'topology add_decky mutation applied (docker)', value: Number.isFinite(p50) ? `p50 ${p50} ms` : 'FAILED', target: `< ${MUTATION_TARGET_MS} ms p50`, met: p50 < MUTATION_TARGET_MS,
      note: `${MUTATIONS} mutations into inner LANs on a running 50-decky topology: ${times.map((t) => (Number.isFinite(t) ? t : 'failed')).join(', ')} ms (until the new decky runs); last ${mutationPhases.at(-1)}`,
    });
  } finally {
    await rt.teardown().catch(() => undefined);
    await rt.close();
    await vethDown(net);
    rmSync(dataDir, { recursive: true, force: true });
  }
  return rows;
}
