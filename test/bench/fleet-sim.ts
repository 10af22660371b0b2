// Fleet simulation on Node: enrolls N simulated agents (each its own key, CSR and certificate) against a
// real Node control plane, then runs per agent a heartbeat every 30 s, a held desired-state long-poll and
// 5 events/s uploads (batched each second) over mutual TLS; the loop and the rows are fleet-sim-driver.ts.
import { Pool } from 'undici';
import { spawnControlPlane } from './spawn-control-plane';
import { enrollFleet, enrollOne, runFleet, type SimClient } from './fleet-sim-driver';
import { fleetRows } from './fleet-sim-rows';
import type { BenchRow } from './table';

/** One small pool per agent: a client certificate is per connection, so agents cannot share sockets. */
function mtlsClient(e: Awaited<ReturnType<typeof enrollOne>>): SimClient {
  // 3 connections: the held long-poll, uploads, and a heartbeat that need not queue behind an upload.
  const pool = new Pool(e.controlPlaneMtlsUrl, { connect: { ca: e.caCertificatePem, cert: e.certificatePem, key: e.keyPem }, connections: 3, keepAliveTimeout: 60_000, bodyTimeout: 90_000, headersTimeout: 90_000 });
  return {
    request: async (method, path, body, signal) => {
      const res = await pool.request({ path, method, ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body } : {}), ...(signal ? { signal } : {}) });
      return { status: res.statusCode, text: await res.body.text() };
    },
    close: () => pool.destroy().catch(() => undefined),
  };
}

export async function benchFleetSim(agents = 1000, durationS = 60, port = 18295): Promise<BenchRow[]> {
  const cp = await spawnControlPlane(port, { DECNET_LOGIN_MAX_PER_IP: '100000' });
  const clients: SimClient[] = [];
  try {
    // Enrollment: every agent its own key pair, CSR and certificate signed by the control plane's CA.
    const enrollS = await enrollFleet(clients, agents, async (i) => mtlsClient(await enrollOne(cp.url, cp.token, i)));
    process.stderr.write(`fleet-sim: ${agents} agents enrolled in ${enrollS.toFixed(1)} s\n`);
    const run = await runFleet(clients, durationS, cp.proc.pid!);
    const label = `fleet sim, ${agents.toLocaleString('en')} agents, ${durationS} s (Node, mTLS, libSQL file)`;
    return fleetRows(run, label, { server: 'control plane', enrollS });
  } finally {
    await Promise.all(clients.filter(Boolean).map((c) => c.close()));
    await cp.stop();
  }
}
