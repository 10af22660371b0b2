// df(1) (coreutils): mounts of the persona with auto-sized columns; -h/-H human sizes, -T types,
// -k/-m units, path operands select the filesystem that holds them.

import type { CommandSpec } from './types';
import { err, q } from './types';
import { getopt } from './getopt';
import { mounts } from '../sys/disk';
import type { Mount } from '../sys/disk';
import { resolvePath } from '../fs/path';
import { isBusybox } from './busybox';
import { busyboxDf } from './busybox-sys';

function human(kb: number, si: boolean): string {
  const base = si ? 1000 : 1024;
  let value = kb * 1024;
  const units = ['', 'K', 'M', 'G', 'T', 'P'];
  let i = 0;
  while (value >= base && i < units.length - 1) {
    value /= base;
    i++;
  }
  if (value === 0) return '0';
  if (value < 10 && i > 0) return `${(Math.ceil(value * 10) / 10).toFixed(1)}${units[i]}`;
  return `${Math.ceil(value)}${units[i]}`;
}

export const df: CommandSpec = {
  name: 'df',
  path: '/usr/bin/df',
  run(ctx) {
    if (isBusybox(ctx)) return busyboxDf(ctx);
    const parsed = getopt('df', ctx.argv.slice(1), { flags: 'ahHiklmPT', long: { all: 'a', 'human-readable': 'h', si: 'H', inodes: 'i', local: 'l', portability: 'P', 'print-type': 'T' } });
    if (!parsed.ok) return err(parsed.error);
    const f = parsed.opts.flags;
    let list = mounts(ctx.state.persona, ctx.now.getTime(), ctx.state.loginUser.uid);
    let stderr = '';
    if (parsed.opts.operands.length > 0) {
      const chosen: Mount[] = [];
      for (const op of parsed.opts.operands) {
        const path = resolvePath(ctx.state.cwd, op);
        if (!ctx.state.fs.stat(path, ctx.cred).ok) {
          stderr += `df: ${q(op)}: No such file or directory\n`;
          continue;
        }
        const best = list.filter((m) => path === m.mountPoint || path.startsWith(m.mountPoint === '/' ? '/' : `${m.mountPoint}/`)).sort((a, b) => b.mountPoint.length - a.mountPoint.length)[0];
        if (best) chosen.push(best);
      }
      list = chosen;
    }
    const humanMode = f.has('h') || f.has('H');
    const size = (kb: number): string => (humanMode ? human(kb, f.has('H')) : f.has('m') ? String(Math.ceil(kb / 1024)) : String(kb));
    const header = ['Filesystem', ...(f.has('T') ? ['Type'] : []), humanMode ? 'Size' : f.has('m') ? '1M-blocks' : '1K-blocks', 'Used', humanMode ? 'Avail' : 'Available', humanMode || !f.has('P') ? 'Use%' : 'Capacity', 'Mounted on'];
    const rows = list.map((m) => {
      const reserved = m.fsType === 'ext4' ? Math.floor(m.sizeKb * 0.05) : 0;
      const avail = Math.max(0, m.sizeKb - m.usedKb - reserved);
      const pct = m.usedKb === 0 ? 0 : Math.ceil((m.usedKb / (m.usedKb + avail)) * 100);
      return [m.device, ...(f.has('T') ? [m.fsType] : []), size(m.sizeKb), size(m.usedKb), size(avail), `${pct}%`, m.mountPoint];
    });
    const table = [header, ...rows];
    const cols = header.length;
    const minWidth = (c: number): number => (c === 0 ? 14 : c === cols - 1 || c === cols - 2 ? 0 : 5);
    const widths = Array.from({ length: cols }, (_, c) => Math.max(minWidth(c), ...table.map((r) => (r[c] ?? '').length)));
    const leftAligned = (c: number): boolean => c === 0 || c === cols - 1 || (f.has('T') && c === 1);
    const text = table
      .map((r) => r.map((cell, c) => (c === cols - 1 ? cell : leftAligned(c) ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join(' '))
      .join('\n');
    return { stdout: `${text}\n`, stderr, code: stderr ? 1 : 0 };
  },
};
