// The editor's staged-change buffer: edits collect locally as mutation ops made against one
// topology version, until "Apply" sends them as one batch. Consecutive moves of the same node
// merge into one op, so a drag is one change (and one undo), not a hundred.
import type { TopologyMutationOp } from '@decnet/protocol';

export interface Staged {
  /** The topology version the ops were made against (the batch's `version`). */
  baseVersion: number;
  ops: TopologyMutationOp[];
}

export const emptyStaged = (baseVersion: number): Staged => ({ baseVersion, ops: [] });

const onlyPos = (patch: object): boolean => Object.keys(patch).length === 1 && 'pos' in patch;

/** Same node, both pure moves: the later one replaces the earlier. */
function mergesWith(prev: TopologyMutationOp, next: TopologyMutationOp): boolean {
  if (prev.op === 'update_lan' && next.op === 'update_lan') return prev.lan === next.lan && onlyPos(prev.patch) && onlyPos(next.patch);
  if (prev.op === 'update_decky' && next.op === 'update_decky') return prev.decky === next.decky && onlyPos(prev.patch) && onlyPos(next.patch) && !prev.force && !next.force;
  return false;
}

/** Moving a node staged by add_* in this buffer: the position goes into the add itself. */
function foldIntoAdd(ops: TopologyMutationOp[], next: TopologyMutationOp): TopologyMutationOp[] | null {
  if (next.op === 'update_lan' && onlyPos(next.patch) && next.patch.pos) {
    const i = ops.findIndex((o) => o.op === 'add_lan' && o.lan.name === next.lan);
    const pos = next.patch.pos;
    if (i >= 0) return ops.map((o, j) => (j === i && o.op === 'add_lan' ? { ...o, lan: { ...o.lan, pos } } : o));
  }
  if (next.op === 'update_decky' && onlyPos(next.patch) && next.patch.pos) {
    const i = ops.findIndex((o) => o.op === 'add_decky' && o.decky.name === next.decky);
    const pos = next.patch.pos;
    if (i >= 0) return ops.map((o, j) => (j === i && o.op === 'add_decky' ? { ...o, decky: { ...o.decky, pos } } : o));
  }
  return null;
}

export function stage(s: Staged, op: TopologyMutationOp): Staged {
  const folded = foldIntoAdd(s.ops, op);
  if (folded) return { ...s, ops: folded };
  const last = s.ops.at(-1);
  if (last && mergesWith(last, op)) return { ...s, ops: [...s.ops.slice(0, -1), op] };
  return { ...s, ops: [...s.ops, op] };
}

/** Drops the last staged op. */
export const undo = (s: Staged): Staged => ({ ...s, ops: s.ops.slice(0, -1) });

/** Keeps the ops but makes them against a newer version (after reloading someone else's changes). */
export const rebase = (s: Staged, version: number): Staged => ({ ...s, baseVersion: version });

/** The body of POST /topologies/{id}/mutations. */
export function batchOf(s: Staged): { version: number; ops: TopologyMutationOp[]; trigger: string } {
  return { version: s.baseVersion, ops: s.ops, trigger: 'dashboard' };
}

/** What a 409 means to the operator. */
export function conflictMessage(currentVersion: number | undefined, stagedCount: number): string {
  const now = currentVersion !== undefined ? ` (now version ${currentVersion})` : '';
  const n = stagedCount === 1 ? '1 staged change is' : `${stagedCount} staged changes are`;
  return `Someone else changed this topology${now}. Reload to see their changes; your ${n} kept until you choose to keep or discard them.`;
}
