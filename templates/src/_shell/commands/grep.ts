// grep(1) (GNU): BRE by default, -E/egrep extended, -F/fgrep fixed strings, with -i -v -c -n -l -L
// -o -w -x -q -s -h -H -r -e; file errors worded like GNU grep. Patterns run on the NFA engine in
// regex-lite.ts, never on RegExp.

import type { CommandContext, CommandSpec } from './types';
import { Output } from './types';
import { getopt } from './getopt';
import { readInput, splitLines } from './inputs';
import { compileRegex } from './regex-lite';
import type { Regex } from './regex-lite';
import { ERRNO_TEXT } from '../fs/vfs-types';
import { joinPath, resolvePath } from '../fs/path';
import { LIMITS } from '../limits';

function fixed(needle: string, icase: boolean): Regex {
  const n = icase ? needle.toLowerCase() : needle;
  return {
    exec(line, from = 0) {
      const hay = icase ? line.toLowerCase() : line;
      const at = hay.indexOf(n, from);
      return at < 0 ? null : [at, at + n.length];
    },
    test(line) {
      return (icase ? line.toLowerCase() : line).includes(n);
    },
  };
}

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9_]/.test(c);
}

/** Files under `root` for -r (bounded), skipping unreadable directories like GNU grep -s. */
function walk(ctx: CommandContext, root: string, o: Output, quiet: boolean): string[] {
  const files: string[] = [];
  const stack = [root];
  while (stack.length > 0 && files.length < LIMITS.maxWalkEntries) {
    const dir = stack.pop() ?? '';
    const list = ctx.state.fs.readdir(resolvePath(ctx.state.cwd, dir), ctx.cred);
    if (!list.ok) {
      if (!quiet) o.err(`grep: ${dir}: ${ERRNO_TEXT[list.errno]}\n`);
      continue;
    }
    for (const name of [...list.value].reverse()) {
      const child = dir === '.' ? name : joinPath(dir, name);
      const st = ctx.state.fs.lstat(resolvePath(ctx.state.cwd, child), ctx.cred);
      if (!st.ok || st.value.node.kind === 'link') continue;
      if (st.value.node.kind === 'dir') stack.push(child);
      else files.push(child);
    }
  }
  return files;
}

function makeGrep(name: string, mode: 'basic' | 'extended' | 'fixed'): CommandSpec {
  return {
    name,
    path: `/usr/bin/${name}`,
    run(ctx) {
      const o = new Output();
      const parsed = getopt('grep', ctx.argv.slice(1), {
        flags: 'EFGivcnlLowxqshHrRIaz',
        withArg: 'emABC',
        long: { 'extended-regexp': 'E', 'fixed-strings': 'F', 'ignore-case': 'i', 'invert-match': 'v', count: 'c', 'line-number': 'n', 'files-with-matches': 'l', 'files-without-match': 'L', 'only-matching': 'o', 'word-regexp': 'w', 'line-regexp': 'x', quiet: 'q', silent: 'q', 'no-messages': 's', 'no-filename': 'h', 'with-filename': 'H', recursive: 'r', 'dereference-recursive': 'R', 'regexp=': 'e', 'max-count=': 'm', 'color=': 'color', colour: 'color', 'colour=': 'color', color: 'color', 'include=': 'include', 'exclude=': 'exclude' },
      });
      if (!parsed.ok) {
        o.err(parsed.error.replace("Try 'grep --help'", "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help'"));
        return o.done(2);
      }
      const f = parsed.opts.flags;
      const operands = [...parsed.opts.operands];
      const patterns = parsed.opts.all.get('e') ?? [];
      if (patterns.length === 0) {
        const p = operands.shift();
        if (p === undefined) {
          o.err("Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n");
          return o.done(2);
        }
        patterns.push(...p.split('\n'));
      }
      const icase = f.has('i');
      const kind = f.has('F') ? 'fixed' : f.has('E') ? 'extended' : mode;
      const matchers: Regex[] = [];
      for (const p of patterns) {
        if (kind === 'fixed') matchers.push(fixed(p, icase));
        else {
          const c = compileRegex(p, { extended: kind === 'extended', icase });
          if (!c.ok) {
            o.err(`grep: ${c.error}\n`);
            return o.done(2);
          }
          matchers.push(c.re);
        }
      }
      const findMatch = (line: string, from: number): [number, number] | null => {
        let best: [number, number] | null = null;
        for (const m of matchers) {
          let start = from;
          while (start <= line.length) {
            const r = m.exec(line, start);
            if (!r) break;
            const ok = (!f.has('w') || (!isWordChar(line[r[0] - 1]) && !isWordChar(line[r[1]]))) && (!f.has('x') || (r[0] === 0 && r[1] === line.length));
            if (ok) {
              if (!best || r[0] < best[0] || (r[0] === best[0] && r[1] > best[1])) best = r;
              break;
            }
            start = r[0] + 1;
          }
        }
        return best;
      };
      const recursive = f.has('r') || f.has('R');
      let files = operands.length === 0 ? (recursive ? ['.'] : ['-']) : operands;
      if (recursive) files = files.flatMap((p) => {
        const st = ctx.state.fs.stat(resolvePath(ctx.state.cwd, p), ctx.cred);
        return st.ok && st.value.node.kind === 'dir' ? walk(ctx, p, o, f.has('s')) : [p];
      });
      const showName = f.has('H') || (!f.has('h') && (files.length > 1 || recursive));
      const maxCount = parsed.opts.values.has('m') ? Number.parseInt(parsed.opts.values.get('m') ?? '0', 10) : Infinity;
      let anyMatch = false;
      let error = false;
      for (const file of files) {
        const input = readInput(ctx, file);
        if (!input.ok) {
          if (!f.has('s')) o.err(`grep: ${file}: ${ERRNO_TEXT[input.errno]}\n`);
          if (input.errno !== 'EISDIR') error = true;
          continue;
        }
        const label = file === '-' ? '(standard input)' : file;
        let count = 0;
        const lines = splitLines(input.text);
        for (let i = 0; i < lines.length && count < maxCount; i++) {
          const line = lines[i] ?? '';
          const m = findMatch(line, 0);
          if ((m !== null) === f.has('v')) continue;
          count++;
          anyMatch = true;
          if (f.has('q')) return o.done(0);
          if (f.has('l') || f.has('L') || f.has('c')) continue;
          const prefix = `${showName ? `${label}:` : ''}${f.has('n') ? `${i + 1}:` : ''}`;
          if (f.has('o') && !f.has('v') && m) {
            let from = 0;
            let hit = findMatch(line, from);
            let guard = 0;
            while (hit && guard++ < 1000) {
              if (hit[1] > hit[0]) o.out(`${prefix}${line.slice(hit[0], hit[1])}\n`);
              from = Math.max(hit[1], hit[0] + 1);
              hit = from <= line.length ? findMatch(line, from) : null;
            }
          } else o.out(`${prefix}${line}\n`);
          if (o.stdoutSize >= LIMITS.maxCommandOutputBytes) break;
        }
        if (f.has('c')) o.out(`${showName ? `${label}:` : ''}${count}\n`);
        if (f.has('l') && count > 0) o.out(`${label}\n`);
        if (f.has('L') && count === 0) o.out(`${label}\n`);
      }
      return o.done(error && !(f.has('q') && anyMatch) ? 2 : anyMatch ? 0 : 1);
    },
  };
}

export const grep = makeGrep('grep', 'basic');
export const egrep = makeGrep('egrep', 'extended');
export const fgrep = makeGrep('fgrep', 'fixed');
