// chmod(1): octal and symbolic modes (u+x, go=, a-w, +x, u=rwx,g=rx, X, s, t), -R (bounded),
// -v/-c/-f; "changing permissions of 'x': Operation not permitted" for files the user does not own.

import type { CommandContext, CommandSpec } from './types';
import { Output, q } from './types';
import { getopt } from './getopt';
import { joinPath, resolvePath } from '../fs/path';
import { ERRNO_TEXT } from '../fs/vfs-types';
import { LIMITS } from '../limits';

/** Apply an octal or symbolic mode to `current`; null when the mode string is invalid. */
export function parseMode(spec: string, current: number, isDir: boolean, umask = 0o022): number | null {
  if (/^[0-7]{1,4}$/.test(spec)) {
    const v = Number.parseInt(spec, 8);
    // GNU chmod keeps the setuid/setgid bits of directories unless the octal mode has 5+ digits.
    return isDir && spec.length < 4 ? (current & 0o6000) | v : v;
  }
  let mode = current;
  for (const clause of spec.split(',')) {
    const m = /^([ugoa]*)((?:[-+=][rwxXstugo]*)+)$/.exec(clause);
    if (!m) return null;
    const who = m[1] === '' ? 'a' : (m[1] ?? 'a');
    const explicitWho = m[1] !== '';
    const ops = m[2] ?? '';
    let whoMask = 0;
    if (who.includes('u') || who.includes('a')) whoMask |= 0o4700;
    if (who.includes('g') || who.includes('a')) whoMask |= 0o2070;
    if (who.includes('o') || who.includes('a')) whoMask |= 0o1007;
    for (const op of ops.match(/[-+=][rwxXstugo]*/g) ?? []) {
      const sign = op[0];
      let bits = 0;
      for (const p of op.slice(1)) {
        if (p === 'r') bits |= 0o444;
        else if (p === 'w') bits |= 0o222;
        else if (p === 'x') bits |= 0o111;
        else if (p === 'X') bits |= isDir || (current & 0o111) !== 0 ? 0o111 : 0;
        else if (p === 's') bits |= 0o6000;
        else if (p === 't') bits |= 0o1000;
        else {
          const src = p === 'u' ? (mode >> 6) & 7 : p === 'g' ? (mode >> 3) & 7 : mode & 7;
          bits |= (src << 6) | (src << 3) | src;
        }
      }
      let eff = bits & whoMask;
      if (!explicitWho) eff &= ~umask | 0o7000;
      if (sign === '+') mode |= eff;
      else if (sign === '-') mode &= ~eff;
      else mode = (mode & ~(whoMask & 0o7777)) | eff;
    }
  }
  return mode & 0o7777;
}

function applyTo(ctx: CommandContext, path: string, display: string, spec: string, o: Output, flags: Set<string>, budget: { n: number }): boolean {
  const fs = ctx.state.fs;
  const st = fs.stat(path, ctx.cred);
  if (!st.ok) {
    if (!flags.has('f')) o.err(`chmod: cannot access ${q(display)}: ${ERRNO_TEXT[st.errno]}\n`);
    return false;
  }
  let ok = true;
  const node = st.value.node;
  const next = parseMode(spec, node.mode, node.kind === 'dir') ?? node.mode;
  const r = fs.chmod(path, next, ctx.cred);
  if (!r.ok) {
    if (!flags.has('f')) o.err(`chmod: changing permissions of ${q(display)}: ${ERRNO_TEXT[r.errno]}\n`);
    ok = false;
  } else if (flags.has('v') || (flags.has('c') && next !== node.mode)) {
    o.out(`mode of ${q(display)} changed from ${node.mode.toString(8).padStart(4, '0')} to ${next.toString(8).padStart(4, '0')}\n`);
  }
  if (flags.has('R') && node.kind === 'dir') {
    const list = fs.readdir(path, ctx.cred);
    if (!list.ok) {
      o.err(`chmod: cannot read directory ${q(display)}: ${ERRNO_TEXT[list.errno]}\n`);
      return false;
    }
    for (const name of list.value) {
      if (budget.n++ > LIMITS.maxWalkEntries) break;
      const child = joinPath(path, name);
      const lst = fs.lstat(child, ctx.cred);
      if (lst.ok && lst.value.node.kind === 'link') continue;
      if (!applyTo(ctx, child, `${display.replace(/\/$/, '')}/${name}`, spec, o, flags, budget)) ok = false;
    }
  }
  return ok;
}

export const chmod: CommandSpec = {
  name: 'chmod',
  path: '/usr/bin/chmod',
  run(ctx) {
    const o = new Output();
    // Symbolic modes like "-x" look like options: GNU chmod accepts them as the mode operand.
    const args = ctx.argv.slice(1);
    const modeIdx = args.findIndex((a) => /^-[rwxXst]+$/.test(a));
    const argv = modeIdx >= 0 ? [...args.slice(0, modeIdx), '--', ...args.slice(modeIdx)] : args;
    const parsed = getopt('chmod', argv, { flags: 'Rvcf', long: { recursive: 'R', verbose: 'v', changes: 'c', silent: 'f', quiet: 'f', 'reference=': 'reference', 'preserve-root': 'pr', 'no-preserve-root': 'npr' } });
    if (!parsed.ok) {
      o.err(parsed.error);
      return o.done(1);
    }
    const { flags, operands } = parsed.opts;
    const spec = operands[0];
    if (spec === undefined) {
      o.err("chmod: missing operand\nTry 'chmod --help' for more information.\n");
      return o.done(1);
    }
    if (operands.length === 1) {
      o.err(`chmod: missing operand after ${q(spec)}\nTry 'chmod --help' for more information.\n`);
      return o.done(1);
    }
    if (parseMode(spec, 0, false) === null) {
      o.err(`chmod: invalid mode: ${q(spec)}\nTry 'chmod --help' for more information.\n`);
      return o.done(1);
    }
    let code = 0;
    const budget = { n: 0 };
    for (const op of operands.slice(1)) {
      if (!applyTo(ctx, resolvePath(ctx.state.cwd, op), op, spec, o, flags, budget)) code = 1;
    }
    return o.done(code);
  },
};
