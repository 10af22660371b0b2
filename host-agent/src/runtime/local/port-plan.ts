// Which port each service of a local decky listens on: its real port (22, 80, ...) when that can be
// bound on the decky's address (root, or a port above ip_unprivileged_port_start), otherwise a mapped
// high port (mappedBase + port, or the next free one), with the reason recorded so it can be shown.
// UDP listeners (llmnr, later snmp/dns) are probed with a dgram bind, TCP ones with a listen.
import { createSocket } from 'node:dgram';
import { createServer, isIP } from 'node:net';

export type Transport = 'tcp' | 'udp';

export interface PlannedPort {
  service: string;
  /** The service's real port (its template's first default port). */
  wantedPort: number;
  port: number;
  mapped: boolean;
  /** Why the real port was not used (`EACCES`, `EADDRINUSE` ...). */
  reason?: string;
  transport?: Transport;
}

/** Resolves to undefined when ip:port can be bound right now, else the error code. */
export function probePort(ip: string, port: number, transport: Transport = 'tcp'): Promise<string | undefined> {
  if (transport === 'udp') {
    return new Promise((resolve) => {
      const s = createSocket(isIP(ip) === 6 ? 'udp6' : 'udp4');
      s.once('error', (e: NodeJS.ErrnoException) => {
        s.close();
        resolve(e.code ?? 'EUNKNOWN');
      });
      s.bind({ address: ip, port, exclusive: true }, () => s.close(() => resolve(undefined)));
    });
  }
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'EUNKNOWN'));
    s.listen({ host: ip, port, exclusive: true }, () => s.close(() => resolve(undefined)));
  });
}

const MAX_SCAN = 200;

/** `ips`: every address the decky listens on (one per LAN when multi-homed); a port must be free on each. */
export async function planPorts(
  ips: string | readonly string[],
  services: ReadonlyArray<{ service: string; wantedPort: number; transport?: Transport }>,
  mappedBase: number,
  probeOne: (ip: string, port: number, transport: Transport) => Promise<string | undefined> = probePort,
): Promise<PlannedPort[]> {
  const all = typeof ips === 'string' ? [ips] : ips;
  const probe = async (_ip: string, port: number, transport: Transport): Promise<string | undefined> => {
    for (const ip of all) {
      const r = await probeOne(ip, port, transport);
      if (r !== undefined) return r;
    }
    return undefined;
  };
  const ip = all[0]!;
  const out: PlannedPort[] = [];
  // TCP and UDP port spaces are separate: llmnr's UDP 5355 does not take a TCP 5355.
  const takenKeys = new Set<string>();
  for (const { service, wantedPort, transport = 'tcp' } of services) {
    const taken = { has: (p: number) => takenKeys.has(`${transport}:${p}`), add: (p: number) => takenKeys.add(`${transport}:${p}`) };
    const tag = transport === 'udp' ? { transport } : {};
    const reason = taken.has(wantedPort) ? 'EADDRINUSE' : await probe(ip, wantedPort, transport);
    if (reason === undefined) {
      out.push({ service, wantedPort, port: wantedPort, mapped: false, ...tag });
      taken.add(wantedPort);
      continue;
    }
    let port = 0; // last resort: the OS picks, the runner reports what it bound
    const start = mappedBase + wantedPort <= 65535 ? mappedBase + wantedPort : mappedBase;
    for (let p = start, n = 0; p <= 65535 && n < MAX_SCAN; p++, n++) {
      if (!taken.has(p) && (await probe(ip, p, transport)) === undefined) {
        port = p;
        break;
      }
    }
    if (port) taken.add(port);
    out.push({ service, wantedPort, port, mapped: true, reason, ...tag });
  }
  return out;
}

/** `ssh 22->10022 (EACCES: port below 1024 needs root)`, one clause per mapped service. */
export function describeMapped(plan: readonly PlannedPort[]): string | undefined {
  const why = (r: string | undefined): string =>
    r === 'EACCES' ? 'EACCES: privileged port, needs root or CAP_NET_BIND_SERVICE' : r === 'EADDRINUSE' ? 'EADDRINUSE: already in use' : (r ?? '?');
  const parts = plan.filter((p) => p.mapped).map((p) => `${p.service} ${p.wantedPort}${p.transport === 'udp' ? '/udp' : ''}->${p.port || 'any'} (${why(p.reason)})`);
  return parts.length ? `mapped ports: ${parts.join('; ')}` : undefined;
}
