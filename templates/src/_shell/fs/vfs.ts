// The session's virtual filesystem: an immutable base tree shared by every session of a persona, plus
// a bounded copy-on-write overlay (overlayfs semantics: whiteouts, opaque dirs) holding this session's
// changes. Every operation checks Unix permissions and fails with the errno a real kernel returns.

import { canAccess } from './perms';
import { basename, components, dirname, joinPath, normalize } from './path';
import { fail, ok } from './vfs-types';
import type { Cred, FsResult, VNode } from './vfs-types';
import { LIMITS } from '../limits';
import { OverlayStore } from './overlay-store';
import { pseudoRandomBytes } from './dev-random';
import type { BaseTree } from './overlay-store';
import { collect, copyFile, renameEntry } from './vfs-ops';

export type { BaseTree } from './overlay-store';

export interface Resolved {
  /** Physical path after following symlinks. */
  path: string;
  node: VNode;
  /** When true, base entries below this directory are hidden. */
  opaque: boolean;
}

const MAX_SYMLINKS = 40;

export class VirtualFs extends OverlayStore {
  constructor(
    base: BaseTree,
    private readonly clock: () => number,
  ) {
    super(base);
  }

  /** path_walk(): each traversed directory needs search (x) permission; symlinks are followed. */
  resolve(path: string, cred: Cred, followFinal = true): FsResult<Resolved> {
    if (path.length > LIMITS.maxPathChars) return fail('ENAMETOOLONG');
    let pending = components(normalize(path));
    let cur = '/';
    let node = this.entry('/', false);
    if (!node) return fail('ENOENT');
    let opaque = node.opaque === true;
    let links = 0;
    while (pending.length > 0) {
      const name = pending[0] ?? '';
      pending = pending.slice(1);
      if (name.length > LIMITS.maxNameChars) return fail('ENAMETOOLONG');
      if (node.kind !== 'dir') return fail('ENOTDIR');
      if (!canAccess(node, cred, 'x')) return fail('EACCES');
      const childPath = joinPath(cur, name);
      const child = this.entry(childPath, opaque);
      if (!child) return fail('ENOENT');
      if (child.kind === 'link' && (pending.length > 0 || followFinal)) {
        if (++links > MAX_SYMLINKS) return fail('ELOOP');
        const target = child.target ?? '';
        const abs = normalize(target.startsWith('/') ? target : `${cur}/${target}`);
        pending = [...components(abs), ...pending];
        cur = '/';
        node = this.entry('/', false);
        if (!node) return fail('ENOENT');
        opaque = node.opaque === true;
        continue;
      }
      cur = childPath;
      node = child;
      opaque = opaque || child.opaque === true;
    }
    return ok({ path: cur, node, opaque });
  }

  stat(path: string, cred: Cred): FsResult<Resolved> {
    return this.resolve(path, cred, true);
  }

  lstat(path: string, cred: Cred): FsResult<Resolved> {
    return this.resolve(path, cred, false);
  }

  /** Resolve the parent directory of `path` (low-level; used by vfs-ops). */
  parentOf(path: string, cred: Cred): FsResult<{ dir: Resolved; name: string; childPath: string }> {
    const norm = normalize(path);
    if (norm === '/') return fail('EBUSY');
    const dir = this.resolve(dirname(norm), cred, true);
    if (!dir.ok) return dir;
    if (dir.value.node.kind !== 'dir') return fail('ENOTDIR');
    const name = basename(norm);
    if (name.length > LIMITS.maxNameChars) return fail('ENAMETOOLONG');
    return ok({ dir: dir.value, name, childPath: joinPath(dir.value.path, name) });
  }

  /** may_create / may_delete: write and search permission on the directory. */
  mayModifyDir(dir: VNode, cred: Cred): boolean {
    return canAccess(dir, cred, 'w') && canAccess(dir, cred, 'x');
  }

  isProc(path: string): boolean {
    return path === '/proc' || path.startsWith('/proc/') || path === '/sys' || path.startsWith('/sys/');
  }

  contentOf(node: VNode): string {
    const c = node.content;
    if (c === undefined) return '';
    return typeof c === 'string' ? c : c(this.clock());
  }

  /** Files computed at read time (/proc, live logs) look freshly modified, as on a running system. */
  mtimeOf(node: VNode): number {
    const now = this.clock();
    if (node.special === 'proc') return now - (now % 1000);
    if (node.live && typeof node.content === 'function') return now - (Math.floor(now / 1000) % 600) * 1000;
    return node.mtimeMs;
  }

  sizeOf(node: VNode): number {
    if (node.kind === 'link') return (node.target ?? '').length;
    if (node.kind === 'dir') return 4096;
    if (node.kind === 'chardev' || node.special === 'proc') return 0;
    if (node.size !== undefined) return node.size;
    return this.contentOf(node).length;
  }

  readFile(path: string, cred: Cred): FsResult<string> {
    const r = this.stat(path, cred);
    if (!r.ok) return r;
    const { node } = r.value;
    if (node.kind === 'dir') return fail('EISDIR');
    if (!canAccess(node, cred, 'r')) return fail('EACCES');
    if (node.kind === 'chardev') {
      if (node.special === 'zero') return ok('\0'.repeat(LIMITS.maxCommandOutputBytes));
      if (node.special === 'random') return ok(pseudoRandomBytes(this.clock(), LIMITS.maxCommandOutputBytes));
      return ok('');
    }
    return ok(this.contentOf(node));
  }

  readdir(path: string, cred: Cred): FsResult<string[]> {
    const r = this.stat(path, cred);
    if (!r.ok) return r;
    const { node, opaque, path: real } = r.value;
    if (node.kind !== 'dir') return fail('ENOTDIR');
    if (!canAccess(node, cred, 'r')) return fail('EACCES');
    const names = this.childNames(real, opaque);
    const out: string[] = [];
    for (const n of names) if (this.entry(joinPath(real, n), opaque)) out.push(n);
    return ok(out.sort());
  }

  writeFile(path: string, data: string, cred: Cred, append = false): FsResult<void> {
    const existing = this.stat(path, cred);
    if (existing.ok) {
      const { node, path: real } = existing.value;
      if (node.kind === 'dir') return fail('EISDIR');
      if (!canAccess(node, cred, 'w')) return fail('EACCES');
      if (node.kind === 'chardev') return ok(undefined);
      if (node.special === 'proc') return fail('EIO');
      const content = append ? this.contentOf(node) + data : data;
      const { size: _size, ...rest } = node;
      return this.put(real, { ...rest, content, mtimeMs: this.clock() });
    }
    if (existing.errno !== 'ENOENT') return existing;
    const p = this.parentOf(path, cred);
    if (!p.ok) return p;
    const { dir, childPath } = p.value;
    if (this.entry(childPath, dir.opaque)?.kind === 'link') return fail('ENOENT');
    if (!this.mayModifyDir(dir.node, cred)) return fail('EACCES');
    if (this.isProc(childPath)) return fail('EACCES');
    return this.put(childPath, {
      kind: 'file',
      mode: 0o664 & ~(cred.uid === 0 ? 0o022 : 0o002),
      uid: cred.uid,
      gid: cred.gid,
      mtimeMs: this.clock(),
      content: data,
    });
  }

  mkdir(path: string, cred: Cred, mode = 0o755): FsResult<void> {
    const p = this.parentOf(path, cred);
    if (!p.ok) return p;
    const { dir, childPath } = p.value;
    if (this.entry(childPath, dir.opaque)) return fail('EEXIST');
    if (!this.mayModifyDir(dir.node, cred)) return fail('EACCES');
    if (this.isProc(childPath)) return fail('EPERM');
    const node: VNode = { kind: 'dir', mode, uid: cred.uid, gid: cred.gid, mtimeMs: this.clock() };
    if (this.hasBase(childPath)) node.opaque = true;
    return this.put(childPath, node);
  }

  symlink(target: string, path: string, cred: Cred): FsResult<void> {
    const p = this.parentOf(path, cred);
    if (!p.ok) return p;
    const { dir, childPath } = p.value;
    if (this.entry(childPath, dir.opaque)) return fail('EEXIST');
    if (!this.mayModifyDir(dir.node, cred)) return fail('EACCES');
    if (this.isProc(childPath)) return fail('EPERM');
    return this.put(childPath, { kind: 'link', mode: 0o777, uid: cred.uid, gid: cred.gid, mtimeMs: this.clock(), target });
  }

  /** may_delete(): write+search on the parent, and the sticky-bit owner rule (/tmp). */
  checkRemove(path: string, cred: Cred, want: 'file' | 'dir' | 'any'): FsResult<{ childPath: string; node: VNode }> {
    const p = this.parentOf(path, cred);
    if (!p.ok) return p;
    const { dir, childPath } = p.value;
    const node = this.entry(childPath, dir.opaque);
    if (!node) return fail('ENOENT');
    if (want === 'dir' && node.kind !== 'dir') return fail('ENOTDIR');
    if (want === 'file' && node.kind === 'dir') return fail('EISDIR');
    if (!this.mayModifyDir(dir.node, cred)) return fail('EACCES');
    if ((dir.node.mode & 0o1000) !== 0 && cred.uid !== 0 && cred.uid !== node.uid && cred.uid !== dir.node.uid) {
      return fail('EPERM');
    }
    if (this.isProc(childPath)) return fail('EPERM');
    return ok({ childPath, node });
  }

  unlink(path: string, cred: Cred): FsResult<void> {
    const r = this.checkRemove(path, cred, 'file');
    if (!r.ok) return r;
    this.drop(r.value.childPath);
    return ok(undefined);
  }

  rmdir(path: string, cred: Cred): FsResult<void> {
    const r = this.checkRemove(path, cred, 'dir');
    if (!r.ok) return r;
    const list = this.readdir(r.value.childPath, cred);
    if (list.ok && list.value.length > 0) return fail('ENOTEMPTY');
    this.drop(r.value.childPath);
    return ok(undefined);
  }

  /** Copy-up a node with changed metadata (chmod, chown, touch). */
  update(path: string, cred: Cred, change: (n: VNode) => VNode): FsResult<void> {
    const r = this.stat(path, cred);
    if (!r.ok) return r;
    if (this.isProc(r.value.path) && r.value.path !== '/proc') return fail('EPERM');
    return this.put(r.value.path, change({ ...r.value.node }));
  }

  chmod(path: string, mode: number, cred: Cred): FsResult<void> {
    const r = this.stat(path, cred);
    if (!r.ok) return r;
    if (cred.uid !== 0 && cred.uid !== r.value.node.uid) return fail('EPERM');
    return this.update(path, cred, (n) => ({ ...n, mode: mode & 0o7777 }));
  }

  chown(path: string, uid: number | null, gid: number | null, cred: Cred): FsResult<void> {
    const r = this.stat(path, cred);
    if (!r.ok) return r;
    if (cred.uid !== 0) return fail('EPERM');
    return this.update(path, cred, (n) => ({ ...n, uid: uid ?? n.uid, gid: gid ?? n.gid }));
  }

  /** touch: create an empty file or bump the mtime (needs ownership or write permission). */
  touch(path: string, cred: Cred, mtimeMs?: number): FsResult<void> {
    const r = this.stat(path, cred);
    if (!r.ok) {
      if (r.errno !== 'ENOENT') return r;
      const w = this.writeFile(path, '', cred);
      if (!w.ok || mtimeMs === undefined) return w;
    } else if (cred.uid !== 0 && cred.uid !== r.value.node.uid && !canAccess(r.value.node, cred, 'w')) {
      return fail('EACCES');
    }
    const when = mtimeMs ?? this.clock();
    return this.update(path, cred, (n) => ({ ...n, mtimeMs: when }));
  }

  rename(from: string, to: string, cred: Cred): FsResult<void> {
    return renameEntry(this, from, to, cred);
  }

  collect(root: string, cred: Cred): FsResult<Array<[string, VNode]>> {
    return collect(this, root, cred);
  }

  copyFile(from: string, to: string, cred: Cred): FsResult<void> {
    return copyFile(this, from, to, cred);
  }

  readlink(path: string, cred: Cred): FsResult<string> {
    const r = this.lstat(path, cred);
    if (!r.ok) return r;
    if (r.value.node.kind !== 'link') return fail('EINVAL');
    return ok(r.value.node.target ?? '');
  }

}
