// The live process table as `ps`, `top`, `kill` and `pkill` see it at one instant: the persona's
// base processes (minus those root killed), this login's sshd/shell chain, processes started by
// su/sudo, and the commands of the pipeline currently running (with their own fresh PIDs).

import type { ShellState } from '../state';
import type { PipelineMember } from '../commands/types';
import type { ProcEntry } from './processes';
import { baseProcesses, sshdListenerCommand } from './processes';
import { machineId } from './identity';

export interface LiveProc extends ProcEntry {
  /** Process name (comm), e.g. "bash" for "-bash". */
  comm: string;
}

function commOf(command: string, kernel: boolean, systemd: boolean): string {
  if (kernel) return command.slice(1, -1);
  if (systemd && (command === '/sbin/init' || command.startsWith('/usr/lib/systemd/systemd --switched-root'))) return 'systemd';
  const first = command.split(' ')[0] ?? '';
  const base = first.startsWith('-') ? first.slice(1) : first.split('/').pop() ?? first;
  return (base.endsWith(':') ? base.slice(0, -1) : base).slice(0, 15);
}

export function liveProcesses(state: ShellState, nowMs: number, pipeline: readonly PipelineMember[], current: number): LiveProc[] {
  const persona = state.persona;
  const base = baseProcesses(persona, machineId(persona)).filter((p) => !state.killed.has(p.pid));
  const sshd = base.find((p) => p.command === sshdListenerCommand(persona));
  const user = state.loginUser.name;
  const tty = state.session.tty;
  const login = state.loginAtMs;
  const { monitor, child } = state.sessionPids;
  const procs: ProcEntry[] = [...base];
  const session = (pid: number, ppid: number, u: string, command: string, stat: string, t: string, vsz: number, rss: number): void => {
    procs.push({ pid, ppid, user: u, command, tty: t, stat, startMs: login, vszKb: vsz, rssKb: rss, cpuShare: 0.0001, kernel: false });
  };
  if (persona.family !== 'alpine') {
    session(monitor - 9, 1, user, persona.family === 'rhel' ? '/usr/lib/systemd/systemd --user' : '/lib/systemd/systemd --user', 'Ss', '?', 17_000, 9_400);
    session(monitor - 8, monitor - 9, user, '(sd-pam)', 'S', '?', 169_000, 3_900);
  }
  if (state.session.protocol === 'ssh') {
    session(monitor, sshd?.pid ?? 1, 'root', state.loginUser.uid === 0 ? `sshd: ${user}@${tty}` : `sshd: ${user} [priv]`, 'Ss', '?', 17_200, 10_900);
    if (state.loginUser.uid !== 0) session(child, monitor, user, `sshd: ${user}@${tty}`, 'S', '?', 17_300, 6_800);
  } else {
    session(monitor, 1, 'root', `login -- ${user}`, 'Ss', tty, 10_000, 4_100);
  }
  const loginShell = state.frames[0]?.shellPid ?? state.shellPid;
  session(loginShell, state.session.protocol === 'ssh' && state.loginUser.uid !== 0 ? child : monitor, user, `-${persona.family === 'alpine' ? 'ash' : 'bash'}`, state.frames.length > 0 ? 'Ss' : 'Ss', tty, 8_900, 5_400);
  for (const p of state.sessionProcs) procs.push({ pid: p.pid, ppid: p.ppid, user: p.user, command: p.command, tty, stat: 'S', startMs: p.startMs, vszKb: 9_000, rssKb: 5_000, cpuShare: 0.0001, kernel: false });
  for (const m of pipeline) {
    procs.push({ pid: m.pid, ppid: state.shellPid, user: state.user.name, command: m.cmdline, tty, stat: m.pid === current ? 'R+' : 'S+', startMs: nowMs, vszKb: 10_000 + (m.pid % 3000), rssKb: 3_000 + (m.pid % 1000), cpuShare: 0, kernel: false });
  }
  return procs
    .filter((p) => p.startMs <= nowMs)
    .sort((a, b) => a.pid - b.pid)
    .map((p) => ({ ...p, comm: commOf(p.command, p.kernel, persona.family !== 'alpine') }));
}

/** Accumulated CPU seconds of a process at `nowMs`. */
export function cpuSeconds(p: ProcEntry, nowMs: number): number {
  return Math.floor(p.cpuShare * Math.max(0, nowMs - p.startMs) / 1000);
}
