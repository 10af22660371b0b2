// The 15 decky archetypes (inventory §2.1, decnet/archetypes.py): a role's services,
// preferred distros and OS family; and the nmap_os precedence rule.
import type { ServiceSlug } from '../events/catalogue';
import type { DistroSlug } from './distros';
import { DEFAULT_OS_FAMILY, type OsFamily } from './os-fingerprints';

export interface Archetype {
  slug: string;
  services: readonly ServiceSlug[];
  preferredDistros: readonly DistroSlug[];
  nmapOs: OsFamily;
  description: string;
}

export const ARCHETYPES = [
  { slug: 'windows-workstation', services: ['smb', 'rdp'], preferredDistros: ['debian', 'ubuntu22'], nmapOs: 'windows', description: 'Corporate Windows desktop' },
  { slug: 'windows-server', services: ['smb', 'rdp', 'ldap'], preferredDistros: ['debian', 'ubuntu22'], nmapOs: 'windows_server', description: 'Windows domain member server' },
  { slug: 'domain-controller', services: ['ldap', 'smb', 'rdp', 'llmnr'], preferredDistros: ['debian', 'ubuntu22'], nmapOs: 'windows_server', description: 'Active Directory domain controller' },
  { slug: 'linux-server', services: ['ssh', 'http'], preferredDistros: ['debian', 'ubuntu22', 'rocky9', 'fedora'], nmapOs: 'linux', description: 'General-purpose Linux server' },
  { slug: 'web-server', services: ['http', 'ftp'], preferredDistros: ['debian', 'ubuntu22', 'ubuntu20'], nmapOs: 'linux', description: 'Public web host' },
  { slug: 'database-server', services: ['mysql', 'postgres', 'redis'], preferredDistros: ['debian', 'ubuntu22'], nmapOs: 'linux', description: 'Data tier' },
  { slug: 'mail-server', services: ['smtp', 'pop3', 'imap'], preferredDistros: ['debian', 'ubuntu22'], nmapOs: 'linux', description: 'Mail relay' },
  { slug: 'file-server', services: ['smb', 'ftp', 'ssh'], preferredDistros: ['debian', 'ubuntu22', 'rocky9'], nmapOs: 'linux', description: 'Storage server' },
  { slug: 'printer', services: ['snmp', 'ftp'], preferredDistros: ['alpine', 'debian'], nmapOs: 'embedded', description: 'Network printer' },
  { slug: 'iot-device', services: ['mqtt', 'snmp', 'telnet'], preferredDistros: ['alpine'], nmapOs: 'embedded', description: 'IoT device' },
  { slug: 'industrial-control', services: ['conpot', 'snmp'], preferredDistros: ['debian'], nmapOs: 'embedded', description: 'ICS/SCADA controller' },
  { slug: 'voip-server', services: ['sip'], preferredDistros: ['debian', 'ubuntu22'], nmapOs: 'linux', description: 'PBX' },
  { slug: 'monitoring-node', services: ['snmp', 'ssh'], preferredDistros: ['debian', 'rocky9'], nmapOs: 'linux', description: 'Monitoring node' },
  { slug: 'devops-host', services: ['docker_api', 'ssh', 'k8s'], preferredDistros: ['ubuntu22', 'debian'], nmapOs: 'linux', description: 'CI/CD and container host' },
  { slug: 'deaddeck', services: ['ssh'], preferredDistros: ['debian', 'ubuntu22'], nmapOs: 'linux', description: 'Internet-facing entry point with real interactive SSH' },
] as const satisfies readonly Archetype[];

export type ArchetypeSlug = (typeof ARCHETYPES)[number]['slug'];
export const ARCHETYPE_SLUGS = ARCHETYPES.map((a) => a.slug) as [ArchetypeSlug, ...ArchetypeSlug[]];

export function isArchetypeSlug(s: string): s is ArchetypeSlug {
  return (ARCHETYPE_SLUGS as string[]).includes(s);
}

export function archetype(slug: ArchetypeSlug): Archetype {
  const a = ARCHETYPES.find((x) => x.slug === slug);
  if (!a) throw new Error(`unknown archetype ${slug}`);
  return a;
}

/** nmap_os precedence (inventory §2.1): explicit beats the archetype, which beats `linux`. */
export function resolveNmapOs(explicit: OsFamily | undefined, archetypeSlug: ArchetypeSlug | undefined): OsFamily {
  if (explicit) return explicit;
  if (archetypeSlug) return archetype(archetypeSlug).nmapOs;
  return DEFAULT_OS_FAMILY;
}
