// BusyBox applet conventions for Alpine and embedded personas: the "BusyBox vX multi-call binary."
// banner, each applet's usage text (captured from busybox 1.35/1.36 `--help`), and option errors:
// `--help` prints usage on stderr with status 0, an unknown option "invalid option -- 'z'" then usage, 1.

import type { CommandContext, CommandResult } from './types';
import type { ShellPersona } from '../persona';

export function isBusybox(ctx: CommandContext): boolean {
  return ctx.state.persona.family === 'alpine';
}

/** Alpine's busybox package per release (3.17: 1.35.0, 3.18-3.20: 1.36.1, 3.21+: 1.37.0). */
export function busyboxBanner(persona: ShellPersona): string {
  const m = /v?3\.(\d+)/.exec(persona.osPrettyName);
  const minor = m ? Number(m[1]) : 19;
  if (minor <= 17) return 'BusyBox v1.35.0 (2022-11-19 10:13:10 UTC) multi-call binary.';
  if (minor >= 21) return 'BusyBox v1.37.0 (2024-12-11 10:33:50 UTC) multi-call binary.';
  return 'BusyBox v1.36.1 (2023-11-07 18:53:09 UTC) multi-call binary.';
}

export const USAGE: Readonly<Record<string, string>> = {
  ps: 'Usage: ps [-o COL1,COL2=HEADER] [-T]\n\nShow list of processes\n\n\t-o COL1,COL2=HEADER\tSelect columns for display\n\t-T\t\t\tShow threads\n',
  netstat:
    'Usage: netstat [-ral] [-tuwx] [-enWp]\n\nDisplay networking information\n\n\t-r\tRouting table\n\t-a\tAll sockets\n\t-l\tListening sockets\n\t\tElse: connected sockets\n\t-t\tTCP sockets\n\t-u\tUDP sockets\n\t-w\tRaw sockets\n\t-x\tUnix sockets\n\t\tElse: all socket types\n\t-e\tOther/more information\n\t-n\tDon\'t resolve names\n\t-W\tWide display\n\t-p\tShow PID/program name for sockets\n',
  mount:
    'Usage: mount [OPTIONS] [-o OPT] DEVICE NODE\n\nMount a filesystem. Filesystem autodetection requires /proc.\n\n\t-a\t\tMount all filesystems in fstab\n\t-f\t\tDry run\n\t-i\t\tDon\'t run mount helper\n\t-r\t\tRead-only mount\n\t-t FSTYPE[,...]\tFilesystem type(s)\n\t-T FILE\t\tRead FILE instead of /etc/fstab\n\t-O OPT\t\tMount only filesystems with option OPT (-a only)\n-o OPT:\n\tloop\t\tIgnored (loop devices are autodetected)\n\t[a]sync\t\tWrites are [a]synchronous\n\t[no]atime\tDisable/enable updates to inode access times\n\t[no]diratime\tDisable/enable atime updates to directories\n\t[no]relatime\tDisable/enable atime updates relative to modification time\n\t[no]dev\t\t(Dis)allow use of special device files\n\t[no]exec\t(Dis)allow use of executable files\n\t[no]suid\t(Dis)allow set-user-id-root programs\n\t[r]shared\tConvert [recursively] to a shared subtree\n\t[r]slave\tConvert [recursively] to a slave subtree\n\t[r]private\tConvert [recursively] to a private subtree\n\t[un]bindable\tMake mount point [un]able to be bind mounted\n\t[r]bind\t\tBind a file or directory [recursively] to another location\n\tmove\t\tRelocate an existing mount point\n\tremount\t\tRemount a mounted filesystem, changing flags\n\tro\t\tSame as -r\n\nThere are filesystem-specific -o flags.\n',
  free: 'Usage: free [-bkmgh]\n\nDisplay free and used memory\n',
  df: 'Usage: df [-PkmhTai] [-B SIZE] [-t TYPE] [FILESYSTEM]...\n\nPrint filesystem usage statistics\n\n\t-P\tPOSIX output format\n\t-k\t1024-byte blocks (default)\n\t-m\t1M-byte blocks\n\t-h\tHuman readable (e.g. 1K 243M 2G)\n\t-T\tPrint filesystem type\n\t-t TYPE\tPrint only mounts of this type\n\t-a\tShow all filesystems\n\t-i\tInodes\n\t-B SIZE\tBlocksize\n',
  top: 'Usage: top [-bH] [-n COUNT] [-d SECONDS]\n\nShow a view of process activity in real time.\nRead the status of all processes from /proc each SECONDS\nand show a screenful of them.\nKeys:\n\tN/M/P/T: sort by pid/mem/cpu/time\n\tR: reverse sort\n\tH: toggle threads\n\tQ,^C: exit\nOptions:\n\t-b\tBatch mode\n\t-n N\tExit after N iterations\n\t-d SEC\tDelay between updates\n\t-H\tShow threads\n',
  ls: 'Usage: ls [-1AaCxdLHRFplinshrSXvctu] [-w WIDTH] [FILE]...\n\nList directory contents\n\n\t-1\tOne column output\n\t-a\tInclude names starting with .\n\t-A\tLike -a, but exclude . and ..\n\t-x\tList by lines\n\t-d\tList directory names, not contents\n\t-L\tFollow symlinks\n\t-H\tFollow symlinks on command line\n\t-R\tRecurse\n\t-p\tAppend / to directory names\n\t-F\tAppend indicator (one of */=@|) to names\n\t-l\tLong format\n\t-i\tList inode numbers\n\t-n\tList numeric UIDs and GIDs instead of names\n\t-s\tList allocated blocks\n\t-lc\tList ctime\n\t-lu\tList atime\n\t--full-time\tList full date/time\n\t-h\tHuman readable sizes (1K 243M 2G)\n\t--group-directories-first\n\t-S\tSort by size\n\t-X\tSort by extension\n\t-v\tSort by version\n\t-t\tSort by mtime\n\t-tc\tSort by ctime\n\t-tu\tSort by atime\n\t-r\tReverse sort order\n\t-w N\tFormat N columns wide\n\t--color[={always,never,auto}]\n',
};

export interface BbOpts {
  flags: Set<string>;
  values: Map<string, string[]>;
  operands: string[];
}

/**
 * getopt32-style parsing: `letters` are flags, `withArg` take a value; "--" ends options; BSD-style
 * words without a dash are operands. A failure is the applet's answer (usage on stderr).
 */
export function bbGetopt(ctx: CommandContext, applet: string, letters: string, withArg = ''): { ok: true; opts: BbOpts } | { ok: false; result: CommandResult } {
  const usage = `${busyboxBanner(ctx.state.persona)}\n\n${USAGE[applet] ?? ''}`;
  const flags = new Set<string>();
  const values = new Map<string, string[]>();
  const operands: string[] = [];
  const args = ctx.argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (a === '--help') return { ok: false, result: { stdout: '', stderr: usage, code: 0 } };
    if (a.startsWith('--')) return { ok: false, result: { stdout: '', stderr: `${applet}: unrecognized option '${a.slice(0, 64)}'\n${usage}`, code: 1 } };
    if (!a.startsWith('-') || a === '-') {
      operands.push(a);
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const c = a[j] ?? '';
      if (withArg.includes(c)) {
        const v = a.length > j + 1 ? a.slice(j + 1) : args[++i];
        if (v === undefined) return { ok: false, result: { stdout: '', stderr: `${applet}: option requires an argument -- '${c}'\n${usage}`, code: 1 } };
        values.set(c, [...(values.get(c) ?? []), v]);
        break;
      }
      if (!letters.includes(c)) return { ok: false, result: { stdout: '', stderr: `${applet}: invalid option -- '${c}'\n${usage}`, code: 1 } };
      flags.add(c);
    }
  }
  return { ok: true, opts: { flags, values, operands } };
}
