// The persona record of one decky: every string an attacker can observe (hostname, OS, kernel,
// banners, versions, users, files) comes from here, so the layers never contradict each other
// (detectability D1/D5) and no two deckies share a fleet-wide constant (D9).
import type { ArchetypeSlug, OsFamily } from '@decnet/protocol';
import type { ShellPersona } from '../_shell/persona';

/** Per-service identity strings, each consistent with the persona's OS and distro release. */
export interface ServicePersonas {
  /** Full identification string sent first, e.g. "SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.10". */
  ssh: { banner: string; /** `ssh -V` of the same build, e.g. "OpenSSH_8.9p1 Ubuntu-3ubuntu0.10, OpenSSL 3.0.2 15 Mar 2022" */ versionText: string };
  telnet: { /** Text before the login prompt, e.g. "Ubuntu 22.04.4 LTS\r\nweb-12 login: " */ issue: string };
  http: { /** Server header, e.g. "Apache/2.4.52 (Ubuntu)" */ server: string; /** X-Powered-By when the stack shows one */ poweredBy?: string };
  ftp: { /** Product as nmap names it, e.g. "vsftpd" */ product: string; version: string; /** 220 greeting text */ banner: string };
  redis: { version: string; /** INFO os, e.g. "Linux 5.15.0-105-generic x86_64" */ os: string; runId: string };
  mysql: { /** Server version string of the handshake, e.g. "8.0.36-0ubuntu0.22.04.1" */ version: string; connectionIdStart: number };
  smtp: { /** Host part and MTA of the 220 greeting, e.g. "mail.corp.local ESMTP Postfix (Ubuntu)" */ banner: string; mta: 'postfix' | 'exim' | 'sendmail' };
}

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
  services: ServicePersonas;
  /**
   * Accounts SSH/Telnet accept (root and the admin user, seeded weak passwords or the INI
   * `password`/`user`/`user_password`). Empty for Windows/BSD/Cisco personas, whose shell would not
   * match. Absent on hand-built personas: templates then accept nobody.
   */
  logins?: PersonaLogin[];
  /** The admin (sudo/wheel) account of `shell.users`. */
  adminUser?: string;
}
