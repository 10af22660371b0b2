// Login banner: the distribution's message of the day (Ubuntu's landscape sysinfo computed from the
// same load/disk/memory/process figures the commands show) followed by sshd's "Last login" line.

import type { ShellPersona } from './persona';
import type { SessionInfo } from './flavor';
import { loadAverage } from './sys/uptime';
import { memStats } from './sys/memory';
import { mounts } from './sys/disk';
import { baseProcesses } from './sys/processes';
import { machineId, previousLogin } from './sys/identity';
import { strftime, dateDefault } from './sys/time-format';

function ubuntuMotd(persona: ShellPersona, now: Date): string {
  const [load] = loadAverage(persona, now.getTime());
  const root = mounts(persona, now.getTime(), 0).find((m) => m.mountPoint === '/');
  const mem = memStats(persona, now.getTime());
  const procs = baseProcesses(persona, machineId(persona)).length + 2;
  const usage = root ? `${((root.usedKb / root.sizeKb) * 100).toFixed(1)}% of ${(root.sizeKb / 1024 / 1024).toFixed(2)}GB` : '0%';
  const memPct = `${Math.round((mem.usedKb / mem.totalKb) * 100)}%`;
  const swapPct = mem.swapTotalKb === 0 ? '0%' : `${Math.round(((mem.swapTotalKb - mem.swapFreeKb) / mem.swapTotalKb) * 100)}%`;
  const row = (l1: string, v1: string, l2: string, v2: string): string => `  ${l1.padEnd(14)}${v1.padEnd(19)}${l2.padEnd(Math.max(23, l2.length + 1))}${v2}`;
  const kernelArch = persona.arch;
  return [
    `Welcome to ${persona.osPrettyName} (GNU/Linux ${persona.kernelRelease} ${kernelArch})`,
    '',
    ' * Documentation:  https://help.ubuntu.com',
    ' * Management:     https://landscape.canonical.com',
    ' * Support:        https://ubuntu.com/pro',
    '',
    `  System information as of ${dateDefault(now)}`,
    '',
    row('System load:', load.toFixed(2), 'Processes:', String(procs)),
    row('Usage of /:', usage, 'Users logged in:', '0'),
    row('Memory usage:', memPct, `IPv4 address for ${persona.iface}:`, persona.ip),
    `  Swap usage:   ${swapPct}`,
    '',
    '',
    'Expanded Security Maintenance for Applications is not enabled.',
    '',
    '0 updates can be applied immediately.',
    '',
    'Enable ESM Apps to receive additional future security updates.',
    'See https://ubuntu.com/esm or run: sudo pro status',
    '',
    '',
  ].join('\n');
}

function debianMotd(persona: ShellPersona): string {
  return [
    `Linux ${persona.hostname} ${persona.kernelRelease} ${persona.kernelVersion} ${persona.arch}`,
    '',
    'The programs included with the Debian GNU/Linux system are free software;',
    'the exact distribution terms for each program are described in the',
    'individual files in /usr/share/doc/*/copyright.',
    '',
    'Debian GNU/Linux comes with ABSOLUTELY NO WARRANTY, to the extent',
    'permitted by applicable law.',
  ].join('\n') + '\n';
}

const ALPINE_MOTD = `Welcome to Alpine!

The Alpine Wiki contains a large amount of how-to guides and general
information about administrating Alpine systems.
See <https://wiki.alpinelinux.org/>.

You can setup the system with the command: setup-alpine

You may change this message by editing /etc/motd.

`;

export function motdText(persona: ShellPersona, now: Date): string {
  if (persona.family === 'alpine') return ALPINE_MOTD;
  if (persona.family === 'rhel') return persona.osPrettyName.match(/\b7(\.|\s)/) ? '' : 'Activate the web console with: systemctl enable --now cockpit.socket\n\n';
  return persona.osPrettyName.toLowerCase().includes('ubuntu') ? ubuntuMotd(persona, now) : debianMotd(persona);
}

/** sshd prints the motd then "Last login"; login(1) (Telnet) prints pam_lastlog's line first. */
export function bannerText(persona: ShellPersona, user: string, session: SessionInfo, now: Date): string {
  const motd = motdText(persona, now);
  if (persona.family === 'alpine') return motd;
  const last = previousLogin(persona, user, now.getTime());
  if (session.protocol === 'telnet') return `Last login: ${strftime('%a %b %e %H:%M:%S %Z %Y', new Date(last.atMs))} from ${last.from} on pts/1\n${motd}`;
  return `${motd}Last login: ${strftime('%a %b %e %H:%M:%S %Y', new Date(last.atMs))} from ${last.from}\n`;
}
