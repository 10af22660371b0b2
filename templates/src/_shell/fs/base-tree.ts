// Assembles the immutable base filesystem of a persona (/etc, /proc, /sys, homes, /var, binaries,
// and the persona's own extra files) and caches it, so sessions only pay for their overlay.

import type { ShellPersona } from '../persona';
import type { Accounts } from '../sys/accounts';
import type { BaseTree } from './vfs';
import type { BinarySpec } from './bin-files';
import { TreeBuilder } from './tree-builder';
import { addEtc } from './etc-files';
import { addProcAndSys } from './proc-files';
import { addHomes } from './home-files';
import { addVarAndRuntime } from './var-files';
import { addBinaries } from './bin-files';
import { normalize } from './path';
import { installedAtMs } from '../sys/identity';

const MAX_CACHED_PER_PERSONA = 8;
const cache = new WeakMap<ShellPersona, Map<string, BaseTree>>();

function ownerOf(path: string, accounts: Accounts): { uid: number; gid: number } {
  const home = accounts.users.find((u) => u.human && u.uid !== 0 && (path === u.home || path.startsWith(`${u.home}/`)));
  return home ? { uid: home.uid, gid: home.gid } : { uid: 0, gid: 0 };
}

export function buildBaseTree(persona: ShellPersona, accounts: Accounts, binaries: readonly BinarySpec[]): BaseTree {
  const key = accounts.users.map((u) => `${u.name}:${u.uid}`).join(',');
  let perPersona = cache.get(persona);
  const hit = perPersona?.get(key);
  if (hit) return hit;
  const installed = installedAtMs(persona);
  const t = new TreeBuilder(installed);
  for (const d of ['/usr', '/var', '/etc', '/home', '/root']) t.dir(d, { mtimeMs: installed, mode: d === '/root' ? 0o700 : 0o755 });
  addBinaries(t, persona, binaries, installed);
  addEtc(t, persona, accounts, installed);
  addVarAndRuntime(t, persona, accounts, installed);
  addHomes(t, persona, accounts, installed);
  addProcAndSys(t, persona, accounts);
  for (const [rawPath, content] of Object.entries(persona.files)) {
    if (!rawPath.startsWith('/') || rawPath === '/proc/version') continue;
    const path = normalize(rawPath);
    const owner = ownerOf(path, accounts);
    t.file(path, content, { ...owner, mtimeMs: persona.bootedAtMs - 86_400_000 * 3 });
  }
  const tree = t.build();
  if (!perPersona) cache.set(persona, (perPersona = new Map()));
  if (perPersona.size >= MAX_CACHED_PER_PERSONA) {
    const oldest = perPersona.keys().next().value;
    if (oldest !== undefined) perPersona.delete(oldest);
  }
  perPersona.set(key, tree);
  return tree;
}
