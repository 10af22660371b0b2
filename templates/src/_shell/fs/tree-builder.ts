// Mutable builder used once per persona to assemble the immutable base tree: creates parents on
// demand, keeps the sorted children index the VFS lists directories from.

import { basename, dirname, normalize } from './path';
import type { FileContent, VNode } from './vfs-types';
import type { BaseTree } from './vfs';

export interface NodeOpts {
  mode?: number;
  uid?: number;
  gid?: number;
  mtimeMs?: number;
}

export class TreeBuilder {
  readonly nodes = new Map<string, VNode>();
  private readonly kids = new Map<string, Set<string>>();

  constructor(private readonly defaultMtimeMs: number) {
    this.nodes.set('/', { kind: 'dir', mode: 0o755, uid: 0, gid: 0, mtimeMs: defaultMtimeMs });
  }

  private set(path: string, node: VNode): void {
    const p = normalize(path);
    if (p === '/') {
      this.nodes.set('/', node);
      return;
    }
    const parent = dirname(p);
    if (!this.nodes.has(parent)) this.dir(parent);
    this.nodes.set(p, node);
    let set = this.kids.get(parent);
    if (!set) this.kids.set(parent, (set = new Set()));
    set.add(basename(p));
  }

  dir(path: string, opts: NodeOpts = {}): this {
    const existing = this.nodes.get(normalize(path));
    const node: VNode = { kind: 'dir', mode: opts.mode ?? 0o755, uid: opts.uid ?? 0, gid: opts.gid ?? 0, mtimeMs: opts.mtimeMs ?? this.defaultMtimeMs };
    if (existing?.kind === 'dir' && Object.keys(opts).length === 0) return this;
    this.set(path, node);
    return this;
  }

  file(path: string, content: FileContent, opts: NodeOpts & { size?: number; exec?: string; special?: VNode['special']; live?: boolean } = {}): this {
    const node: VNode = { kind: 'file', mode: opts.mode ?? 0o644, uid: opts.uid ?? 0, gid: opts.gid ?? 0, mtimeMs: opts.mtimeMs ?? this.defaultMtimeMs, content };
    if (opts.size !== undefined) node.size = opts.size;
    if (opts.exec !== undefined) node.exec = opts.exec;
    if (opts.special !== undefined) node.special = opts.special;
    if (opts.live) node.live = true;
    this.set(path, node);
    return this;
  }

  link(path: string, target: string, opts: NodeOpts = {}): this {
    this.set(path, { kind: 'link', mode: 0o777, uid: opts.uid ?? 0, gid: opts.gid ?? 0, mtimeMs: opts.mtimeMs ?? this.defaultMtimeMs, target });
    return this;
  }

  device(path: string, special: NonNullable<VNode['special']>, rdev: [number, number], mode = 0o666, gid = 0): this {
    this.set(path, { kind: 'chardev', mode, uid: 0, gid, mtimeMs: this.defaultMtimeMs, special, rdev });
    return this;
  }

  has(path: string): boolean {
    return this.nodes.has(normalize(path));
  }

  build(): BaseTree {
    const children = new Map<string, readonly string[]>();
    for (const [dir, set] of this.kids) children.set(dir, [...set].sort());
    return { nodes: this.nodes, children };
  }
}
