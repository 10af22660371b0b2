// GNU tar's archive format, by hand: 512-byte ustar headers ("ustar  \0" GNU magic, octal fields,
// checksum) written and read over latin1 strings, bounded in entries and bytes; gzip via zlib.

import { gunzipSync, gzipSync } from 'node:zlib';

export interface TarEntry {
  name: string;
  kind: 'file' | 'dir' | 'link';
  mode: number;
  uid: number;
  gid: number;
  uname: string;
  gname: string;
  mtimeMs: number;
  data: string;
  target: string;
}

const MAX_ENTRIES = 512;
const MAX_BYTES = 1024 * 1024;

function octal(n: number, width: number): string {
  return Math.max(0, Math.floor(n)).toString(8).padStart(width - 1, '0') + '\0';
}

function field(s: string, width: number): string {
  return s.slice(0, width).padEnd(width, '\0');
}

function header(e: TarEntry): string {
  const type = e.kind === 'dir' ? '5' : e.kind === 'link' ? '2' : '0';
  const size = e.kind === 'file' ? e.data.length : 0;
  const h = [
    field(e.name, 100), octal(e.mode & 0o7777, 8), octal(e.uid, 8), octal(e.gid, 8), octal(size, 12), octal(e.mtimeMs / 1000, 12),
    '        ', type, field(e.target, 100), 'ustar  \0', field(e.uname, 32), field(e.gname, 32), field('', 8), field('', 8), field('', 167),
  ].join('');
  let sum = 0;
  for (let i = 0; i < h.length; i++) sum += h.charCodeAt(i) & 0xff;
  return h.slice(0, 148) + sum.toString(8).padStart(6, '0') + '\0 ' + h.slice(156);
}

export function writeTar(entries: readonly TarEntry[]): string {
  const parts: string[] = [];
  for (const e of entries.slice(0, MAX_ENTRIES)) {
    parts.push(header(e));
    if (e.kind === 'file' && e.data.length > 0) parts.push(e.data, '\0'.repeat((512 - (e.data.length % 512)) % 512));
  }
  parts.push('\0'.repeat(1024));
  const raw = parts.join('');
  const padded = raw.length % 10_240 === 0 ? raw : raw + '\0'.repeat(10_240 - (raw.length % 10_240));
  return padded;
}

export function readTar(raw: string): TarEntry[] | null {
  const out: TarEntry[] = [];
  let off = 0;
  while (off + 512 <= raw.length && out.length < MAX_ENTRIES) {
    const h = raw.slice(off, off + 512);
    if (/^\0*$/.test(h)) break;
    const magic = h.slice(257, 262);
    if (magic !== 'ustar') return out.length === 0 ? null : out;
    const str = (a: number, b: number): string => h.slice(a, b).replace(/\0.*$/s, '');
    const num = (a: number, b: number): number => Number.parseInt(str(a, b).trim() || '0', 8) || 0;
    const size = Math.min(num(124, 136), MAX_BYTES);
    const t = h[156];
    out.push({
      name: str(0, 100), kind: t === '5' ? 'dir' : t === '2' ? 'link' : 'file', mode: num(100, 108), uid: num(108, 116), gid: num(116, 124),
      uname: str(265, 297), gname: str(297, 329), mtimeMs: num(136, 148) * 1000, data: raw.slice(off + 512, off + 512 + size), target: str(157, 257),
    });
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

export function gzip(data: string): string {
  return gzipSync(Buffer.from(data, 'latin1')).toString('latin1');
}

/** Null when the data is not gzip or inflates past the bound. */
export function gunzip(data: string): string | null {
  try {
    const out = gunzipSync(Buffer.from(data, 'latin1'), { maxOutputLength: MAX_BYTES * 2 });
    return out.toString('latin1');
  } catch {
    return null;
  }
}
