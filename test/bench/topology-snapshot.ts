// Topology snapshot API: GET /api/v1/topologies/{id} of the bench's generated 50-decky, 6-LAN topology
// (deployed, with a pending mutation), on the compiled control plane in its own process: one client
// in sequence (p50/p99 of 300 requests) and 10 connections under autocannon for 5 s (p99).
import { benchTopologyBody } from './topology';
import { enroll } from './ingest';
import { load } from './http-ceiling';
import { spawnControlPlane } from './spawn-control-plane';
import type { BenchRow } from './table';

const SEQUENTIAL = 300;
const P99_TARGET_MS = 100;

export async function benchTopologySnapshot(): Promise<BenchRow[]> {
  const cp = await spawnControlPlane(18295);
  try {
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${cp.token}` };
    const api = async (method: string, path: string, body?: unknown): Promise<any> => {
      const res = await fetch(`${cp.url}/api/v1${path}`, { method, headers, ...(body !== undefined && { body: JSON.stringify(body) }) });
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${(await res.text()).slice(0, 300)}`);
      return res.status === 204 ? null : res.json();
    };
    await enroll(cp.url, cp.token);
    const hostId = ((await api('GET', '/hosts')).items as Array<{ id: string }>)[0]!.id;
    const body = benchTopologyBody();
    const created = await api('POST', '/topologies', { ...body, hostId });
    await api('POST', `/topologies/${created.id}/deploy`);
    const lan = body.lans[1]!;
    const snap0 = await api('GET', `/topologies/${created.id}`);
    const taken = body.deckies.flatMap((d) => d.homes.filter((h) => h.lan === lan.name).map((h) => h.ip));
    const ip = lan.subnet.replace(/\.0\/\d+$/, `.${200}`);
    if (taken.includes(ip)) throw new Error(`bench address ${ip} taken`);
    await api('POST', `/topologies/${created.id}/mutations`, {
      version: snap0.version, trigger: 'bench',
      ops: [{ op: 'add_decky', decky: { name: 'bench-snap-add', archetype: 'linux-server', services: ['ssh'], serviceConfig: {}, homes: [{ lan: lan.name, ip }], forwards: false, pos: { x: 0, y: 0 } } }],
    });
    const url = `${cp.url}/api/v1/topologies/${encodeURIComponent(created.id)}`;
    const ms: number[] = [];
    let bytes = 0;
    for (let i = 0; i < SEQUENTIAL; i++) {
      const t0 = performance.now();
      const res = await fetch(url, { headers });
      bytes = (await res.arrayBuffer()).byteLength;
      if (res.status !== 200) throw new Error(`snapshot: HTTP ${res.status}`);
      ms.push(performance.now() - t0);
    }
    ms.sort((a, b) => a - b);
    const seq = { p50: ms[Math.floor(SEQUENTIAL / 2)]!, p99: ms[Math.floor(SEQUENTIAL * 0.99)]! };
    const l = await load(url, { authorization: headers.authorization }, 5, cp.proc.pid, 10);
    return [{
      name: 'topology snapshot API p99 (50 deckies / 6 LANs)',
      value: `p99 ${l.p99} ms`,
      target: `< ${P99_TARGET_MS} ms p99`,
      met: l.p99 < P99_TARGET_MS && l.errors === 0 && l.non2xx === 0,
      note: `10 connections, 5 s: ${Math.round(l.rps)} req/s, p50 ${l.p50} ms${l.errors || l.non2xx ? `, ${l.errors} errors, ${l.non2xx} non-2xx` : ''}; 1 client in sequence: p50 ${seq.p50.toFixed(1)} ms, p99 ${seq.p99.toFixed(1)} ms; ${body.deckies.length + 1} deckies, ${body.lans.length} LANs, 1 pending mutation, ${(bytes / 1024).toFixed(0)} KiB`,
    }];
  } finally {
    await cp.stop();
  }
}
