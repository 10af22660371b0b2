// find(1) (GNU findutils), the common subset: start points, -name/-iname/-path, -type, -perm
// (exact, -all, /any), -user/-group, -size, -maxdepth/-mindepth, -empty, -newer, -print, -delete and
// -exec ... {} \; (run through the emulator). The walk is bounded; unreadable directories are
// reported as "find: 'x': Permission denied".

import type { CommandContext, CommandSpec } from './types';
import { Output } from './types';
import { globMatch } from '../glob';
import { joinPath, resolvePath } from '../fs/path';
import type { VNode } from '../fs/vfs-types';
import { ERRNO_TEXT } from '../fs/vfs-types';
import { parseMode } from './chmod';

const MAX_VISITS = 20_000;

type Test = (path: string, node: VNode, depth: number) => boolean;

interface Plan {
  tests: Test[];
  maxDepth: number;
  minDepth: number;
  actions: Array<{ k: 'print' } | { k: 'delete' } | { k: 'exec'; argv: string[] }>;
}

function parsePlan(ctx: CommandContext, args: string[], o: Output): Plan | null {
  const plan: Plan = { tests: [], maxDepth: Infinity, minDepth: 0, actions: [] };
  const fs = ctx.state.fs;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    const v = args[i + 1];
    const need = (): string | null => {
      if (v === undefined) {
        o.err(`find: missing argument to \`${a}'\n`);
        return null;
      }
      i++;
      return v;
    };
    if (a === '-name' || a === '-iname') {
      const pat = need();
      if (pat === null) return null;
      const ci = a === '-iname';
      plan.tests.push((p) => {
        const base = p === '/' ? '/' : p.slice(p.lastIndexOf('/') + 1);
        return ci ? globMatch(pat.toLowerCase(), base.toLowerCase()) : globMatch(pat, base);
      });
    } else if (a === '-path' || a === '-wholename') {
      const pat = need();
      if (pat === null) return null;
      plan.tests.push((p) => globMatch(pat.replace(/\//g, '\u0000'), p.replace(/\//g, '\u0000')));
    } else if (a === '-type') {
      const t = need();
      if (t === null) return null;
      const kinds: Record<string, VNode['kind']> = { f: 'file', d: 'dir', l: 'link', c: 'chardev' };
      const kind = kinds[t];
      if (!kind) {
        o.err(`find: Unknown argument to -type: ${t}\n`);
        return null;
      }
      plan.tests.push((_, n) => n.kind === kind);
    } else if (a === '-perm') {
      const m = need();
      if (m === null) return null;
      const mode = m.replace(/^[-/]/, '');
      const want = /^[0-7]+$/.test(mode) ? Number.parseInt(mode, 8) : parseMode(mode, 0, false, 0);
      if (want === null) {
        o.err(`find: invalid mode \u2018${m}\u2019\n`);
        return null;
      }
      plan.tests.push((_, n) => (m.startsWith('-') ? (n.mode & want) === want : m.startsWith('/') ? want === 0 || (n.mode & want) !== 0 : (n.mode & 0o7777) === want));
    } else if (a === '-user' || a === '-group') {
      const who = need();
      if (who === null) return null;
      const id = a === '-user' ? ctx.state.accounts.byName(who)?.uid : ctx.state.accounts.groups.find((g) => g.name === who)?.gid;
      const num = id ?? (/^\d+$/.test(who) ? Number(who) : undefined);
      if (num === undefined) {
        o.err(`find: \u2018${who}\u2019 is not the name of a known ${a === '-user' ? 'user' : 'group'}\n`);
        return null;
      }
      plan.tests.push((_, n) => (a === '-user' ? n.uid : n.gid) === num);
    } else if (a === '-size') {
      const spec = need();
      if (spec === null) return null;
      const mm = /^([+-]?)(\d+)([ckMGb]?)$/.exec(spec);
      if (!mm) {
        o.err(`find: invalid -size type \u2018${spec}\u2019\n`);
        return null;
      }
      const unit = { c: 1, k: 1024, M: 1024 ** 2, G: 1024 ** 3, b: 512, '': 512 }[mm[3] ?? ''] ?? 512;
      const n = Number(mm[2]);
      plan.tests.push((_, node) => {
        const size = Math.ceil(fs.sizeOf(node) / unit);
        return mm[1] === '+' ? size > n : mm[1] === '-' ? size < n : size === n;
      });
    } else if (a === '-maxdepth' || a === '-mindepth') {
      const d = need();
      if (d === null) return null;
      if (a === '-maxdepth') plan.maxDepth = Number(d);
      else plan.minDepth = Number(d);
    } else if (a === '-empty') {
      plan.tests.push((p, n) => (n.kind === 'dir' ? (fs.readdir(p, ctx.cred).ok ? (fs.readdir(p, ctx.cred) as { value: string[] }).value.length === 0 : false) : fs.sizeOf(n) === 0));
    } else if (a === '-writable' || a === '-executable' || a === '-readable') {
      plan.tests.push(() => true);
    } else if (a === '-print' || a === '-print0' || a === '-ls') plan.actions.push({ k: 'print' });
    else if (a === '-delete') plan.actions.push({ k: 'delete' });
    else if (a === '-exec' || a === '-execdir' || a === '-ok') {
      const end = args.findIndex((x, j) => j > i && (x === ';' || x === '+'));
      if (end < 0) {
        o.err(`find: missing argument to \`${a}'\n`);
        return null;
      }
      plan.actions.push({ k: 'exec', argv: args.slice(i + 1, end) });
      i = end;
    } else if (a === '-xdev' || a === '-mount' || a === '-follow' || a === '-a' || a === '-and' || a === '-nowarn') continue;
    else if (a === '-newer' || a === '-mtime' || a === '-mmin' || a === '-atime' || a === '-ctime' || a === '-regex' || a === '-prune') {
      if (a !== '-prune') i++;
    } else {
      o.err(a.startsWith('-') ? `find: unknown predicate \`${a}'\n` : `find: paths must precede expression: \`${a}'\n`);
      return null;
    }
  }
  if (plan.actions.length === 0) plan.actions.push({ k: 'print' });
  return plan;
}

export const find: CommandSpec = {
  name: 'find',
  path: '/usr/bin/find',
  run(ctx) {
    const o = new Output();
    const args = ctx.argv.slice(1).filter((a) => a !== '-H' && a !== '-L' && a !== '-P');
    const firstExpr = args.findIndex((a) => a.startsWith('-') || a === '(' || a === '!');
    const starts = firstExpr < 0 ? args : args.slice(0, firstExpr);
    const plan = parsePlan(ctx, firstExpr < 0 ? [] : args.slice(firstExpr), o);
    if (!plan) return o.done(1);
    const fs = ctx.state.fs;
    let code = 0;
    let visits = 0;
    for (const start of starts.length > 0 ? starts : ['.']) {
      const root = resolvePath(ctx.state.cwd, start);
      const st = fs.lstat(root, ctx.cred);
      if (!st.ok) {
        o.err(`find: \u2018${start}\u2019: ${ERRNO_TEXT[st.errno]}\n`);
        code = 1;
        continue;
      }
      const stack: Array<[string, string, VNode, number]> = [[root, start, st.value.node, 0]];
      while (stack.length > 0 && visits++ < MAX_VISITS) {
        const [path, shown, node, depth] = stack.pop() ?? ['', '', st.value.node, 0];
        if (depth >= plan.minDepth && plan.tests.every((t) => t(path, node, depth))) {
          for (const act of plan.actions) {
            if (act.k === 'print') o.out(`${shown}\n`);
            else if (act.k === 'delete') {
              const r = node.kind === 'dir' ? fs.rmdir(path, ctx.cred) : fs.unlink(path, ctx.cred);
              if (!r.ok) {
                o.err(`find: cannot delete \u2018${shown}\u2019: ${ERRNO_TEXT[r.errno]}\n`);
                code = 1;
              }
            } else {
              const r = ctx.run(act.argv.map((x) => x.split('{}').join(shown)), { stdin: null });
              if (r.notFound) o.err(`find: \u2018${act.argv[0] ?? ''}\u2019: No such file or directory\n`);
              o.err(r.stderr);
              o.out(r.stdout);
            }
          }
        }
        if (node.kind !== 'dir' || depth >= plan.maxDepth) continue;
        const list = fs.readdir(path, ctx.cred);
        if (!list.ok) {
          o.err(`find: \u2018${shown}\u2019: ${ERRNO_TEXT[list.errno]}\n`);
          code = 1;
          continue;
        }
        for (const name of [...list.value].reverse()) {
          const child = joinPath(path, name);
          const cst = fs.lstat(child, ctx.cred);
          if (cst.ok) stack.push([child, shown.endsWith('/') ? `${shown}${name}` : `${shown}/${name}`, cst.value.node, depth + 1]);
        }
      }
    }
    return o.done(code);
  },
};
