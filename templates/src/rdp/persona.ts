// The rdp persona part: Windows' own RDP stack (Windows 10/11 and Server 2016+: NEG_RSP flags 0x1f,
// source reference 0x1234, CredSSP v6, NLA required by default) or, on Linux, xrdp (TLS only, no NLA).
import type { ShellProcessSeed } from '../_shell/persona';
import { configValue, type PersonaBasis } from '../service';

export interface RdpPersona {
  flavor: 'windows' | 'xrdp';
  /** NLA required (DECNET `nla`); the session's config can still override it. */
  nla: boolean;
  /** RDP_NEG_RSP flags (MS-RDPBCGR 2.2.1.2.1). */
  negRspFlags: number;
  /** X.224 Connection Confirm SRC-REF. */
  srcRef: number;
  /** TSRequest version the server answers with (MS-CSSP 2.2.1). */
  credsspVersion: number;
}

function parseBool(v: string | undefined): boolean | undefined {
  if (v === undefined) return undefined;
  return ['true', '1', 'yes', 'on'].includes(v.trim().toLowerCase());
}

export function rdpPersona(b: PersonaBasis): RdpPersona {
  const nla = parseBool(configValue(b, 'rdp', 'nla'));
  if (b.windows) {
    // EXTENDED_CLIENT_DATA | DYNVC_GFX | NEGRSP_RESERVED | RESTRICTED_ADMIN | REDIRECTED_AUTH, as
    // Windows 10 / Server 2016 and later send (nmap's "Microsoft Terminal Services" match).
    return { flavor: 'windows', nla: nla ?? true, negRspFlags: 0x1f, srcRef: 0x1234, credsspVersion: 6 };
  }
  // xrdp (libxrdp/xrdp_iso.c): security_layer=negotiate picks TLS when offered; it has no CredSSP.
  return { flavor: 'xrdp', nla: false, negRspFlags: 0x01, srcRef: 0, credsspVersion: 0 };
}

export function rdpProcesses(b: PersonaBasis): ShellProcessSeed[] {
  if (b.windows || b.foreign) return [];
  return [{ user: 'xrdp', command: '/usr/sbin/xrdp' }, { user: 'root', command: '/usr/sbin/xrdp-sesman' }];
}
