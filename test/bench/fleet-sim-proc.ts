// Linux /proc figures the fleet simulation reads beside proc-tree.ts: run delay (time runnable but
// waiting for a CPU), the RSS of a process tree, and CPU per thread (to see whether one thread, such as
// workerd's event loop, is what saturates).
import { readdirSync, readFileSync } from 'node:fs';
import { descendants } from './proc-tree';

/** Seconds the threads of `pid` and its descendants spent runnable but waiting for a CPU (schedstat run_delay). */
export function treeRunDelayS(pid: number): number {
  let ns = 0;
  for (const p of [pid, ...descendants(pid).map((d) => d.pid)]) {
    try {
      for (const t of readdirSync(`/proc/${p}/task`)) ns += Number(readFileSync(`/proc/${p}/task/${t}/schedstat`, 'utf8').split(' ')[1] ?? 0);
    } catch {
      // exited meanwhile
    }
  }
  return ns / 1e9;
}

export function treeRss(pid: number): number {
  let kb = 0;
  try {
    kb = Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    // exited
  }
  return kb * 1024 + descendants(pid).reduce((n, c) => n + c.rssBytes, 0);
}

/** CPU milliseconds so far of each thread of `pid`, keyed by thread id, with the thread's name (comm). */
export function threadCpuMs(pid: number): Map<number, { name: string; ms: number }> {
  const out = new Map<number, { name: string; ms: number }>();
  let tids: string[] = [];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out; // exited
  }
  for (const t of tids) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${t}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const f = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
      out.set(Number(t), { name, ms: (Number(f[11]) + Number(f[12])) * 10 });
    } catch {
      // thread exited meanwhile
    }
  }
  return out;
}

/** The threads that used CPU between two `threadCpuMs` readings, busiest first, as % of one core. */
export function busiestThreads(before: Map<number, { name: string; ms: number }>, after: Map<number, { name: string; ms: number }>, wallS: number): { name: string; pct: number }[] {
  return [...after]
    .map(([tid, t]) => ({ name: t.name, pct: (t.ms - (before.get(tid)?.ms ?? 0)) / 10 / wallS }))
    .filter((t) => t.pct > 0)
    .sort((a, b) => b.pct - a.pct);
}
