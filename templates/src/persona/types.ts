// The persona record of one decky: every string an attacker can observe (hostname, OS, kernel,
// banners, versions, users, files) comes from here, so the layers never contradict each other
// (detectability D1/D5) and no two deckies share a fleet-wide constant (D9).
import type { ArchetypeSlug, OsFamily } from '@decnet/protocol';
import type { ShellPersona } from '../_shell/persona';
import type { ServicePersonas } from '../registry';
import type { WindowsIdentity } from '../service';

export type { ServicePersonas };

/** An account the SSH and Telnet templates accept, with its one password (never accept-any, D8). */
export interface PersonaLogin {
  user: string;
  password: string;
}

export interface Persona {
  /** Hex seed derived from decky name + archetype; everything random is drawn from it. */
  seed: string;
  deckyName: string;
  archetype: ArchetypeSlug | undefined;
  osFamily: OsFamily;
  /** Distro slug of protocol's DISTROS (debian, ubuntu22, rocky9, alpine, ...). */
  distro: string;
  hostname: string;
  /** DNS domain, e.g. "corp.local" or "localdomain". */
  domain: string;
  /** MAC with an OUI plausible for the OS family (VMware/QEMU/Dell for servers, printer vendor ...). */
  mac: string;
  timezone: string;
  /** What the fake shell shows (uname, /proc, /etc, users, processes, files). */
  shell: ShellPersona;
  /** Every registered service's identity strings (its folder's `persona` part), consistent with the OS. */
  services: ServicePersonas;
  /** The Windows build and NetBIOS/DNS names SMB, RDP and LDAP share; set for Windows personas. */
  windows?: WindowsIdentity;
  /**
   * Accounts SSH/Telnet accept (root and the admin user, seeded weak passwords or the INI
   * `password`/`user`/`user_password`). Empty for Windows/BSD/Cisco personas, whose shell would not
   * match. Absent on hand-built personas: templates then accept nobody.
   */
  logins?: PersonaLogin[];
  /** The admin (sudo/wheel) account of `shell.users`. */
  adminUser?: string;
}
