// Per-decky identity details not stored in the persona but derived from its seed: machine-id,
// install date, kernel build banner (/proc/version) and the previous login shown by sshd.

import type { ShellPersona } from '../persona';
import { hash32, makeRng, seededHex } from './rng';

export function machineId(persona: ShellPersona): string {
  return seededHex(`${persona.seed}:machine-id`, 16);
}

/** When the OS was installed: 40 to 400 days before boot. */
export function installedAtMs(persona: ShellPersona): number {
  return persona.bootedAtMs - (40 + (hash32(`${persona.seed}:install`) % 360)) * 86_400_000 - (hash32(persona.seed) % 86_400) * 1000;
}

function ubuntuToolchain(pretty: string): string {
  if (pretty.includes('24.04')) return 'x86_64-linux-gnu-gcc-13 (Ubuntu 13.2.0-23ubuntu4) 13.2.0, GNU ld (GNU Binutils for Ubuntu) 2.42';
  if (pretty.includes('20.04')) return 'gcc (Ubuntu 9.4.0-1ubuntu1~20.04.2) 9.4.0, GNU ld (GNU Binutils for Ubuntu) 2.34';
  if (pretty.includes('18.04')) return 'gcc version 7.5.0 (Ubuntu 7.5.0-3ubuntu1~18.04)';
  return 'gcc (Ubuntu 11.4.0-1ubuntu1~22.04) 11.4.0, GNU ld (GNU Binutils for Ubuntu) 2.38';
}

/** /proc/version: "Linux version <release> (<builder>) (<toolchain>) <version>". */
export function procVersion(persona: ShellPersona): string {
  const override = persona.files['/proc/version'];
  if (override !== undefined) return override.endsWith('\n') ? override : `${override}\n`;
  const pretty = persona.osPrettyName;
  const lower = pretty.toLowerCase();
  const rng = makeRng(`${persona.seed}:build`);
  let builder: string;
  let toolchain: string;
  if (persona.family === 'alpine') {
    builder = `buildozer@build-3-19-${persona.arch}`;
    toolchain = 'gcc (Alpine 13.2.1_git20231014) 13.2.1 20231014, GNU ld (GNU Binutils) 2.41';
  } else if (persona.family === 'rhel') {
    builder = lower.includes('rocky') ? 'mockbuild@iad1-prod-build001.bld.equ.rockylinux.org' : lower.includes('centos') ? 'mockbuild@kbuilder.bsys.centos.org' : 'mockbuild@x86-vm-07.build.eng.bos.redhat.com';
    toolchain = pretty.match(/\b7(\.|\s)/) ? 'gcc version 4.8.5 20150623 (Red Hat 4.8.5-44) (GCC) ' : pretty.match(/\b8(\.|\s)/) ? 'gcc version 8.5.0 20210514 (Red Hat 8.5.0-20) (GCC) ' : 'gcc (GCC) 11.4.1 20230605 (Red Hat 11.4.1-2), GNU ld version 2.35.2-42.el9';
  } else if (lower.includes('ubuntu')) {
    builder = `buildd@lcy02-amd64-0${rng.int(10, 99)}`;
    toolchain = ubuntuToolchain(pretty);
  } else {
    builder = 'debian-kernel@lists.debian.org';
    toolchain = lower.includes('11') ? 'gcc-10 (Debian 10.2.1-6) 10.2.1 20210110, GNU ld (GNU Binutils for Debian) 2.35.2' : 'gcc-12 (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40';
  }
  return `Linux version ${persona.kernelRelease} (${builder}) (${toolchain}) ${persona.kernelVersion}\n`;
}

export interface PreviousLogin {
  atMs: number;
  from: string;
}

/** The "Last login" sshd prints: a few hours to days before now, from an address on the decky's LAN. */
export function previousLogin(persona: ShellPersona, user: string, nowMs: number): PreviousLogin {
  const h = hash32(`${persona.seed}:lastlog:${user}`);
  const prefix = persona.ip.split('.').slice(0, 3).join('.');
  const hostPart = 2 + (h % 250);
  const from = `${prefix}.${hostPart === Number(persona.ip.split('.')[3]) ? hostPart + 1 : hostPart}`;
  const atMs = Math.max(persona.bootedAtMs + 600_000, nowMs - (3600 + (h % (5 * 86_400))) * 1000);
  return { atMs: Math.min(atMs, nowMs - 60_000), from };
}
