// ps(1) (procps-ng 3.3): default, BSD `aux` and System V `-ef`/`-e` formats with procps column
// widths, user names truncated to 7 chars plus "+", CPU time growing with age, this session's own
// processes (including the ps itself and its pipeline siblings), lines cut to the terminal width.

import type { CommandContext, CommandSpec } from './types';
import { err, out } from './types';
import { liveProcesses, cpuSeconds } from '../sys/process-view';
import type { LiveProc } from '../sys/process-view';
import { psStart } from '../sys/time-format';
import { memStats } from '../sys/memory';
import { isBusybox } from './busybox';
import { busyboxPs } from './busybox-ps';

function userCol(name: string): string {
  return name.length > 8 ? `${name.slice(0, 7)}+` : name;
}

function bsdTime(sec: number): string {
  return `${Math.floor(sec / 60)}:${String(sec % 60).padStart(2, '0')}`;
}

function sysvTime(sec: number): string {
  const h = Math.floor(sec / 3600);
  const m = Math.floor((sec % 3600) / 60);
  const s = sec % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

function aux(ctx: CommandContext, procs: readonly LiveProc[]): string[] {
  const now = ctx.now.getTime();
  const total = memStats(ctx.state.persona, now).totalKb;
  const lines = ['USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND'];
  for (const p of procs) {
    const age = Math.max(1, (now - p.startMs) / 1000);
    const cpu = Math.min(99.9, (cpuSeconds(p, now) / age) * 100);
    const mem = (p.rssKb / total) * 100;
    lines.push(
      `${userCol(p.user).padEnd(8)} ${String(p.pid).padStart(7)} ${cpu.toFixed(1).padStart(4)} ${mem.toFixed(1).padStart(4)} ${String(p.vszKb).padStart(6)} ${String(p.rssKb).padStart(5)} ${p.tty.padEnd(8)} ${p.stat.padEnd(4)} ${psStart(p.startMs, now).padStart(5)} ${bsdTime(cpuSeconds(p, now)).padStart(6)} ${p.command}`,
    );
  }
  return lines;
}

function full(ctx: CommandContext, procs: readonly LiveProc[]): string[] {
  const now = ctx.now.getTime();
  const lines = ['UID          PID    PPID  C STIME TTY          TIME CMD'];
  for (const p of procs) {
    lines.push(`${userCol(p.user).padEnd(8)} ${String(p.pid).padStart(7)} ${String(p.ppid).padStart(7)} ${' 0'.padStart(2)} ${psStart(p.startMs, now).padEnd(5)} ${p.tty.padEnd(8)} ${sysvTime(cpuSeconds(p, now)).padStart(8)} ${p.command}`);
  }
  return lines;
}

function simple(ctx: CommandContext, procs: readonly LiveProc[]): string[] {
  const now = ctx.now.getTime();
  return ['    PID TTY          TIME CMD', ...procs.map((p) => `${String(p.pid).padStart(7)} ${p.tty.padEnd(8)} ${sysvTime(cpuSeconds(p, now)).padStart(8)} ${p.comm}`)];
}

export const ps: CommandSpec = {
  name: 'ps',
  path: '/usr/bin/ps',
  run(ctx) {
    if (isBusybox(ctx)) return busyboxPs(ctx);
    const args = ctx.argv.slice(1);
    const joined = args.join(' ');
    let all = false;
    let bsdUser = false;
    let fullFmt = false;
    let pidFilter: number[] | null = null;
    let userFilter: string | null = null;
    for (let i = 0; i < args.length; i++) {
      const a = args[i] ?? '';
      const letters = a.startsWith('-') ? a.slice(1) : a;
      if (a === '-p' || a === '--pid' || a === 'p') {
        pidFilter = (args[++i] ?? '').split(',').map(Number).filter((n) => Number.isInteger(n));
        continue;
      }
      if (a === '-u' || a === '-U' || a === '--user' || a === 'U') {
        userFilter = args[++i] ?? '';
        continue;
      }
      for (const c of letters) {
        if ('aAex'.includes(c)) all = true;
        else if (c === 'u') bsdUser = true;
        else if (c === 'f' || c === 'F' || c === 'l') fullFmt = a.startsWith('-') ? true : fullFmt;
        else if (!'wfHjLTcrhyo'.includes(c)) {
          return err(`error: unsupported option (BSD syntax)\n\nUsage:\n ps [options]\n\n Try 'ps --help <simple|list|output|threads|misc|all>'\n  or 'ps --help <s|l|o|t|m|a>'\n for additional help text.\n\nFor more details see ps(1).\n`);
        }
      }
    }
    const now = ctx.now.getTime();
    let procs = liveProcesses(ctx.state, now, ctx.pipeline, ctx.pid);
    if (pidFilter) procs = procs.filter((p) => pidFilter?.includes(p.pid));
    else if (userFilter !== null) procs = procs.filter((p) => p.user === userFilter || String(ctx.state.accounts.byName(p.user)?.uid) === userFilter);
    else if (!all) procs = procs.filter((p) => p.tty === ctx.state.session.tty && p.user === ctx.user.name);
    const lines = bsdUser || joined === 'aux' ? aux(ctx, procs) : fullFmt ? full(ctx, procs) : simple(ctx, procs);
    const width = Number.parseInt(ctx.env.get('COLUMNS') ?? String(ctx.state.session.columns), 10) || 80;
    const wide = args.some((a) => !a.startsWith('-') && a.includes('w')) || args.includes('-w');
    const text = ctx.tty && !wide ? lines.map((l) => l.slice(0, width)) : lines;
    const found = pidFilter === null || procs.length > 0;
    return out(text.join('\n') + '\n', found ? 0 : 1);
  },
};
