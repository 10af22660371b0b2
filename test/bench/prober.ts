// Prober throughput: full probes (port checks on three ports, SSH banner and HASSH-server from a real
// sshd, TLS certificate and a 10-connection JARM scan of a real `openssl s_server`, one closed port)
// of 127.0.0.1, four at a time as the prober's default concurrency, for ~10 s: probes/s, the median
// probe time, and this process's CPU per probe. Needs openssl and sshd (Debian openssh-server).
import { rmSync } from 'node:fs';
import { probeHost } from '../../host-agent/src/workers/prober/probe-host';
import { freePort, makeCert, startOpensslServer, startSshd } from '../../host-agent/src/workers/prober/test-servers';
import type { BenchRow } from './table';

const CONCURRENCY = 4;

export async function benchProber(seconds = 10): Promise<BenchRow[]> {
  const name = 'prober: full probes/s of one address (ports, SSH, TLS cert, JARM)';
  const cert = makeCert();
  let ssh: { port: number; stop(): void } | undefined;
  let tls: { port: number; stop(): void } | undefined;
  try {
    ssh = await startSshd().catch(() => undefined);
    tls = await startOpensslServer(cert, []);
    const closed = await freePort();
    const ports = [...(ssh ? [ssh.port] : []), tls.port, closed];
    const times: number[] = [];
    let jarmOk = 0;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const end = t0 + seconds * 1000;
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        const s = performance.now();
        const r = await probeHost('127.0.0.1', { ports, timeoutMs: 3000 });
        times.push(performance.now() - s);
        if (r.fields.jarm && !/^0+$/.test(r.fields.jarm) && (!ssh || r.fields.hassh_server)) jarmOk++;
      }
    }));
    const wallS = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)] ?? 0;
    return [{
      name,
      value: `${(times.length / wallS).toFixed(1)} probes/s`,
      note: `${times.length} probes (${jarmOk} complete: JARM${ssh ? ' and HASSH-server' : ', no sshd'}) in ${wallS.toFixed(1)} s, ${CONCURRENCY} at a time; median ${Math.round(median)} ms per probe, ${Math.round((cpu.user + cpu.system) / 1000 / Math.max(1, times.length))} ms CPU per probe (prober side; the default rate cap is 20 probes/min)`,
    }];
  } finally {
    ssh?.stop();
    tls?.stop();
    rmSync(cert.dir, { recursive: true, force: true });
  }
}
