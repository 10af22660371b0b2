// One probe of one attacker address: which configured ports answer, then on the open ones the SSH
// identification and HASSH-server, the TLS certificate and JARM. Every step is bounded in time and
// count; the result becomes the `prober_result` event's fields.
import { jarmScan } from './jarm';
import { sshProbe } from './ssh-probe';
import { portOpen } from './tcp';
import { certProbe } from './tls-cert';

export interface ProbeOptions {
  ports: readonly number[];
  timeoutMs: number;
  signal?: AbortSignal;
}

/** Bounds per probe: open ports looked at more closely, JARM scans (10 connections each). */
const MAX_CLASSIFIED = 8;
const MAX_JARM = 2;
const PORT_CHECKS_AT_ONCE = 8;

export interface ProbeReport {
  openPorts: number[];
  steps: string[];
  fields: Record<string, string>;
}

async function mapLimit<T, R>(items: readonly T[], limit: number, f: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const run = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await f(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, run));
  return out;
}

export async function probeHost(ip: string, o: ProbeOptions): Promise<ProbeReport> {
  const steps: string[] = [];
  const fields: Record<string, string> = {};
  const open = await mapLimit(o.ports, PORT_CHECKS_AT_ONCE, (p) => portOpen(ip, p, o.timeoutMs, o.signal));
  const openPorts = o.ports.filter((_, i) => open[i]);
  steps.push(`ports:${openPorts.length}/${o.ports.length}`);
  fields.open_ports = openPorts.join(',');
  let jarms = 0;
  for (const port of openPorts.slice(0, MAX_CLASSIFIED)) {
    o.signal?.throwIfAborted();
    // Server-first protocols (SSH) speak before we do; wait briefly for that, else try TLS.
    const ssh = fields.hassh_server ? undefined : await sshProbe(ip, port, o.timeoutMs, Math.min(o.timeoutMs, 1500), o.signal);
    if (ssh?.kind === 'ssh') {
      steps.push(`ssh:${port}`);
      Object.assign(fields, { ssh_port: String(port), ssh_banner: ssh.banner, hassh_server: ssh.hassh, hassh_server_algorithms: ssh.algorithms });
      continue;
    }
    if (ssh?.kind === 'not_ssh') continue; // it spoke first and is not SSH: not TLS either
    if (fields.tls_sha256 && jarms >= MAX_JARM) continue;
    const cert = await certProbe(ip, port, o.timeoutMs, o.signal);
    if (cert.kind !== 'cert') {
      steps.push(`tls:${port}:no`);
      continue;
    }
    steps.push(`tls:${port}`);
    if (!fields.tls_sha256) {
      const c = cert.cert;
      Object.assign(fields, {
        tls_port: String(port), tls_subject: c.subject, tls_issuer: c.issuer, tls_sans: c.sans, tls_not_before: c.notBefore, tls_not_after: c.notAfter, tls_sha256: c.sha256, tls_version: c.protocol,
      });
    }
    if (jarms < MAX_JARM) {
      const j = await jarmScan(ip, port, o.timeoutMs, o.signal);
      jarms++;
      steps.push(`jarm:${port}${j.timedOut ? ':timeout' : ''}`);
      if (!fields.jarm) Object.assign(fields, { jarm: j.jarm, jarm_port: String(port) });
      else fields.jarm_other = `${port}:${j.jarm}`;
    }
  }
  return { openPorts, steps, fields };
}
