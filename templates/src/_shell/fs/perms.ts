// Unix permission checks (owner/group/other bits, root's DAC override) and `ls -l` mode strings.

import type { Cred, VNode } from './vfs-types';

export type Access = 'r' | 'w' | 'x';

const BIT: Record<Access, number> = { r: 4, w: 2, x: 1 };

/** generic_permission(): root may read/write anything and execute anything with at least one x bit. */
export function canAccess(node: VNode, cred: Cred, want: Access): boolean {
  if (cred.uid === 0) {
    if (want !== 'x' || node.kind === 'dir') return true;
    return (node.mode & 0o111) !== 0;
  }
  const bit = BIT[want];
  if (node.uid === cred.uid) return ((node.mode >> 6) & bit) !== 0;
  if (node.gid === cred.gid || cred.groups.includes(node.gid)) return ((node.mode >> 3) & bit) !== 0;
  return (node.mode & bit) !== 0;
}

function triplet(bits: number, special: boolean, specialChar: string): string {
  const r = bits & 4 ? 'r' : '-';
  const w = bits & 2 ? 'w' : '-';
  let x = bits & 1 ? 'x' : '-';
  if (special) x = bits & 1 ? specialChar : specialChar.toUpperCase();
  return r + w + x;
}

/** "drwxr-xr-x", "-rwsr-xr-x", "drwxrwxrwt", "lrwxrwxrwx", "crw-rw-rw-". */
export function modeString(node: VNode): string {
  const type = node.kind === 'dir' ? 'd' : node.kind === 'link' ? 'l' : node.kind === 'chardev' ? 'c' : '-';
  const m = node.mode;
  return (
    type +
    triplet((m >> 6) & 7, (m & 0o4000) !== 0, 's') +
    triplet((m >> 3) & 7, (m & 0o2000) !== 0, 's') +
    triplet(m & 7, (m & 0o1000) !== 0, 't')
  );
}
