// Linux /proc helpers for the benchmarks: the descendants of a process with their command lines and
// resident set sizes (VmRSS), so a bench can report the memory of the product and of one decky; and a
// process's private memory (USS: what it alone holds, without the Node binary pages all share).
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';

export interface ProcInfo {
  pid: number;
  ppid: number;
  cmdline: string;
  rssBytes: number;
}

function readProc(pid: number): ProcInfo | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const ppid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    const rssKb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
    return { pid, ppid, cmdline, rssBytes: rssKb * 1024 };
  } catch {
    return undefined; // exited meanwhile, or a kernel thread
  }
}

/** Every live descendant of `root` (not `root` itself), parents before children. */
export function descendants(root: number): ProcInfo[] {
  const all = readdirSync('/proc').filter((n) => /^\d+$/.test(n)).map((n) => readProc(Number(n))).filter((p): p is ProcInfo => p !== undefined);
  const children = new Map<number, ProcInfo[]>();
  for (const p of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const out: ProcInfo[] = [];
  const queue = [root];
  while (queue.length > 0) {
    for (const c of children.get(queue.shift()!) ?? []) {
      out.push(c);
      queue.push(c.pid);
    }
  }
  return out;
}

/** `p` plus all of its descendants' RSS (a tsx-run process has an esbuild service child, for instance). */
export function treeRssBytes(p: ProcInfo): number {
  return p.rssBytes + descendants(p.pid).reduce((n, c) => n + c.rssBytes, 0);
}

export const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Private_Clean + Private_Dirty of /proc/<pid>/smaps_rollup (USS), 0 when unreadable. */
export function privateBytes(pid: number): number {
  try {
    const t = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(t)?.[1] ?? 0);
    return (kb('Private_Clean') + kb('Private_Dirty')) * 1024;
  } catch {
    return 0;
  }
}

/** Where a process's RSS lies, from /proc/<pid>/smaps (bytes per kind). */
export interface RssParts {
  /** Mapped files: the node binary, shared libraries, native addons (shared with other processes using them). */
  file: number;
  /** glibc malloc's heaps: the brk heap and the 64 MiB-aligned thread arenas (SQLite page caches, native buffers). */
  malloc: number;
  /** Other anonymous memory: V8 heaps of every thread, malloc's blocks above its mmap threshold, thread stacks. */
  anon: number;
  /** Socket mappings (a pcap capture ring). */
  socket: number;
}

const ARENA_ALIGN = 64n * 1024n * 1024n;

export function rssParts(pid: number): RssParts | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/smaps`, 'utf8');
  } catch {
    return undefined;
  }
  const parts: RssParts = { file: 0, malloc: 0, anon: 0, socket: 0 };
  let kind: keyof RssParts = 'anon';
  for (const line of text.split('\n')) {
    const m = /^([0-9a-f]+)-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (m) {
      const path = m[2]!.trim();
      if (path === '') kind = BigInt(`0x${m[1]}`) % ARENA_ALIGN === 0n ? 'malloc' : 'anon';
      else if (path === '[heap]') kind = 'malloc';
      else if (path.startsWith('socket:')) kind = 'socket';
      else kind = path.startsWith('/') ? 'file' : 'anon';
    } else if (line.startsWith('Rss:')) parts[kind] += Number(line.split(/\s+/)[1]) * 1024;
  }
  return parts;
}

/** CPU milliseconds used so far by `pid` and its live descendants (Linux /proc, 100 ticks/s). */
export function treeCpuMs(pid: number): number {
  let ms = 0;
  for (const p of [pid, ...descendants(pid).map((d) => d.pid)]) {
    try {
      const f = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ms += (Number(f[11]) + Number(f[12])) * 10;
    } catch {
      // exited meanwhile
    }
  }
  return ms;
}

/** Stops an `npm start` the bench spawned detached (SIGINT to its process group), then removes its data directory. */
export async function stopNpmStart(proc: ChildProcess, dataDir: string): Promise<void> {
  try {
    process.kill(-proc.pid!, 'SIGINT');
  } catch {
    // already gone
  }
  await new Promise((r) => setTimeout(r, 3000));
  rmSync(dataDir, { recursive: true, force: true });
}
