// Control-plane HTTP throughput and latency under autocannon with 100 concurrent connections:
// GET /api/v1/health and an authenticated list (GET /api/v1/users).
import autocannon from 'autocannon';
import { spawnControlPlane } from './spawn-control-plane';
import type { BenchRow } from './table';

interface Load {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

async function load(url: string, headers: Record<string, string>, durationS: number): Promise<Load> {
  const r = await autocannon({ url, connections: 100, duration: durationS, headers, pipelining: 1 });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx };
}

export async function benchHttpApi(durationS = 10): Promise<BenchRow[]> {
  return [...(await benchOne(durationS, 1)), ...(await benchOne(durationS, 2))];
}

/** One control-plane process, or a cluster of `workers` processes sharing the port (DECNET_WORKERS). */
async function benchOne(durationS: number, workers: number): Promise<BenchRow[]> {
  const cp = await spawnControlPlane(18181, workers > 1 ? { DECNET_WORKERS: String(workers) } : {});
  const label = workers > 1 ? `, ${workers} workers` : ', 1 process';
  try {
    await load(`${cp.url}/api/v1/health`, {}, 2); // warm-up (JIT, connection setup)
    const health = await load(`${cp.url}/api/v1/health`, {}, durationS);
    const auth = { authorization: `Bearer ${cp.token}` };
    await load(`${cp.url}/api/v1/users`, auth, 2);
    const list = await load(`${cp.url}/api/v1/users`, auth, durationS);
    const fmt = (l: Load) => `${Math.round(l.rps)} req/s, p50 ${l.p50} ms, p99 ${l.p99} ms`;
    const note = (l: Load) => (l.errors || l.non2xx ? `${l.errors} errors, ${l.non2xx} non-2xx` : '0 errors');
    return [
      { name: `GET /api/v1/health (100 conns${label})`, value: fmt(health), target: '>= 15000 req/s, p99 < 20 ms', met: health.rps >= 15000 && health.p99 < 20 && !health.non2xx, note: note(health) },
      { name: `GET /api/v1/users, JWT (100 conns${label})`, value: fmt(list), target: '>= 5000 req/s', met: list.rps >= 5000 && !list.non2xx, note: note(list) },
    ];
  } finally {
    await cp.stop();
  }
}
