// Operations built on the VirtualFs primitives: subtree collection (bounded), rename(2), which
// moves a whole directory tree into the overlay all or nothing, and cp's file copy.

import type { VirtualFs } from './vfs';
import { fail, ok } from './vfs-types';
import type { Cred, FsResult, VNode } from './vfs-types';
import { LIMITS } from '../limits';

/** Pre-order list of (relative path, node) for a subtree, bounded by LIMITS.maxWalkEntries. */
export function collect(fs: VirtualFs, root: string, cred: Cred): FsResult<Array<[string, VNode]>> {
  const top = fs.lstat(root, cred);
  if (!top.ok) return top;
  const out: Array<[string, VNode]> = [['', top.value.node]];
  const stack: string[] = top.value.node.kind === 'dir' ? [''] : [];
  while (stack.length > 0) {
    const rel = stack.pop() ?? '';
    const list = fs.readdir(root + rel, cred);
    if (!list.ok) return list;
    for (const name of list.value) {
      const child = fs.lstat(`${root}${rel}/${name}`, cred);
      if (!child.ok) continue;
      out.push([`${rel}/${name}`, child.value.node]);
      if (out.length > LIMITS.maxWalkEntries) return fail('ENOSPC');
      if (child.value.node.kind === 'dir') stack.push(`${rel}/${name}`);
    }
  }
  return ok(out);
}

/** rename(2) for one entry; directories move with their whole (bounded) subtree, all or nothing. */
export function renameEntry(fs: VirtualFs, from: string, to: string, cred: Cred): FsResult<void> {
  const src = fs.checkRemove(from, cred, 'any');
  if (!src.ok) return src;
  const dst = fs.parentOf(to, cred);
  if (!dst.ok) return dst;
  if (!fs.mayModifyDir(dst.value.dir.node, cred)) return fail('EACCES');
  if (fs.isProc(dst.value.childPath)) return fail('EXDEV');
  const srcPath = src.value.childPath;
  const dstPath = dst.value.childPath;
  const isDir = src.value.node.kind === 'dir';
  if (dstPath === srcPath) return ok(undefined);
  if (dstPath.startsWith(srcPath + '/')) return fail('EINVAL');
  const existing = fs.entry(dstPath, dst.value.dir.opaque);
  if (existing?.kind === 'dir' && !isDir) return fail('EISDIR');
  if (existing && existing.kind !== 'dir' && isDir) return fail('ENOTDIR');
  if (existing?.kind === 'dir') {
    const inside = fs.readdir(dstPath, cred);
    if (inside.ok && inside.value.length > 0) return fail('ENOTEMPTY');
  }
  const moved = collect(fs, srcPath, cred);
  if (!moved.ok) return moved;
  let bytes = 0;
  for (const [, n] of moved.value) if (typeof n.content === 'string') bytes += n.content.length;
  if (!fs.fits(moved.value.length, bytes)) return fail('ENOSPC');
  if (existing) fs.drop(dstPath);
  for (const [rel, node] of moved.value) {
    const target = dstPath + rel;
    const copy: VNode = { ...node };
    delete copy.opaque;
    if (copy.kind === 'dir' && fs.hasBase(target)) copy.opaque = true;
    fs.put(target, copy);
  }
  for (const [rel] of [...moved.value].reverse()) fs.drop(srcPath + rel);
  return ok(undefined);
}

/** Copy a regular file's content and mode to `to` (cp): the destination is owned by the caller. */
export function copyFile(fs: VirtualFs, from: string, to: string, cred: Cred): FsResult<void> {
  const src = fs.stat(from, cred);
  if (!src.ok) return src;
  if (src.value.node.kind === 'dir') return fail('EISDIR');
  const data = fs.readFile(from, cred);
  if (!data.ok) return data;
  const w = fs.writeFile(to, data.value, cred);
  if (!w.ok) return w;
  const dst = fs.stat(to, cred);
  if (!dst.ok) return ok(undefined);
  const { exec } = src.value.node;
  const mode = src.value.node.mode & 0o777;
  return fs.update(to, cred, (n) => {
    const next: VNode = { ...n, mode: dst.value.node.uid === cred.uid ? mode : n.mode };
    if (exec !== undefined) next.exec = exec;
    return next;
  });
}
