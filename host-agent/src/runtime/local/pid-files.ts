// One pid file per runner process (`<dir>/group-<id>.json` for a runner group; `<decky>.json` as
// agents before runner groups wrote them), so an agent that died without stopping its runners
// (SIGKILL, OOM) can reap them at its next start. A pid is only signalled when /proc shows it is
// still that runner (pids are reused).
import { mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DECKY_NAME_RE } from '@decnet/protocol';

export interface PidRecord {
  /** The file's name: `group-<id>`, or a decky's name (a single-decky runner of an older agent). */
  name: string;
  pid: number;
  startedAtMs: number;
  /** The runner's `--group` id; absent: a single-decky runner (`--decky <name>`). */
  group?: string;
}

export class PidFiles {
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true, mode: 0o750 });
  }

  write(r: PidRecord): void {
    const file = join(this.dir, `${r.name}.json`);
    writeFileSync(`${file}.tmp`, JSON.stringify(r), { mode: 0o640 });
    renameSync(`${file}.tmp`, file);
  }

  remove(name: string): void {
    try {
      unlinkSync(join(this.dir, `${name}.json`));
    } catch {
      // already gone
    }
  }

  list(): PidRecord[] {
    const out: PidRecord[] = [];
    for (const name of safeReaddir(this.dir)) {
      const key = name.replace(/\.json$/, '');
      if (!name.endsWith('.json') || !DECKY_NAME_RE.test(key)) continue;
      try {
        const r = JSON.parse(readFileSync(join(this.dir, name), 'utf8')) as Partial<PidRecord>;
        const group = typeof r.group === 'string' && DECKY_NAME_RE.test(r.group) ? r.group : undefined;
        if (Number.isInteger(r.pid) && (r.pid as number) > 1) out.push({ name: key, pid: r.pid as number, startedAtMs: Number(r.startedAtMs) || 0, ...(group && { group }) });
      } catch {
        this.remove(key);
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

/** True when the record's pid is alive and its command line is that runner's (checked on Linux). */
export function isRunnerOf(r: Pick<PidRecord, 'name' | 'pid' | 'group'>, marker: string): boolean {
  const { pid } = r;
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
  const [flag, value] = r.group !== undefined ? ['--group', r.group] : ['--decky', r.name];
  const i = argv.indexOf(flag);
  return argv.includes(marker) && i >= 0 && argv[i + 1] === value;
}

/** Signal a runner's whole process group (it is started detached, as a group leader). */
export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // gone (ESRCH)
  }
}
