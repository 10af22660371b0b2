// chown(1): OWNER[:GROUP] / :GROUP by name or number, -R (bounded), -v/-c/-f; only root may give
// files away ("changing ownership of 'x': Operation not permitted").

import type { CommandContext, CommandSpec } from './types';
import { Output, q } from './types';
import { getopt } from './getopt';
import { joinPath, resolvePath } from '../fs/path';
import { ERRNO_TEXT } from '../fs/vfs-types';
import { LIMITS } from '../limits';

function walk(ctx: CommandContext, path: string, display: string, uid: number | null, gid: number | null, o: Output, flags: Set<string>, budget: { n: number }): boolean {
  const fs = ctx.state.fs;
  const st = fs.lstat(path, ctx.cred);
  if (!st.ok) {
    if (!flags.has('f')) o.err(`chown: cannot access ${q(display)}: ${ERRNO_TEXT[st.errno]}\n`);
    return false;
  }
  let ok = true;
  const r = fs.chown(path, uid, gid, ctx.cred);
  if (!r.ok) {
    if (!flags.has('f')) o.err(`chown: changing ownership of ${q(display)}: ${ERRNO_TEXT[r.errno]}\n`);
    ok = false;
  } else if (flags.has('v')) o.out(`ownership of ${q(display)} retained\n`);
  if (flags.has('R') && st.value.node.kind === 'dir') {
    const list = fs.readdir(path, ctx.cred);
    for (const name of list.ok ? list.value : []) {
      if (budget.n++ > LIMITS.maxWalkEntries) break;
      if (!walk(ctx, joinPath(path, name), `${display.replace(/\/$/, '')}/${name}`, uid, gid, o, flags, budget)) ok = false;
    }
  }
  return ok;
}

export const chown: CommandSpec = {
  name: 'chown',
  path: '/usr/bin/chown',
  run(ctx) {
    const o = new Output();
    const parsed = getopt('chown', ctx.argv.slice(1), { flags: 'RvcfhHLP', long: { recursive: 'R', verbose: 'v', changes: 'c', silent: 'f', quiet: 'f', 'no-dereference': 'h', 'reference=': 'reference', dereference: 'deref' } });
    if (!parsed.ok) {
      o.err(parsed.error);
      return o.done(1);
    }
    const { flags, operands } = parsed.opts;
    const spec = operands[0];
    if (spec === undefined) {
      o.err("chown: missing operand\nTry 'chown --help' for more information.\n");
      return o.done(1);
    }
    if (operands.length === 1) {
      o.err(`chown: missing operand after ${q(spec)}\nTry 'chown --help' for more information.\n`);
      return o.done(1);
    }
    const accts = ctx.state.accounts;
    const sep = spec.search(/[:.]/);
    const owner = sep < 0 ? spec : spec.slice(0, sep);
    const group = sep < 0 ? '' : spec.slice(sep + 1);
    let uid: number | null = null;
    let gid: number | null = null;
    if (owner !== '') {
      const a = /^\d+$/.test(owner) ? { uid: Number(owner), gid: Number(owner) } : accts.byName(owner);
      if (!a) {
        o.err(`chown: invalid user: ${q(spec)}\n`);
        return o.done(1);
      }
      uid = a.uid;
      if (sep >= 0 && group === '') gid = a.gid;
    }
    if (group !== '') {
      const g = /^\d+$/.test(group) ? { gid: Number(group) } : accts.groups.find((x) => x.name === group);
      if (!g) {
        o.err(`chown: invalid group: ${q(spec)}\n`);
        return o.done(1);
      }
      gid = g.gid;
    }
    let code = 0;
    const budget = { n: 0 };
    for (const op of operands.slice(1)) if (!walk(ctx, resolvePath(ctx.state.cwd, op), op, uid, gid, o, flags, budget)) code = 1;
    return o.done(code);
  },
};
