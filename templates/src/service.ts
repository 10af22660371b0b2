// A service is one folder (CONVENTIONS §10): its folder exports one ServiceDefinition that owns the
// template, the persona part (banners and versions per OS family), its daemons in `ps`, its catalogue
// entry and its smoke probe. The registry lists the definitions; nothing else lists services by hand.
import type { ArchetypeSlug, OsFamily } from '@decnet/protocol';
import type { ShellProcessSeed } from './_shell/persona';
import type { DistroRelease, ReleaseSnapshot, SqlServer, WebServer } from './persona/release-types';
import type { Rng } from './persona/rng';
import type { Persona } from './persona/types';
import type { UdpTemplate } from './datagram';
import type { Template } from './template';

export type Mta = 'postfix' | 'exim' | 'sendmail';
export type PrinterVendor = 'hp' | 'brother';
/** The non-Linux OS families whose services announce that OS, never a Linux distro build. */
export type ForeignOs = 'windows' | 'windows_server' | 'bsd' | 'cisco';

/** What a Windows persona's services all agree on (SMB, RDP, LDAP and NTLM show the same build). */
export interface WindowsIdentity {
  /** e.g. "Windows Server 2019 Standard" or "Windows 10 Pro". */
  productName: string;
  /** NTLM / SMB version triple. */
  major: number;
  minor: number;
  build: number;
  /** NetBIOS computer name (upper case, <= 15 chars). */
  netbiosComputer: string;
  /** NetBIOS domain (upper case, <= 15 chars) or workgroup. */
  netbiosDomain: string;
  /** DNS domain of an AD member, e.g. "corp.local"; equals the persona's domain. */
  dnsDomain: string;
  /** DNS forest name (same as dnsDomain for single-domain forests). */
  dnsForest: string;
  /** Joined to a domain (false: a workgroup machine). */
  domainJoined: boolean;
}

/** Everything a service's persona part may draw on: one decky's OS identity and seeded choices. */
export interface PersonaBasis {
  seed: string;
  osFamily: OsFamily;
  /** Set for Windows, BSD and Cisco personas. */
  foreign?: ForeignOs;
  archetype?: ArchetypeSlug;
  /** The Linux release (also set for foreign personas, where services must not show it). */
  release: DistroRelease;
  snap: ReleaseSnapshot;
  hostname: string;
  fqdn: string;
  domain: string;
  ip: string;
  arch: string;
  web: WebServer;
  sqlServer: SqlServer;
  ftp: { product: 'vsftpd' | 'ProFTPD'; version: string };
  mta: Mta;
  printer?: PrinterVendor;
  /** Show the PHP version (X-Powered-By) as a default php.ini does. */
  showPhp: boolean;
  /** ServerTokens Prod / server_tokens off. */
  productOnly: boolean;
  /** PostgreSQL major the distro ships (14 on Ubuntu 22.04, 15 on Debian 12 ...). */
  pgMajor: number;
  /** Worker processes a pre-forking daemon shows in `ps`. */
  workers: number;
  /** Set for Windows personas. */
  windows?: WindowsIdentity;
  /** INI `[decky.service]` keys of every service of the decky (some identity keys are shared). */
  config: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** An independent seeded stream; a service uses its own slug as the label. */
  rng(label: string): Rng;
}

export interface ServiceDefinition<C = any, P = unknown> {
  template: Template<C> | UdpTemplate<C>;
  /** One line for the catalogue and the dashboard. */
  description: string;
  /** This service's identity strings for one persona (banner, versions, names), config overrides applied. */
  persona(basis: PersonaBasis): P;
  /** The daemons `ps` shows when the decky runs this service. */
  processes?(basis: PersonaBasis): ShellProcessSeed[];
  /** Served by another service's daemon (https by the web server, pop3 by dovecot): `ps` shows that one's. */
  daemonOf?: string;
  /** What the runner smoke test sends first and a string the answer must contain for a persona. */
  smoke?: { send?: string | Uint8Array; expect(persona: Persona): string };
}

/** Keeps the config and persona types of a definition (the registry derives ServicePersonas from them). */
export function defineService<C, P>(d: ServiceDefinition<C, P>): ServiceDefinition<C, P> {
  return d;
}

/** A config value from the decky's INI, trimmed and bounded; undefined when absent or blank. */
export function configValue(basis: PersonaBasis, service: string, key: string, maxChars = 512): string | undefined {
  const v = basis.config[service]?.[key];
  return v !== undefined && v.trim() !== '' ? v.slice(0, maxChars) : undefined;
}
