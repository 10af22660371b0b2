// Lexical POSIX path helpers for the virtual filesystem (no symlink resolution here; the VFS walk
// resolves links). All paths handled by the VFS are absolute and normalized.

/** Normalize an absolute path: collapse `//`, `.` and `..` (`..` at the root stays at the root). */
export function normalize(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return '/' + out.join('/');
}

/** Resolve `path` against `cwd` (both may be relative to the other), returning a normalized absolute path. */
export function resolvePath(cwd: string, path: string): string {
  return normalize(path.startsWith('/') ? path : `${cwd}/${path}`);
}

export function dirname(path: string): string {
  const n = normalize(path);
  const i = n.lastIndexOf('/');
  return i <= 0 ? '/' : n.slice(0, i);
}

export function basename(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed === '') return path.startsWith('/') ? '/' : '';
  const i = trimmed.lastIndexOf('/');
  return i < 0 ? trimmed : trimmed.slice(i + 1);
}

export function joinPath(dir: string, name: string): string {
  return dir === '/' ? `/${name}` : `${dir}/${name}`;
}

/** Components of a normalized absolute path ("/" -> []). */
export function components(path: string): string[] {
  return path.split('/').filter((p) => p !== '');
}

/** True when `child` equals `parent` or lies beneath it. */
export function isWithin(child: string, parent: string): boolean {
  return parent === '/' || child === parent || child.startsWith(parent + '/');
}
