// Archetypes and services for the deploy form when the control plane has no /catalogue yet.
// A copy of protocol/'s lists (the dashboard may import its types only); the type checks below
// fail the build when protocol/ gains an archetype or service this copy lacks.
import type { ArchetypeSlug, OsFamily, ServiceSlug } from '@decnet/protocol';
import type { Catalogue } from '../../api/types';

type A = { slug: ArchetypeSlug; services: readonly ServiceSlug[]; nmapOs: OsFamily; description: string };

const ARCHETYPES = [
  { slug: 'windows-workstation', services: ['smb', 'rdp'], nmapOs: 'windows', description: 'Corporate Windows desktop' },
  { slug: 'windows-server', services: ['smb', 'rdp', 'ldap'], nmapOs: 'windows_server', description: 'Windows domain member server' },
  { slug: 'domain-controller', services: ['ldap', 'smb', 'rdp', 'llmnr'], nmapOs: 'windows_server', description: 'Active Directory domain controller' },
  { slug: 'linux-server', services: ['ssh', 'http'], nmapOs: 'linux', description: 'General-purpose Linux server' },
  { slug: 'web-server', services: ['http', 'ftp'], nmapOs: 'linux', description: 'Public web host' },
  { slug: 'database-server', services: ['mysql', 'postgres', 'redis'], nmapOs: 'linux', description: 'Data tier' },
  { slug: 'mail-server', services: ['smtp', 'pop3', 'imap'], nmapOs: 'linux', description: 'Mail relay' },
  { slug: 'file-server', services: ['smb', 'ftp', 'ssh'], nmapOs: 'linux', description: 'Storage server' },
  { slug: 'printer', services: ['snmp', 'ftp'], nmapOs: 'embedded', description: 'Network printer' },
  { slug: 'iot-device', services: ['mqtt', 'snmp', 'telnet'], nmapOs: 'embedded', description: 'IoT device' },
  { slug: 'industrial-control', services: ['conpot', 'snmp'], nmapOs: 'embedded', description: 'ICS/SCADA controller' },
  { slug: 'voip-server', services: ['sip'], nmapOs: 'linux', description: 'PBX' },
  { slug: 'monitoring-node', services: ['snmp', 'ssh'], nmapOs: 'linux', description: 'Monitoring node' },
  { slug: 'devops-host', services: ['docker_api', 'ssh', 'k8s'], nmapOs: 'linux', description: 'CI/CD and container host' },
  { slug: 'deaddeck', services: ['ssh'], nmapOs: 'linux', description: 'Internet-facing entry point with real interactive SSH' },
] as const satisfies readonly A[];

/** Per-decky services (the fleet-wide sniffer is not one). */
const SERVICES = [
  'ssh', 'telnet', 'http', 'https', 'ftp', 'tftp', 'smb', 'rdp', 'vnc', 'smtp', 'smtp_relay', 'imap', 'pop3', 'ldap',
  'llmnr', 'dns', 'mysql', 'postgres', 'mssql', 'mongodb', 'redis', 'elasticsearch', 'mqtt', 'snmp', 'sip', 'k8s',
  'docker_api', 'conpot',
] as const satisfies readonly ServiceSlug[];

type MissingArchetype = Exclude<ArchetypeSlug, (typeof ARCHETYPES)[number]['slug']>;
type MissingService = Exclude<ServiceSlug, (typeof SERVICES)[number] | 'sniffer'>;
export const FALLBACK_COMPLETE: [MissingArchetype | MissingService] extends [never] ? true : MissingArchetype | MissingService = true;

export const OS_FAMILY_OPTIONS = ['linux', 'windows', 'windows_server', 'bsd', 'embedded', 'cisco'] as const satisfies readonly OsFamily[];
type MissingOs = Exclude<OsFamily, (typeof OS_FAMILY_OPTIONS)[number]>;
export const OS_COMPLETE: [MissingOs] extends [never] ? true : MissingOs = true;

export const FALLBACK_CATALOGUE: Catalogue = {
  archetypes: ARCHETYPES.map((a) => ({ ...a, services: [...a.services] })),
  services: [...SERVICES],
};
