// Pathname expansion (bash(1) "Pathname Expansion"): `*`, `?`, `[...]` matched component by
// component against the virtual filesystem. The pattern is interpreted by a hand-written matcher,
// never turned into a RegExp, and both the pattern and the number of results are bounded.

import type { VirtualFs } from './fs/vfs';
import type { Cred } from './fs/vfs-types';
import { joinPath, resolvePath } from './fs/path';

const MAX_RESULTS = 4096;
const MAX_COMPONENT = 1024;

export function hasGlobChars(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '*' || c === '?' || c === '[') return true;
  }
  return false;
}

/** Escape text so the matcher treats it literally (quoted parts of a word). */
export function escapeGlob(text: string): string {
  let out = '';
  for (const c of text) out += c === '*' || c === '?' || c === '[' || c === '\\' || c === ']' ? `\\${c}` : c;
  return out;
}

export function unescapeGlob(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\' && i + 1 < text.length) i++;
    out += text[i];
  }
  return out;
}

/** Length of a bracket expression starting at `p[i] === '['`, or 0 if it is not one. */
function classEnd(p: string, i: number): number {
  let j = i + 1;
  if (p[j] === '!' || p[j] === '^') j++;
  if (p[j] === ']') j++;
  while (j < p.length && p[j] !== ']') j += p[j] === '\\' ? 2 : 1;
  return j < p.length ? j + 1 : 0;
}

function classMatches(cls: string, c: string): boolean {
  let i = 1;
  let negate = false;
  if (cls[i] === '!' || cls[i] === '^') {
    negate = true;
    i++;
  }
  let hit = false;
  const end = cls.length - 1;
  let first = true;
  while (i < end) {
    let lo = cls[i] ?? '';
    if (lo === '\\') lo = cls[++i] ?? '';
    else if (lo === ']' && !first) break;
    first = false;
    if (cls[i + 1] === '-' && i + 2 < end) {
      let hi = cls[i + 2] ?? '';
      if (hi === '\\') {
        hi = cls[i + 3] ?? '';
        i++;
      }
      if (c >= lo && c <= hi) hit = true;
      i += 3;
    } else {
      if (c === lo) hit = true;
      i++;
    }
  }
  return hit !== negate;
}

/** fnmatch(3) for one path component, with FNM_PERIOD semantics for a leading dot. */
export function globMatch(pattern: string, name: string): boolean {
  if (name.startsWith('.') && !pattern.startsWith('.') && !pattern.startsWith('\\.')) return false;
  let p = 0;
  let n = 0;
  let starP = -1;
  let starN = 0;
  while (n < name.length) {
    const pc = pattern[p];
    if (pc === '*') {
      while (pattern[p] === '*') p++;
      starP = p;
      starN = n;
      continue;
    }
    let step = 0;
    let ok = false;
    if (pc === '?') {
      ok = true;
      step = 1;
    } else if (pc === '[') {
      const end = classEnd(pattern, p);
      if (end > 0) {
        ok = classMatches(pattern.slice(p, end), name[n] ?? '');
        step = end - p;
      } else {
        ok = name[n] === '[';
        step = 1;
      }
    } else if (pc === '\\' && p + 1 < pattern.length) {
      ok = pattern[p + 1] === name[n];
      step = 2;
    } else if (pc !== undefined) {
      ok = pc === name[n];
      step = 1;
    }
    if (ok) {
      p += step;
      n++;
    } else if (starP >= 0) {
      p = starP;
      n = ++starN;
    } else return false;
  }
  while (pattern[p] === '*') p++;
  return p >= pattern.length;
}

/** Expand a pattern against the VFS; returns sorted matches, or [] when nothing matches. */
export function expandGlob(pattern: string, fs: VirtualFs, cwd: string, cred: Cred): string[] {
  const absolute = pattern.startsWith('/');
  const comps = pattern.split('/').filter((c, i) => c !== '' || i === 0);
  if (absolute) comps.shift();
  let current: string[] = [absolute ? '/' : ''];
  for (let idx = 0; idx < comps.length; idx++) {
    const comp = comps[idx] ?? '';
    if (comp.length > MAX_COMPONENT) return [];
    const last = idx === comps.length - 1;
    const next: string[] = [];
    for (const prefix of current) {
      const dirPath = resolvePath(cwd, prefix === '' ? '.' : prefix);
      if (!hasGlobChars(comp)) {
        const candidate = prefix === '' ? unescapeGlob(comp) : prefix === '/' ? `/${unescapeGlob(comp)}` : `${prefix}/${unescapeGlob(comp)}`;
        if (fs.lstat(resolvePath(cwd, candidate), cred).ok) next.push(candidate);
        continue;
      }
      const list = fs.readdir(dirPath, cred);
      if (!list.ok) continue;
      const names = ['.', '..', ...list.value];
      for (const name of names) {
        if (!globMatch(comp, name)) continue;
        if (!last && !fs.stat(joinPath(dirPath, name), cred).ok) continue;
        next.push(prefix === '' ? name : prefix === '/' ? `/${name}` : `${prefix}/${name}`);
        if (next.length >= MAX_RESULTS) break;
      }
    }
    current = next;
    if (current.length === 0) return [];
  }
  return current.sort();
}
