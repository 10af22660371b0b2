// One pid file per running decky runner (`<dir>/<decky>.json`), so an agent that died without
// stopping its runners (SIGKILL, OOM) can reap them at its next start. A pid is only signalled when
// /proc shows it is still that decky's runner (pids are reused).
import { mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DECKY_NAME_RE } from '@decnet/protocol';

export interface PidRecord {
  decky: string;
  pid: number;
  startedAtMs: number;
}

export class PidFiles {
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true, mode: 0o750 });
  }

  write(r: PidRecord): void {
    const file = join(this.dir, `${r.decky}.json`);
    writeFileSync(`${file}.tmp`, JSON.stringify(r), { mode: 0o640 });
    renameSync(`${file}.tmp`, file);
  }

  remove(decky: string): void {
    try {
      unlinkSync(join(this.dir, `${decky}.json`));
    } catch {
      // already gone
    }
  }

  list(): PidRecord[] {
    const out: PidRecord[] = [];
    for (const name of safeReaddir(this.dir)) {
      const decky = name.replace(/\.json$/, '');
      if (!name.endsWith('.json') || !DECKY_NAME_RE.test(decky)) continue;
      try {
        const r = JSON.parse(readFileSync(join(this.dir, name), 'utf8')) as Partial<PidRecord>;
        if (Number.isInteger(r.pid) && (r.pid as number) > 1) out.push({ decky, pid: r.pid as number, startedAtMs: Number(r.startedAtMs) || 0 });
      } catch {
        this.remove(decky);
      }
    }
    return out;
  }
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** True when `pid` is alive and its command line is this decky's runner (checked on Linux). */
export function isRunnerOf(pid: number, decky: string, marker: string): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  let cmdline: string;
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return process.platform !== 'linux'; // no /proc: trust the pid file
  }
  const argv = cmdline.split('\0');
  const i = argv.indexOf('--decky');
  return argv.includes(marker) && i >= 0 && argv[i + 1] === decky;
}

/** Signal a runner's whole process group (it is started detached, as a group leader). */
export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // gone (ESRCH)
  }
}
