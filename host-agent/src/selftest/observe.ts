// Reads one decky as an attacker would (banners, HTTP Server, TLS certificate, SSH host keys, timing,
// nmap) into a DeckyView that the checks judge; nothing here decides pass or fail.
import type { DeckySpec } from '@decnet/protocol';
import { derivePersona, type Persona } from '@decnet/templates';
import { nmapScan, type NmapResult } from './nmap';
import { httpServerHeader, readBanner, sshHostKeys, tlsFingerprint } from './probe';

export interface SelftestTarget {
  spec: Pick<DeckySpec, 'name' | 'archetype' | 'nmapOs' | 'serviceConfig' | 'services' | 'ip'>;
  /** Address the decky answers on. */
  host: string;
  endpoints: Array<{ service: string; port: number }>;
}

export interface DeckyView {
  target: SelftestTarget;
  persona: Persona;
  /** service -> attacker-visible text (first line for line protocols, the Server header for http). */
  seen: Array<{ service: string; port: number; text: string }>;
  firstByteMs: number[];
  sshKeys?: string[];
  tlsCert?: string;
  nmap?: NmapResult;
  nmapAvailable: boolean;
}

const HTTP_LIKE = new Set(['http', 'https', 'docker_api', 'k8s', 'elasticsearch']);
const TLS_SERVICES = new Set(['https', 'k8s']);
const SILENT = new Set(['snmp', 'tftp', 'dns', 'llmnr', 'sip', 'mqtt', 'mongodb', 'redis', 'ldap', 'rdp', 'smb', 'mssql', 'vnc', 'postgres']);

export async function observeDecky(target: SelftestTarget, opts: { nmap: boolean; osScan: boolean }): Promise<DeckyView> {
  const s = target.spec;
  const persona = derivePersona({ deckyName: s.name, archetype: s.archetype, nmapOs: s.nmapOs, ip: s.ip, serviceConfig: s.serviceConfig, services: s.services });
  const view: DeckyView = { target, persona, seen: [], firstByteMs: [], nmapAvailable: false };
  for (const ep of target.endpoints) {
    if (HTTP_LIKE.has(ep.service)) {
      const server = await httpServerHeader(target.host, ep.port, TLS_SERVICES.has(ep.service));
      view.seen.push({ service: ep.service, port: ep.port, text: server ?? '(no Server header)' });
    } else if (!SILENT.has(ep.service)) {
      const b = await readBanner(target.host, ep.port, { waitMs: ep.service === 'telnet' ? 800 : 1500 });
      view.seen.push({ service: ep.service, port: ep.port, text: b.text });
    }
    if (ep.service === 'ssh') view.sshKeys = await sshHostKeys(target.host, ep.port);
    if (TLS_SERVICES.has(ep.service)) view.tlsCert = await tlsFingerprint(target.host, ep.port);
  }
  // Timing (D7): five fresh connections to the first service that speaks first.
  const talker = target.endpoints.find((e) => !SILENT.has(e.service) && !HTTP_LIKE.has(e.service));
  if (talker) {
    for (let i = 0; i < 5; i++) {
      const b = await readBanner(target.host, talker.port, { waitMs: 1000 });
      if (b.firstByteMs !== undefined) view.firstByteMs.push(b.firstByteMs);
    }
  }
  if (opts.nmap && target.endpoints.length > 0) {
    const r = await nmapScan(target.host, target.endpoints.map((e) => e.port), { osScan: opts.osScan });
    view.nmapAvailable = r !== undefined;
    if (r) view.nmap = r;
  }
  return view;
}
