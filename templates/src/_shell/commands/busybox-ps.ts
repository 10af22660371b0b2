// BusyBox ps (Alpine, embedded): every process, default columns `-o pid,user,time,args`
// ("PID   USER     TIME  COMMAND"), `-o COL[=HEADER],...` with busybox's column widths, BSD words
// such as `aux` ignored as busybox ignores them; rows from the same live process table as GNU ps.

import type { CommandContext, CommandResult } from './types';
import { err, out } from './types';
import { bbGetopt } from './busybox';
import { cpuSeconds, liveProcesses } from '../sys/process-view';
import type { LiveProc } from '../sys/process-view';

interface Column {
  width: number;
  header: string;
  right: boolean;
  value: (p: LiveProc, nowMs: number, ctx: CommandContext) => string;
}

/** smart_ulltoa4: four characters, kilobytes scaled to m/g past 9999. */
function smart4(kb: number): string {
  if (kb < 10_000) return String(kb);
  const mb = kb / 1024;
  if (mb < 10) return `${mb.toFixed(1)}m`;
  if (mb < 1000) return `${Math.round(mb)}m`;
  return `${(mb / 1024).toFixed(1)}g`;
}

const COLUMNS: Readonly<Record<string, Column>> = {
  pid: { width: 5, header: 'PID', right: true, value: (p) => String(p.pid) },
  ppid: { width: 5, header: 'PPID', right: true, value: (p) => String(p.ppid) },
  pgid: { width: 5, header: 'PGID', right: true, value: (p) => String(p.pid) },
  user: { width: 8, header: 'USER', right: false, value: (p) => p.user.slice(0, 8) },
  ruser: { width: 8, header: 'RUSER', right: false, value: (p) => p.user.slice(0, 8) },
  rgroup: { width: 8, header: 'RGROUP', right: false, value: (p, _n, ctx) => (ctx.state.accounts.groupByGid(ctx.state.accounts.byName(p.user)?.gid ?? 0)?.name ?? 'root').slice(0, 8) },
  group: { width: 8, header: 'GROUP', right: false, value: (p, _n, ctx) => (ctx.state.accounts.groupByGid(ctx.state.accounts.byName(p.user)?.gid ?? 0)?.name ?? 'root').slice(0, 8) },
  comm: { width: 16, header: 'COMMAND', right: false, value: (p) => p.comm.slice(0, 15) },
  args: { width: 0, header: 'COMMAND', right: false, value: (p) => p.command },
  time: { width: 5, header: 'TIME', right: true, value: (p, n) => { const s = cpuSeconds(p, n); return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`; } },
  etime: { width: 7, header: 'ELAPSED', right: true, value: (p, n) => { const s = Math.max(0, Math.floor((n - p.startMs) / 1000)); const h = Math.floor(s / 3600); const mmss = `${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`; return h > 0 ? `${h}:${mmss}` : mmss; } },
  tty: { width: 6, header: 'TT', right: false, value: (p) => p.tty },
  vsz: { width: 4, header: 'VSZ', right: true, value: (p) => smart4(p.vszKb) },
  rss: { width: 4, header: 'RSS', right: true, value: (p) => smart4(p.rssKb) },
  stat: { width: 4, header: 'STAT', right: false, value: (p) => (p.stat[0] ?? 'S') },
  nice: { width: 5, header: 'NI', right: true, value: () => '0' },
  sid: { width: 5, header: 'SID', right: true, value: (p) => String(p.stat.includes('s') ? p.pid : p.ppid) },
};

function parseSpec(specs: readonly string[]): Array<{ col: Column; header: string }> | string {
  const picked: Array<{ col: Column; header: string }> = [];
  for (const spec of specs) {
    let rest = spec;
    while (rest !== '') {
      const eq = rest.indexOf('=');
      const comma = rest.indexOf(',');
      const endName = comma >= 0 && (eq < 0 || comma < eq) ? comma : eq >= 0 ? eq : rest.length;
      const name = rest.slice(0, endName);
      const col = COLUMNS[name];
      if (!col) return name;
      if (rest[endName] === '=') {
        picked.push({ col, header: rest.slice(endName + 1) });
        break;
      }
      picked.push({ col, header: col.header });
      rest = rest.slice(endName + 1);
      if (picked.length > 32) break;
    }
  }
  return picked;
}

export function busyboxPs(ctx: CommandContext): CommandResult {
  const parsed = bbGetopt(ctx, 'ps', 'aAdefxlTwZ', 'o');
  if (!parsed.ok) return parsed.result;
  const spec = parsed.opts.values.get('o') ?? ['pid,user,time,args'];
  const cols = parseSpec(spec);
  if (typeof cols === 'string') return err(`ps: bad -o argument '${cols.slice(0, 64)}', supported arguments: user,group,comm,args,pid,ppid,pgid,etime,nice,rgroup,ruser,time,tty,vsz,sid,stat,rss\n`, 1);
  const now = ctx.now.getTime();
  const procs = liveProcesses(ctx.state, now, ctx.pipeline, ctx.pid).sort((a, b) => a.pid - b.pid);
  const cell = (c: Column, text: string, last: boolean): string => (last ? text : c.right ? text.padStart(c.width) : text.padEnd(c.width));
  const lines = [cols.map(({ col, header }, i) => cell({ ...col, right: false }, header, i === cols.length - 1)).join(' ').trimEnd()];
  for (const p of procs) lines.push(cols.map(({ col }, i) => cell(col, col.value(p, now, ctx), i === cols.length - 1)).join(' '));
  const width = Number.parseInt(ctx.env.get('COLUMNS') ?? String(ctx.state.session.columns), 10) || 80;
  const text = ctx.tty && !parsed.opts.flags.has('w') ? lines.map((l) => l.slice(0, width)) : lines;
  return out(`${text.join('\n')}\n`);
}
