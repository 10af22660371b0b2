// The ssh persona part: the identification string and `ssh -V` of the persona's OpenSSH build
// (the distro snapshot's, or what Windows, FreeBSD and Cisco IOS announce).
import type { ShellProcessSeed } from '../_shell/persona';
import type { PersonaBasis } from '../service';

export interface SshPersona {
  /** Full identification string sent first, e.g. "SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.10". */
  banner: string;
  /** `ssh -V` of the same build, e.g. "OpenSSH_8.9p1 Ubuntu-3ubuntu0.10, OpenSSL 3.0.2 15 Mar 2022". */
  versionText: string;
}

export function sshPersona(b: PersonaBasis): SshPersona {
  if (b.foreign === 'bsd') return { banner: 'SSH-2.0-OpenSSH_9.7 FreeBSD-20240318', versionText: 'OpenSSH_9.7p1, OpenSSL 3.0.13 30 Jan 2024' };
  if (b.foreign === 'cisco') return { banner: 'SSH-2.0-Cisco-1.25', versionText: 'Cisco-1.25' };
  if (b.foreign) return { banner: 'SSH-2.0-OpenSSH_for_Windows_8.1', versionText: 'OpenSSH_for_Windows_8.1p1, LibreSSL 3.0.2' };
  return { banner: `SSH-2.0-${b.snap.sshIdent}`, versionText: `${b.snap.sshVersion}, ${b.snap.openssl}` };
}

/** sshd itself is shown by the fake shell (with the attacker's own session); nothing to add. */
export function sshProcesses(): ShellProcessSeed[] {
  return [];
}
