// test / [ (bash builtins, also /usr/bin/test and /usr/bin/[): file tests (-e -f -d -r -w -x -s -L),
// string tests (-z -n = == !=), integer comparisons (-eq -ne -lt -le -gt -ge), ! -a -o and ( ).

import type { CommandContext, CommandSpec } from './types';
import { err, out } from './types';
import { resolvePath } from '../fs/path';
import { canAccess } from '../fs/perms';

class TestError extends Error {}

const UNARY = new Set(['-e', '-f', '-d', '-r', '-w', '-x', '-s', '-L', '-h', '-z', '-n', '-b', '-c', '-p', '-S', '-g', '-u', '-k', '-O', '-G', '-t']);
const BINARY = new Set(['=', '==', '!=', '-eq', '-ne', '-lt', '-le', '-gt', '-ge', '<', '>']);

function unary(ctx: CommandContext, op: string, arg: string): boolean {
  if (op === '-z') return arg === '';
  if (op === '-n') return arg !== '';
  if (op === '-t') return arg === '0' || arg === '1' || arg === '2';
  const fs = ctx.state.fs;
  const path = resolvePath(ctx.state.cwd, arg);
  if (op === '-L' || op === '-h') {
    const l = fs.lstat(path, ctx.cred);
    return l.ok && l.value.node.kind === 'link';
  }
  const st = fs.stat(path, ctx.cred);
  if (!st.ok) return false;
  const n = st.value.node;
  switch (op) {
    case '-e': return true;
    case '-f': return n.kind === 'file';
    case '-d': return n.kind === 'dir';
    case '-c': return n.kind === 'chardev';
    case '-r': return canAccess(n, ctx.cred, 'r');
    case '-w': return canAccess(n, ctx.cred, 'w') && n.special !== 'proc';
    case '-x': return canAccess(n, ctx.cred, 'x');
    case '-s': return fs.sizeOf(n) > 0;
    case '-u': return (n.mode & 0o4000) !== 0;
    case '-g': return (n.mode & 0o2000) !== 0;
    case '-k': return (n.mode & 0o1000) !== 0;
    case '-O': return n.uid === ctx.cred.uid;
    case '-G': return n.gid === ctx.cred.gid;
    default: return false;
  }
}

function int(prefix: string, v: string): number {
  if (!/^\s*-?\d+\s*$/.test(v)) throw new TestError(`${prefix}: ${v}: integer expression expected`);
  return Number.parseInt(v, 10);
}

function binary(prefix: string, a: string, op: string, b: string): boolean {
  switch (op) {
    case '=': case '==': return a === b;
    case '!=': return a !== b;
    case '<': return a < b;
    case '>': return a > b;
    case '-eq': return int(prefix, a) === int(prefix, b);
    case '-ne': return int(prefix, a) !== int(prefix, b);
    case '-lt': return int(prefix, a) < int(prefix, b);
    case '-le': return int(prefix, a) <= int(prefix, b);
    case '-gt': return int(prefix, a) > int(prefix, b);
    default: return int(prefix, a) >= int(prefix, b);
  }
}

function evaluate(ctx: CommandContext, prefix: string, args: readonly string[]): boolean {
  let i = 0;
  const orExpr = (): boolean => {
    let v = andExpr();
    while (args[i] === '-o') {
      i++;
      v = andExpr() || v;
    }
    return v;
  };
  const andExpr = (): boolean => {
    let v = notExpr();
    while (args[i] === '-a') {
      i++;
      v = notExpr() && v;
    }
    return v;
  };
  const notExpr = (): boolean => {
    if (args[i] === '!' && i + 1 < args.length) {
      i++;
      return !notExpr();
    }
    return primary();
  };
  const primary = (): boolean => {
    const a = args[i];
    if (a === undefined) throw new TestError(`${prefix}: argument expected`);
    if (a === '(' && args.length - i > 2) {
      i++;
      const v = orExpr();
      if (args[i] !== ')') throw new TestError(`${prefix}: \`)' expected`);
      i++;
      return v;
    }
    const op = args[i + 1];
    if (op !== undefined && BINARY.has(op) && args[i + 2] !== undefined) {
      i += 3;
      return binary(prefix, a, op, args[i - 1] ?? '');
    }
    if (UNARY.has(a) && args[i + 1] !== undefined) {
      i += 2;
      return unary(ctx, a, args[i - 1] ?? '');
    }
    i++;
    return a !== '';
  };
  if (args.length === 0) return false;
  const v = orExpr();
  if (i < args.length) throw new TestError(`${prefix}: too many arguments`);
  return v;
}

function makeTest(name: 'test' | '['): CommandSpec {
  return {
    name,
    path: `/usr/bin/${name}`,
    builtin: true,
    run(ctx) {
      let args = ctx.argv.slice(1);
      const prefix = `${ctx.shellPrefix}: ${name}`;
      if (name === '[') {
        if (args[args.length - 1] !== ']') return err(`${prefix}: missing \`]'\n`, 2);
        args = args.slice(0, -1);
      }
      try {
        return out('', evaluate(ctx, prefix, args.slice(0, 64)) ? 0 : 1);
      } catch (e) {
        if (e instanceof TestError) return err(`${e.message}\n`, 2);
        throw e;
      }
    },
  };
}

export const test = makeTest('test');
export const bracket = makeTest('[');
