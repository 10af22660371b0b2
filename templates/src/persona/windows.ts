// The Windows identity a persona's SMB, RDP, LDAP and NTLM answers share: product, build and the
// NetBIOS/DNS names, so smb-os-discovery, rdp-ntlm-info and the rootDSE never disagree (D5).
import type { ArchetypeSlug, OsFamily } from '@decnet/protocol';
import type { WindowsIdentity } from '../service';
import type { Rng } from './rng';

const WORKSTATIONS: ReadonlyArray<[product: string, build: number, weight: number]> = [
  ['Windows 10 Pro', 19045, 5],
  ['Windows 10 Enterprise', 19045, 3],
  ['Windows 11 Pro', 22631, 3],
  ['Windows 11 Enterprise', 22631, 2],
];
const SERVERS: ReadonlyArray<[product: string, build: number, weight: number]> = [
  ['Windows Server 2016 Standard', 14393, 2],
  ['Windows Server 2019 Standard', 17763, 5],
  ['Windows Server 2019 Datacenter', 17763, 1],
  ['Windows Server 2022 Standard', 20348, 4],
  ['Windows Server 2022 Datacenter', 20348, 1],
];

/** NetBIOS names are at most 15 characters, upper case, without dots. */
export function netbiosName(name: string): string {
  return name.split('.')[0]!.toUpperCase().replace(/[^A-Z0-9-]/g, '').slice(0, 15) || 'WORKSTATION';
}

export function windowsIdentity(os: OsFamily, archetype: ArchetypeSlug | undefined, hostname: string, domain: string, rng: Rng): WindowsIdentity | undefined {
  if (os !== 'windows' && os !== 'windows_server') return undefined;
  const table = os === 'windows' ? WORKSTATIONS : SERVERS;
  const [productName, build] = rng.weighted(table, table.map((r) => r[2]));
  // Domain controllers and member servers are always joined; a workstation now and then is not.
  const joined = archetype !== 'windows-workstation' || !rng.chance(0.2);
  const dnsDomain = joined ? domain : '';
  // An AD domain "ad.acme.com" keeps NetBIOS name "ACME" more often than "AD"; "acme.local" gives "ACME".
  const labels = domain.split('.');
  const netbiosDomain = joined ? netbiosName(labels.length > 2 && (labels[0] === 'ad' || labels[0] === 'corp') ? labels[1]! : labels[0]!) : 'WORKGROUP';
  return {
    productName,
    major: 10,
    minor: 0,
    build,
    netbiosComputer: netbiosName(hostname),
    netbiosDomain,
    dnsDomain,
    dnsForest: dnsDomain,
    domainJoined: joined,
  };
}
