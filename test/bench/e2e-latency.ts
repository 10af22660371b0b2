// End-to-end latency on the real single-host stack: from a request hitting a decky (the service
// writes its event line) to that event being returned by the control plane's API (runner stdout ->
// log file -> collector -> spool -> mTLS uplink -> ingest -> query).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstAdminToken } from '../../control-plane/src/testing/first-admin';
import { startStack } from '../../scripts/stack';
import type { BenchRow } from './table';

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

export async function benchE2eLatency(samples = 40): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'decnet-e2e-lat-'));
  const stack = await startStack({ dataDir: dir, port: 0, mtlsPort: 0, fleetIni: '[lat-01]\nservices=http\n', env: { ...process.env, DECNET_ADMIN_PASSWORD: 'bench-admin-password-1' } });
  try {
    await stack.fleetRunning(60_000);
    const ep = stack.agent!.status().desiredState!.endpoints!.find((e) => e.decky === 'lat-01')!;
    const auth = { authorization: `Bearer ${await firstAdminToken(stack.cp.url, 'bench-admin-password-1', 'bench-admin-password-2')}` };
    const latencies: number[] = [];
    for (let i = 0; i < samples; i++) {
      const marker = `/lat-probe-${i}-${Date.now()}`;
      const t0 = performance.now();
      await fetch(`http://${ep.host}:${ep.port}${marker}`).then((r) => r.arrayBuffer());
      for (;;) {
        const res = await (await fetch(`${stack.cp.url}/api/v1/events?eventType=request&q=${encodeURIComponent(marker)}&limit=1`, { headers: auth })).json();
        if (res.items?.length) break;
        if (performance.now() - t0 > 10_000) throw new Error(`event ${marker} not visible after 10 s`);
        await new Promise((r) => setTimeout(r, 10));
      }
      latencies.push(performance.now() - t0);
    }
    const p50 = pct(latencies, 50);
    const p99 = pct(latencies, 99);
    return [{ name: `end to end: service line -> visible in API (${samples} samples)`, value: `p50 ${Math.round(p50)} ms, p99 ${Math.round(p99)} ms`, target: 'p99 < 2 s', met: p99 < 2000 }];
  } finally {
    await stack.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
