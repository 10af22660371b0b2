// Command-name completion (what bash offers for the first word on Tab): aliases, builtins and the
// executables found along $PATH in the virtual filesystem, so it agrees with `which` and "not found".

import type { ShellState } from './state';
import { credOf } from './state';
import type { Registry } from './commands/index';
import { canAccess } from './fs/perms';
import { joinPath } from './fs/path';

const MAX_MATCHES = 256;

export function completeCommand(state: ShellState, registry: Registry, prefix: string): string[] {
  const p = prefix.slice(0, 255);
  const cred = credOf(state);
  const found = new Set<string>();
  for (const name of state.aliases.keys()) if (name.startsWith(p)) found.add(name);
  for (const name of registry.names()) if (registry.isBuiltin(name) && name.startsWith(p)) found.add(name);
  for (const dir of (state.vars.get('PATH') ?? '').split(':').filter((d) => d.startsWith('/')).slice(0, 64)) {
    const list = state.fs.readdir(dir, cred);
    if (!list.ok) continue;
    for (const name of list.value) {
      if (!name.startsWith(p) || found.has(name)) continue;
      const st = state.fs.stat(joinPath(dir, name), cred);
      if (st.ok && st.value.node.kind === 'file' && canAccess(st.value.node, cred, 'x')) found.add(name);
      if (found.size >= MAX_MATCHES) break;
    }
  }
  return [...found].sort().slice(0, MAX_MATCHES);
}
