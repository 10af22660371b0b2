// The shares NetrShareEnumAll lists for a persona: Windows' administrative shares (ADMIN$, C$,
// IPC$), a DC's NETLOGON/SYSVOL, seeded bait shares for servers; Samba's print$ and IPC$.
import type { Rng } from '../persona/rng';

/** MS-SRVS §2.2.2.4 share types. */
export const STYPE = { DISKTREE: 0, PRINTQ: 1, IPC: 3, SPECIAL: 0x80000000 } as const;

export interface Share {
  name: string;
  type: number;
  remark: string;
}

const SERVER_BAIT = ['Finance', 'IT', 'HR', 'Public', 'Users', 'Scans', 'Software', 'Backups', 'Projects', 'Accounting', 'Shared'];
const SAMBA_BAIT = ['public', 'shared', 'data', 'backup', 'scans', 'projects', 'archive', 'media', 'finance', 'software'];

function pickSome(rng: Rng, from: readonly string[], min: number, max: number): string[] {
  const pool = [...from];
  const out: string[] = [];
  for (let n = rng.int(min, max); n > 0 && pool.length; n--) out.push(pool.splice(rng.int(0, pool.length - 1), 1)[0]!);
  return out;
}

const byName = (a: Share, b: Share): number => a.name.toUpperCase().localeCompare(b.name.toUpperCase());

export function windowsShares(kind: 'workstation' | 'server' | 'dc', rng: Rng, bait?: string[]): Share[] {
  const shares: Share[] = [
    { name: 'ADMIN$', type: STYPE.SPECIAL, remark: 'Remote Admin' },
    { name: 'C$', type: STYPE.SPECIAL, remark: 'Default share' },
    { name: 'IPC$', type: (STYPE.SPECIAL | STYPE.IPC) >>> 0, remark: 'Remote IPC' },
  ];
  if (kind === 'dc') shares.push({ name: 'NETLOGON', type: 0, remark: 'Logon server share ' }, { name: 'SYSVOL', type: 0, remark: 'Logon server share ' });
  if (kind !== 'workstation' && rng.chance(0.3)) shares.push({ name: 'D$', type: STYPE.SPECIAL, remark: 'Default share' });
  const names = bait ?? (kind === 'server' ? pickSome(rng, SERVER_BAIT, 2, 4) : kind === 'dc' ? pickSome(rng, ['Users', 'Public', 'IT'], 0, 1) : pickSome(rng, ['Shared', 'Scans'], 0, 1));
  for (const n of names) shares.push({ name: n, type: 0, remark: '' });
  return shares.sort(byName);
}

/** Samba lists shares in smb.conf order, IPC$ last (its comment is "IPC Service (<server string>)"). */
export function sambaShares(serverString: string, rng: Rng, bait?: string[]): Share[] {
  const names = bait ?? pickSome(rng, SAMBA_BAIT, 2, 3);
  // Samba marks names ending in '$' hidden (STYPE_HIDDEN, source3/rpc_server/srvsvc).
  return [
    { name: 'print$', type: STYPE.SPECIAL, remark: 'Printer Drivers' },
    ...names.map((n) => ({ name: n, type: n.endsWith('$') ? STYPE.SPECIAL : 0, remark: '' })),
    { name: 'IPC$', type: (STYPE.SPECIAL | STYPE.IPC) >>> 0, remark: `IPC Service (${serverString})` },
  ];
}
