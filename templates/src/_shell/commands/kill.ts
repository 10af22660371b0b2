// kill (bash builtin), pkill and killall: signals against the live process table. Root can stop
// the persona's services (they then vanish from ps); others get "Operation not permitted";
// killing the login shell ends the session.

import type { CommandContext, CommandSpec } from './types';
import { err, out, result } from './types';
import { liveProcesses } from '../sys/process-view';
import type { LiveProc } from '../sys/process-view';

const SIGNALS = ['HUP', 'INT', 'QUIT', 'ILL', 'TRAP', 'ABRT', 'BUS', 'FPE', 'KILL', 'USR1', 'SEGV', 'USR2', 'PIPE', 'ALRM', 'TERM', 'STKFLT', 'CHLD', 'CONT', 'STOP', 'TSTP', 'TTIN', 'TTOU', 'URG', 'XCPU', 'XFSZ', 'VTALRM', 'PROF', 'WINCH', 'POLL', 'PWR', 'SYS'];

function signalList(): string {
  const cells = SIGNALS.map((s, i) => `${String(i + 1).padStart(2)}) SIG${s}`.padEnd(16));
  const rows: string[] = [];
  for (let i = 0; i < cells.length; i += 5) rows.push(cells.slice(i, i + 5).join('').trimEnd());
  return rows.join('\n') + '\n';
}

/** Deliver a signal: true if delivered; false with the errno text otherwise. */
function deliver(ctx: CommandContext, p: LiveProc): 'ok' | 'EPERM' | 'exit' {
  const s = ctx.state;
  if (ctx.user.uid !== 0 && p.user !== ctx.user.name) return 'EPERM';
  if (p.pid === s.shellPid || p.pid === (s.frames[0]?.shellPid ?? s.shellPid)) return 'exit';
  if (p.pid !== 1 && !p.kernel && s.killed.size < 4096) s.killed.add(p.pid);
  return 'ok';
}

export const kill: CommandSpec = {
  name: 'kill',
  path: '/usr/bin/kill',
  builtin: true,
  run(ctx) {
    const args = ctx.argv.slice(1);
    if (args[0] === '-l' || args[0] === '-L') return out(signalList());
    while (args.length > 0 && (args[0] ?? '').startsWith('-') && args[0] !== '--') {
      const a = args.shift() ?? '';
      if (a === '-s' || a === '-n') args.shift();
    }
    if (args[0] === '--') args.shift();
    if (args.length === 0) return err(`${ctx.shellPrefix}: kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n`, 2);
    const procs = liveProcesses(ctx.state, ctx.now.getTime(), ctx.pipeline, ctx.pid);
    let stderr = '';
    let code = 0;
    for (const a of args) {
      if (!/^-?\d+$/.test(a)) {
        stderr += `${ctx.shellPrefix}: kill: ${a}: arguments must be process or job IDs\n`;
        code = 1;
        continue;
      }
      const p = procs.find((x) => x.pid === Number(a));
      if (!p) {
        stderr += `${ctx.shellPrefix}: kill: (${a}) - No such process\n`;
        code = 1;
        continue;
      }
      const r = deliver(ctx, p);
      if (r === 'exit') return { stdout: '', stderr, code: 137, exit: true };
      if (r === 'EPERM') {
        stderr += `${ctx.shellPrefix}: kill: (${a}) - Operation not permitted\n`;
        code = 1;
      }
    }
    return result('', stderr, code);
  },
};

function byName(name: 'pkill' | 'killall'): CommandSpec {
  return {
    name,
    path: `/usr/bin/${name}`,
    run(ctx) {
      const args = ctx.argv.slice(1).filter((a) => !a.startsWith('-'));
      if (args.length === 0) return name === 'pkill' ? err('pkill: no matching criteria specified\nTry `pkill --help\' for more information.\n', 2) : err('Usage: killall [OPTION]... [--] NAME...\n', 1);
      const full = ctx.argv.includes('-f');
      const procs = liveProcesses(ctx.state, ctx.now.getTime(), ctx.pipeline, ctx.pid).filter((p) => p.pid !== ctx.pid);
      let stderr = '';
      let any = false;
      for (const pattern of args) {
        const hits = procs.filter((p) => (name === 'killall' ? p.comm === pattern : (full ? p.command : p.comm).includes(pattern)));
        if (hits.length === 0 && name === 'killall') stderr += `${pattern}: no process found\n`;
        for (const p of hits) {
          const r = deliver(ctx, p);
          if (r === 'exit') return { stdout: '', stderr, code: 0, exit: true };
          if (r === 'EPERM') stderr += name === 'pkill' ? `pkill: killing pid ${p.pid} failed: Operation not permitted\n` : `${pattern}(${p.pid}): Operation not permitted\n`;
          else any = true;
        }
      }
      return result('', stderr, any ? 0 : 1);
    },
  };
}

export const pkill = byName('pkill');
export const killall = byName('killall');
