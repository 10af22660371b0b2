// top(1) (procps-ng): one screen of the summary and task list (the emulator cannot hold the
// terminal, so the frame is printed once, as with `top -b -n 1`). Same numbers as uptime/free/ps.

import type { CommandSpec } from './types';
import { out } from './types';
import { uptimeLine } from '../sys/uptime';
import { memStats } from '../sys/memory';
import { cpuSeconds, liveProcesses } from '../sys/process-view';
import { hash32 } from '../sys/rng';
import { isBusybox } from './busybox';
import { busyboxTop } from './busybox-sys';

function cpuTime(sec: number, pid: number): string {
  const hundredths = (hash32(String(pid)) % 100).toString().padStart(2, '0');
  return `${Math.floor(sec / 60)}:${String(sec % 60).padStart(2, '0')}.${hundredths}`;
}

export const top: CommandSpec = {
  name: 'top',
  path: '/usr/bin/top',
  run(ctx) {
    if (isBusybox(ctx)) return busyboxTop(ctx);
    const now = ctx.now.getTime();
    const p = ctx.state.persona;
    const procs = liveProcesses(ctx.state, now, ctx.pipeline, ctx.pid);
    const m = memStats(p, now);
    const mib = (kb: number): string => (kb / 1024).toFixed(1).padStart(8);
    const idle = 97 + (hash32(`${p.seed}:${Math.floor(now / 3000)}`) % 25) / 10;
    const us = ((100 - idle) * 0.6).toFixed(1);
    const sy = ((100 - idle) * 0.4).toFixed(1);
    const header = [
      `top - ${uptimeLine(p, ctx.now, 1).trimStart()}`,
      `Tasks: ${String(procs.length).padStart(3)} total,   1 running, ${String(procs.length - 1).padStart(3)} sleeping,   0 stopped,   0 zombie`,
      `%Cpu(s): ${us.padStart(4)} us, ${sy.padStart(4)} sy,  0.0 ni, ${idle.toFixed(1).padStart(4)} id,  0.0 wa,  0.0 hi,  0.0 si,  0.0 st`,
      `MiB Mem : ${mib(m.totalKb)} total, ${mib(m.freeKb)} free, ${mib(m.usedKb)} used, ${mib(m.buffersKb + m.cachedKb + m.sReclaimableKb)} buff/cache`,
      `MiB Swap: ${mib(m.swapTotalKb)} total, ${mib(m.swapFreeKb)} free, ${mib(m.swapTotalKb - m.swapFreeKb)} used. ${mib(m.availableKb)} avail Mem`,
      '',
      '    PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND',
    ];
    const rows = [...procs]
      .sort((a, b) => (b.pid === ctx.pid ? 1 : 0) - (a.pid === ctx.pid ? 1 : 0) || cpuSeconds(b, now) - cpuSeconds(a, now) || a.pid - b.pid)
      .slice(0, 17)
      .map((x) => {
        const user = x.user.length > 8 ? `${x.user.slice(0, 7)}+` : x.user;
        const pr = x.kernel && x.stat.includes('<') ? '0' : '20';
        const ni = x.kernel && x.stat.includes('<') ? '-20' : '0';
        const shr = x.kernel ? 0 : Math.floor(x.rssKb * 0.7);
        const cpu = x.pid === ctx.pid ? 0.3 : 0;
        return `${String(x.pid).padStart(7)} ${user.padEnd(8)} ${pr.padStart(3)} ${ni.padStart(3)} ${String(x.vszKb).padStart(7)} ${String(x.rssKb).padStart(6)} ${String(shr).padStart(6)} ${x.pid === ctx.pid ? 'R' : x.stat.startsWith('I') ? 'I' : 'S'} ${cpu.toFixed(1).padStart(5)} ${((x.rssKb / m.totalKb) * 100).toFixed(1).padStart(5)} ${cpuTime(cpuSeconds(x, now), x.pid).padStart(9)} ${x.comm}`;
      });
    return out([...header, ...rows].join('\n') + '\n');
  },
};
