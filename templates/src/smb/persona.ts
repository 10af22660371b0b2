// The smb persona part: Windows (identity from basis.windows, shares per archetype, signing required
// on a DC) or Samba (version per distro, workgroup, server string); the seeded server GUID; and
// smbd/nmbd in `ps` for Linux personas.
import type { ShellProcessSeed } from '../_shell/persona';
import { ntlmIdentity, type NtlmIdentity } from '../_ntlm/identity';
import { configValue, type PersonaBasis } from '../service';
import { sambaShares, windowsShares, type Share } from './shares';

export interface SmbPersona {
  flavor: 'windows' | 'samba';
  ntlm: NtlmIdentity;
  /** Server GUID of the NEGOTIATE response (16 bytes hex), fixed per decky like a real server's. */
  serverGuid: string;
  /** SMB2_NEGOTIATE_SIGNING_REQUIRED: Windows domain controllers (and nothing else by default). */
  signingRequired: boolean;
  /** Answer SMB1 "NT LM 0.12" (Windows Server 2016 still ships SMB1 enabled); else Windows drops it, Samba says "no protocol". */
  smb1: boolean;
  /** Samba version string ("4.17.12-Debian") or undefined for Windows. */
  sambaVersion?: string;
  /** NetBIOS workgroup / domain. */
  workgroup: string;
  /** SMB1 NativeOS / NativeLanMan of SESSION_SETUP_ANDX. */
  nativeOs: string;
  nativeLanMan: string;
  shares: Share[];
  /** NetrServerGetInfo sv101_type (SV_TYPE_* of MS-SRVS §2.2.2.7) and sv101_comment. */
  serverType: number;
  serverComment: string;
  /** Windows tree ids count up from 1; Samba's are random. */
  firstTreeId: number;
}

/** Samba as each distro's latest point release ships it (smbd -V). */
const SAMBA: Record<string, string> = {
  debian: '4.17.12-Debian',
  ubuntu22: '4.15.13-Ubuntu',
  ubuntu20: '4.13.17-Ubuntu',
  kali: '4.19.5-Debian',
  rocky9: '4.18.6',
  centos7: '4.10.16',
  fedora: '4.19.4',
  alpine: '4.18.9',
};

function windowsKind(b: PersonaBasis): 'workstation' | 'server' | 'dc' {
  if (b.archetype === 'domain-controller') return 'dc';
  return b.foreign === 'windows' ? 'workstation' : 'server';
}

export function smbPersona(b: PersonaBasis): SmbPersona {
  const rng = b.rng('smb');
  const serverGuid = rng.hex(32);
  const bait = configValue(b, 'smb', 'shares')?.split(',').map((s) => s.trim()).filter((s) => /^[A-Za-z0-9$ _.-]{1,80}$/.test(s)).slice(0, 32);
  const smb1Cfg = configValue(b, 'smb', 'smb1');
  const w = b.windows;
  if (w) {
    const kind = windowsKind(b);
    return {
      flavor: 'windows',
      ntlm: ntlmIdentity(b),
      serverGuid,
      signingRequired: kind === 'dc',
      smb1: smb1Cfg !== undefined ? /^(true|yes|1|on)$/i.test(smb1Cfg) : w.build === 14393,
      workgroup: w.netbiosDomain,
      nativeOs: `${w.productName} ${w.build}`,
      nativeLanMan: `${w.productName} 6.3`,
      shares: windowsShares(kind, rng, bait),
      // WORKSTATION|SERVER|NT (+SERVER_NT on servers, +DOMAIN_CTRL|TIME_SOURCE on a DC).
      serverType: kind === 'workstation' ? 0x1003 : kind === 'dc' ? 0x902b : 0x9003,
      serverComment: '',
      firstTreeId: 1,
    };
  }
  const version = SAMBA[b.release.slug] ?? '4.17.12-Debian';
  const workgroup = (configValue(b, 'smb', 'workgroup', 15) ?? 'WORKGROUP').toUpperCase();
  // Debian/Ubuntu's stock smb.conf sets "server string = %h server (Samba, Ubuntu)"; elsewhere "Samba %v".
  const debianish = b.release.family === 'debian';
  const serverString = debianish ? `${b.hostname.split('.')[0]!} server (Samba, Ubuntu)` : `Samba ${version}`;
  return {
    flavor: 'samba',
    ntlm: ntlmIdentity(b),
    serverGuid,
    signingRequired: false,
    smb1: smb1Cfg !== undefined && /^(true|yes|1|on)$/i.test(smb1Cfg),
    sambaVersion: version,
    workgroup,
    nativeOs: 'Windows 6.1',
    nativeLanMan: `Samba ${version}`,
    shares: sambaShares(serverString, rng, bait),
    // What `rpcclient srvinfo` shows for a standalone smbd (…|SERVER_UNIX|PRINTQ_SERVER|POTENTIAL_BROWSER).
    serverType: 0x809a03,
    serverComment: serverString,
    firstTreeId: rng.int(1, 0xfffe),
  };
}

export function smbProcesses(b: PersonaBasis): ShellProcessSeed[] {
  if (b.foreign) return [];
  return [
    { user: 'root', command: '/usr/sbin/smbd --foreground --no-process-group', rssKb: 21_000 },
    { user: 'root', command: '/usr/sbin/nmbd --foreground --no-process-group', rssKb: 17_000 },
  ];
}
