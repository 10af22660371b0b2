// The NTLM identity of one persona (names, target type, version), so smb, rdp, ldap and mssql
// all put the same names and build in their CHALLENGE (rdp-ntlm-info == smb-os-discovery, D5).
import type { WindowsIdentity } from '../service';
import { netbiosName } from '../persona/windows';
import type { NtlmVersion } from './ntlmssp';

export interface NtlmIdentity {
  /** CHALLENGE TargetName: the NetBIOS domain when joined, else the computer name. */
  targetName: string;
  /** TARGET_TYPE_DOMAIN (joined Windows) or TARGET_TYPE_SERVER (workgroup Windows, standalone Samba). */
  targetIsDomain: boolean;
  nbDomain: string;
  nbComputer: string;
  dnsDomain: string;
  dnsComputer: string;
  /** MsvAvDnsTreeName: the forest of a joined Windows machine; absent otherwise. */
  dnsTree?: string;
  version: NtlmVersion;
  flavor: 'windows' | 'samba';
  /** Windows: the product name ("Windows Server 2019 Standard"); Samba: undefined. */
  product?: string;
}

/** What the helper needs from a Persona or a PersonaBasis (both have these fields). */
export interface NtlmIdentitySource {
  hostname: string;
  domain: string;
  windows?: WindowsIdentity;
}

/**
 * Windows: the shared WindowsIdentity (build, NetBIOS/DNS names; a workgroup machine names itself
 * everywhere, as Windows does). Linux: Samba's standalone server (auth/ntlmssp/ntlmssp_server.c:
 * target = NetBIOS name, TARGET_TYPE_SERVER, version 6.1.0 rev 15).
 */
export function ntlmIdentity(p: NtlmIdentitySource): NtlmIdentity {
  const w = p.windows;
  if (w) {
    const version = { major: w.major, minor: w.minor, build: w.build, revision: 15 };
    const computer = w.netbiosComputer;
    if (!w.domainJoined || !w.dnsDomain) {
      return { targetName: computer, targetIsDomain: false, nbDomain: computer, nbComputer: computer, dnsDomain: computer, dnsComputer: computer, version, flavor: 'windows', product: w.productName };
    }
    return {
      targetName: w.netbiosDomain,
      targetIsDomain: true,
      nbDomain: w.netbiosDomain,
      nbComputer: computer,
      dnsDomain: w.dnsDomain,
      dnsComputer: `${p.hostname.split('.')[0]!}.${w.dnsDomain}`,
      dnsTree: w.dnsForest || w.dnsDomain,
      version,
      flavor: 'windows',
      product: w.productName,
    };
  }
  const nb = netbiosName(p.hostname);
  const host = p.hostname.split('.')[0]!.toLowerCase();
  const domain = p.domain.toLowerCase();
  return {
    targetName: nb,
    targetIsDomain: false,
    nbDomain: nb,
    nbComputer: nb,
    dnsDomain: domain,
    dnsComputer: domain ? `${host}.${domain}` : host,
    version: { major: 6, minor: 1, build: 0, revision: 15 },
    flavor: 'samba',
  };
}
