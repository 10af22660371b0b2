// Alpine's /var/log/messages as BusyBox syslogd writes it ("Mmm dd HH:MM:SS host facility.level
// prog[pid]: msg", one file for everything): sshd without PAM, busy crond running /etc/periodic.

import type { ShellPersona } from '../persona';
import { baseProcesses } from '../sys/processes';
import { machineId } from '../sys/identity';
import { strftime } from '../sys/time-format';
import { makeRng } from '../sys/rng';
import { authEvents } from './var-files';

const QUARTER_MS = 900_000;

export function busyboxMessages(persona: ShellPersona, nowMs: number): string {
  const host = persona.hostname;
  const crond = baseProcesses(persona, machineId(persona)).find((p) => p.command.startsWith('/usr/sbin/crond'))?.pid ?? 2000;
  const lines: Array<[number, string]> = [];
  // sshd logs to LOG_AUTH; Alpine's OpenSSH is built without PAM, so no pam_unix lines.
  for (const [ms, text] of authEvents(persona, nowMs)) {
    const sshd = /^\S+ (sshd\[\d+\]: .*)$/.exec(text);
    if (sshd) lines.push([ms, `${host} auth.info ${sshd[1] ?? ''}`]);
  }
  // root's crontab on Alpine: run-parts /etc/periodic/15min every quarter hour, hourly at :00.
  const start = Math.max(persona.bootedAtMs, nowMs - 6 * 3_600_000);
  for (let q = Math.ceil(start / QUARTER_MS); q * QUARTER_MS <= nowMs; q++) {
    const at = q * QUARTER_MS;
    const rng = makeRng(`${persona.seed}:crond:${q}`);
    lines.push([at, `${host} cron.info crond[${crond}]: USER root pid ${20_000 + rng.int(0, 40_000)} cmd run-parts /etc/periodic/15min`]);
    if (q % 4 === 0) lines.push([at, `${host} cron.info crond[${crond}]: USER root pid ${20_000 + rng.int(0, 40_000)} cmd run-parts /etc/periodic/hourly`]);
  }
  lines.sort((a, b) => a[0] - b[0]);
  return lines.map(([ms, text]) => `${strftime('%b %e %H:%M:%S', new Date(ms))} ${text}\n`).join('');
}
