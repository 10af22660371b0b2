// Output formatting for ls: GNU long format with aligned columns, human sizes, the multi-column
// layout used on terminals, collation per locale, and shell-style quoting of odd names.

import type { CommandContext } from './types';
import type { VNode } from '../fs/vfs-types';
import { ROOT_CRED } from '../fs/vfs-types';
import { modeString } from '../fs/perms';
import { lsTime } from '../sys/time-format';

export interface Entry {
  /** Name as displayed (operand text or directory entry name). */
  name: string;
  path: string;
  node: VNode;
}

export interface LsFlags {
  long: boolean;
  human: boolean;
  numeric: boolean;
  classify: boolean;
  slash: boolean;
  inode: boolean;
}

/** GNU ls -h: powers of 1024, one decimal below 10, always rounded up. */
export function humanSize(bytes: number): string {
  if (bytes < 1024) return String(bytes);
  const units = ['K', 'M', 'G', 'T'];
  let v = bytes / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  if (v < 10) {
    const r = Math.ceil(v * 10) / 10;
    return r >= 10 ? `${Math.ceil(v)}${units[i]}` : `${r.toFixed(1)}${units[i]}`;
  }
  return `${Math.ceil(v)}${units[i]}`;
}

/** Quote names the way ls does on a terminal (shell-escape style). */
export function displayName(name: string, tty: boolean): string {
  if (!tty || /^[A-Za-z0-9._+\-/@%,:=~]+$/.test(name)) return name;
  if (!name.includes("'")) return `'${name}'`;
  return `"${name.replace(/(["\\$`])/g, '\\$1')}"`;
}

/** C/POSIX locale: byte order. Other UTF-8 locales: case- and punctuation-insensitive first. */
export function compareNames(locale: string, a: string, b: string): number {
  if (locale === 'C' || locale === 'POSIX' || locale.startsWith('C.')) return a < b ? -1 : a > b ? 1 : 0;
  const key = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  const ka = key(a);
  const kb = key(b);
  if (ka !== kb) return ka < kb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function suffix(node: VNode, flags: LsFlags): string {
  if (flags.classify) {
    if (node.kind === 'dir') return '/';
    if (node.kind === 'link') return '@';
    if (node.kind === 'file' && (node.mode & 0o111) !== 0) return '*';
    return '';
  }
  return flags.slash && node.kind === 'dir' ? '/' : '';
}

export function shortName(e: Entry, flags: LsFlags, tty: boolean): string {
  return displayName(e.name, tty) + suffix(e.node, flags);
}

/** Column-major layout fitting `width` columns, like `ls -C`. */
export function columns(names: readonly string[], width: number): string {
  if (names.length === 0) return '';
  const lens = names.map((n) => n.length);
  for (let cols = Math.min(names.length, Math.max(1, Math.floor(width / 3))); cols >= 1; cols--) {
    const rows = Math.ceil(names.length / cols);
    const colWidths: number[] = [];
    for (let c = 0; c < cols; c++) colWidths.push(Math.max(0, ...lens.slice(c * rows, (c + 1) * rows)));
    const total = colWidths.reduce((a, b) => a + b, 0) + 2 * (cols - 1);
    if (total > width && cols > 1) continue;
    const out: string[] = [];
    for (let r = 0; r < rows; r++) {
      let line = '';
      for (let c = 0; c < cols; c++) {
        const name = names[c * rows + r];
        if (name === undefined) continue;
        const isLast = c === cols - 1 || names[(c + 1) * rows + r] === undefined;
        line += isLast ? name : name.padEnd((colWidths[c] ?? 0) + 2);
      }
      out.push(line);
    }
    return out.join('\n') + '\n';
  }
  return names.join('\n') + '\n';
}

function nlink(ctx: CommandContext, e: Entry): number {
  if (e.node.kind !== 'dir') return 1;
  const list = ctx.state.fs.readdir(e.path, ROOT_CRED);
  if (!list.ok) return 2;
  let n = 2;
  for (const name of list.value.slice(0, 5000)) {
    const child = ctx.state.fs.lstat(`${e.path === '/' ? '' : e.path}/${name}`, ROOT_CRED);
    if (child.ok && child.value.node.kind === 'dir') n++;
  }
  return n;
}

export function blocksKb(ctx: CommandContext, node: VNode): number {
  if (node.kind === 'dir') return 4;
  if (node.kind !== 'file' || node.special === 'proc') return 0;
  return Math.ceil(ctx.state.fs.sizeOf(node) / 4096) * 4;
}

export function longLines(ctx: CommandContext, entries: readonly Entry[], flags: LsFlags, tty: boolean): string[] {
  const fs = ctx.state.fs;
  const accts = ctx.state.accounts;
  const selinux = ctx.state.persona.family === 'rhel' ? '.' : '';
  const rows = entries.map((e) => {
    const n = e.node;
    const owner = flags.numeric ? String(n.uid) : (accts.byUid(n.uid)?.name ?? String(n.uid));
    const group = flags.numeric ? String(n.gid) : (accts.groupByGid(n.gid)?.name ?? String(n.gid));
    const size = n.kind === 'chardev' ? `${n.rdev?.[0] ?? 0}, ${n.rdev?.[1] ?? 0}` : flags.human ? humanSize(fs.sizeOf(n)) : String(fs.sizeOf(n));
    let name = shortName(e, flags, tty);
    if (n.kind === 'link') name = `${displayName(e.name, tty)} -> ${n.target ?? ''}`;
    return { mode: modeString(n) + selinux, links: String(nlink(ctx, e)), owner, group, size, time: lsTime(fs.mtimeOf(n), ctx.now.getTime()), name };
  });
  if (ctx.state.persona.family === 'alpine') {
    // BusyBox ls -l: fixed columns ("%4u %-8.8s %-8.8s %9s"), device numbers as "%4u,%4u".
    return entries.map((e, i) => {
      const r = rows[i] ?? { mode: '', links: '', owner: '', group: '', size: '', time: '', name: '' };
      const size = e.node.kind === 'chardev' ? `${String(e.node.rdev?.[0] ?? 0).padStart(4)},${String(e.node.rdev?.[1] ?? 0).padStart(4)}` : r.size;
      return `${r.mode} ${r.links.padStart(4)} ${r.owner.slice(0, 8).padEnd(8)} ${r.group.slice(0, 8).padEnd(8)} ${size.padStart(9)} ${r.time} ${r.name}`;
    });
  }
  const w = (k: 'links' | 'owner' | 'group' | 'size'): number => Math.max(0, ...rows.map((r) => r[k].length));
  const [wl, wo, wg, ws] = [w('links'), w('owner'), w('group'), w('size')];
  return rows.map((r) => `${r.mode} ${r.links.padStart(wl)} ${r.owner.padEnd(wo)} ${r.group.padEnd(wg)} ${r.size.padStart(ws)} ${r.time} ${r.name}`);
}
