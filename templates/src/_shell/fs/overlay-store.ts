// The copy-on-write half of the virtual filesystem: an immutable base tree shared by all sessions
// of a persona and this session's overlay of changed, created and deleted (whiteout) entries,
// with the entry and byte quotas that make a full overlay look like a full disk (ENOSPC).

import { basename, dirname } from './path';
import { fail, ok } from './vfs-types';
import type { FsResult, VNode } from './vfs-types';
import { LIMITS } from '../limits';

export interface BaseTree {
  nodes: ReadonlyMap<string, VNode>;
  children: ReadonlyMap<string, readonly string[]>;
}

export class OverlayStore {
  protected readonly overlay = new Map<string, VNode | null>();
  protected readonly overlayChildren = new Map<string, Set<string>>();
  protected usedBytes = 0;
  protected usedEntries = 0;

  constructor(protected readonly base: BaseTree) {}

  /** Overlay usage, for tests and diagnostics. */
  usage(): { bytes: number; entries: number } {
    return { bytes: this.usedBytes, entries: this.usedEntries };
  }

  /** Would `entries` more entries and `bytes` more bytes still fit in the overlay? */
  fits(entries: number, bytes: number): boolean {
    return this.usedEntries + entries <= LIMITS.maxOverlayEntries && this.usedBytes + bytes <= LIMITS.maxOverlayBytes;
  }

  hasBase(path: string): boolean {
    return this.base.nodes.has(path);
  }

  /** Raw lookup of one path: overlay first (null = whiteout), then the base unless hidden. */
  entry(path: string, hiddenBase: boolean): VNode | null | undefined {
    if (this.overlay.has(path)) return this.overlay.get(path);
    return hiddenBase ? undefined : this.base.nodes.get(path);
  }

  /** Names under a directory from both layers (existence is checked by the caller). */
  childNames(dir: string, hiddenBase: boolean): Set<string> {
    const names = new Set<string>();
    if (!hiddenBase) for (const n of this.base.children.get(dir) ?? []) names.add(n);
    for (const n of this.overlayChildren.get(dir) ?? []) names.add(n);
    return names;
  }

  /** Store a node in the overlay, enforcing the entry and byte quotas (ENOSPC like a full disk). */
  put(path: string, node: VNode): FsResult<void> {
    const prev = this.overlay.get(path);
    const prevBytes = prev && typeof prev.content === 'string' ? prev.content.length : 0;
    const nextBytes = typeof node.content === 'string' ? node.content.length : 0;
    const entries = this.usedEntries + (prev ? 0 : 1);
    const bytes = this.usedBytes - prevBytes + nextBytes;
    if (entries > LIMITS.maxOverlayEntries || bytes > LIMITS.maxOverlayBytes) return fail('ENOSPC');
    this.overlay.set(path, node);
    this.usedEntries = entries;
    this.usedBytes = bytes;
    const parent = dirname(path);
    let set = this.overlayChildren.get(parent);
    if (!set) this.overlayChildren.set(parent, (set = new Set()));
    set.add(basename(path));
    return ok(undefined);
  }

  /** Remove `path` from the view: drop the overlay entry and whiteout a base entry underneath. */
  drop(path: string): void {
    const prev = this.overlay.get(path);
    if (prev) {
      this.usedEntries -= 1;
      if (typeof prev.content === 'string') this.usedBytes -= prev.content.length;
      this.overlayChildren.get(dirname(path))?.delete(basename(path));
    }
    if (this.base.nodes.has(path)) this.overlay.set(path, null);
    else this.overlay.delete(path);
  }
}
