// Directory listings as the persona's daemon prints them: vsftpd (numeric uid/gid, "%b %d" dates,
// sysutil/ls.c) or ProFTPD (names, "%b %e" dates, mod_ls), both hiding dotfiles unless "-a".
import type { FtpNode } from './vfs';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const HALF_YEAR_MS = 182 * 86_400_000;

export type Flavor = 'vsftpd' | 'proftpd';

export function modeString(n: FtpNode): string {
  const bits = 'rwxrwxrwx';
  let s = n.kind === 'dir' ? 'd' : '-';
  for (let i = 0; i < 9; i++) s += n.mode & (1 << (8 - i)) ? bits[i] : '-';
  return s;
}

function date(ms: number, nowMs: number, spacePadDay: boolean): string {
  const d = new Date(ms);
  const day = spacePadDay ? String(d.getUTCDate()).padStart(2, ' ') : String(d.getUTCDate()).padStart(2, '0');
  const head = `${MONTHS[d.getUTCMonth()]} ${day}`;
  const recent = nowMs - ms < HALF_YEAR_MS && ms - nowMs < 3_600_000;
  return recent
    ? `${head} ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`
    : `${head}  ${d.getUTCFullYear()}`;
}

export function listLine(flavor: Flavor, name: string, n: FtpNode, nowMs: number): string {
  const nlink = n.kind === 'dir' ? 2 : 1;
  if (flavor === 'proftpd') {
    return `${modeString(n)} ${String(nlink).padStart(3)} ${n.owner.padEnd(8)} ${n.group.padEnd(8)} ${String(n.size).padStart(8)} ${date(n.mtimeMs, nowMs, true)} ${name}`;
  }
  return `${modeString(n)} ${String(nlink).padStart(4)} ${String(n.uid).padEnd(8)} ${String(n.gid).padEnd(8)} ${String(n.size).padStart(8)} ${date(n.mtimeMs, nowMs, false)} ${name}`;
}

/** LIST/NLST arguments: leading "-opts" words, then an optional path. */
export function parseListArgs(arg: string): { all: boolean; path: string } {
  let all = false;
  const rest: string[] = [];
  for (const w of arg.trim().split(/\s+/).filter(Boolean)) {
    if (w.startsWith('-') && rest.length === 0) all ||= w.includes('a');
    else rest.push(w);
  }
  return { all, path: rest.join(' ') };
}

export function mdtm(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}
