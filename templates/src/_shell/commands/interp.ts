// perl and python3: version banners of the persona's packages and the one-liners attackers run
// (print, os.system/system, pty.spawn, socket connects); statements are matched by hand, never
// evaluated. Anything larger runs "silently" (exit 0, no output), as a script with no reachable peer would.

import type { CommandContext, CommandResult, CommandSpec } from './types';
import { Output, err, out } from './types';
import { upstream } from '../sys/packages';
import { evalArith } from '../arith';
import { enterShell } from './switch-user';

const MAX_PROGRAM = 4096;
const MAX_STATEMENTS = 32;

/** A quoted literal: '...' (raw) or "..." (\n \t \\ \" escapes); null when `text` is not exactly one. */
function literal(text: string): string | null {
  const t = text.trim();
  const m = /^(['"])([\s\S]*)\1$/.exec(t);
  if (!m || (m[2] ?? '').includes(m[1] ?? '')) return null;
  const body = m[2] ?? '';
  if (m[1] === "'") return body;
  return body.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
}

/** Split on `;` outside quotes and brackets. */
function statements(src: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote = '';
  let depth = 0;
  for (const c of src.slice(0, MAX_PROGRAM)) {
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if ((c === ';' || c === '\n') && depth === 0) {
      if (cur.trim() !== '') out.push(cur.trim());
      cur = '';
      continue;
    }
    cur += c;
  }
  if (cur.trim() !== '') out.push(cur.trim());
  return out.slice(0, MAX_STATEMENTS);
}

function value(expr: string, python: boolean): string | null {
  const lit = literal(expr);
  if (lit !== null) return lit;
  const e = expr.trim();
  if (/^[\d\s+\-*%()]+$/.test(e) || (python && /^[\d\s+\-*%()/]+$/.test(e) && !/[^/]\/[^/]/.test(e))) {
    const r = evalArith(e.replaceAll('//', '/'), () => undefined);
    return r.ok ? String(r.value) : null;
  }
  return null;
}

function runCommand(ctx: CommandContext, o: Output, cmd: string): void {
  const r = ctx.runScript(cmd, { name: 'sh', args: [], stdin: null, dialect: 'sh' });
  o.out(r.stdout);
  o.err(r.stderr);
}

function spawnShell(ctx: CommandContext): void {
  if (ctx.depth === 0) enterShell(ctx.state, ctx.state.user, { login: false, via: null, shellCommand: 'bash' });
}

function python(ctx: CommandContext, src: string): CommandResult {
  const o = new Output();
  const modules = new Set(['os', 'sys', 'socket', 'subprocess', 'pty', 'base64', 'platform', 'time', 'json', 're', 'threading', 'urllib.request', 'requests']);
  for (const st of statements(src)) {
    const imp = /^(?:import|from)\s+([\w.]+(?:\s*,\s*[\w.]+)*)/.exec(st);
    if (imp) {
      const missing = (imp[1] ?? '').split(',').map((m) => m.trim()).find((m) => !modules.has(m) || m === 'requests');
      if (missing !== undefined) {
        o.err(`Traceback (most recent call last):\n  File "<string>", line 1, in <module>\nModuleNotFoundError: No module named '${missing.split('.')[0] ?? missing}'\n`);
        return o.done(1);
      }
      continue;
    }
    const print = /^print\(([\s\S]*)\)$/.exec(st);
    if (print) {
      const v = value(print[1] ?? '', true);
      if (v !== null) o.out(`${v}\n`);
      continue;
    }
    const sys = /^(?:os\.system|subprocess\.(?:call|run|Popen|check_output))\(\s*(['"][^'"]*['"])/.exec(st);
    if (sys) {
      const cmd = literal(sys[1] ?? '');
      if (cmd !== null) runCommand(ctx, o, cmd);
      continue;
    }
    if (/^pty\.spawn\(/.test(st) || /^os\.exec/.test(st)) {
      spawnShell(ctx);
      return o.done(0);
    }
    if (/\.connect\(|create_connection\(|urlopen\(/.test(st)) {
      o.err(`Traceback (most recent call last):\n  File "<string>", line 1, in <module>\nConnectionRefusedError: [Errno 111] Connection refused\n`);
      return o.done(1);
    }
  }
  return o.done(0);
}

function perlRun(ctx: CommandContext, src: string): CommandResult {
  const o = new Output();
  for (const st of statements(src)) {
    const print = /^print\s*\(?([\s\S]*?)\)?$/.exec(st);
    if (print) {
      const v = value(print[1] ?? '', false);
      if (v !== null) o.out(v);
      continue;
    }
    const sys = /^(?:system|exec)\s*\(?\s*(['"][^'"]*['"])/.exec(st) ?? /^`([^`]*)`$/.exec(st);
    if (sys) {
      const cmd = literal(sys[1] ?? '') ?? sys[1] ?? '';
      if (/^\/bin\/(ba)?sh(\s+-i)?$/.test(cmd.trim())) spawnShell(ctx);
      else runCommand(ctx, o, cmd);
      if (st.startsWith('exec')) return o.done(0);
    }
  }
  return o.done(0);
}

export const perl: CommandSpec = {
  name: 'perl',
  path: '/usr/bin/perl',
  run(ctx) {
    const p = ctx.state.persona;
    const v = upstream(p, p.family === 'rhel' ? 'perl-interpreter' : 'perl-base', '5.36.0');
    const [maj, min, sub] = v.split('.');
    const a = ctx.argv.slice(1);
    if (a[0] === '-v') return out(`\nThis is perl ${maj}, version ${min}, subversion ${sub} (v${v}) built for ${p.arch}-linux-gnu-thread-multi\n(with ${40 + (Number(min) % 30)} registered patches, see perl -V for more detail)\n\nCopyright 1987-2022, Larry Wall\n\nPerl may be copied only under the terms of either the Artistic License or the\nGNU General Public License, which may be found in the Perl 5 source kit.\n\nComplete documentation for Perl, including FAQ lists, should be found on\nthis system using "man perl" or "perldoc perl".  If you have access to the\nInternet, point your browser at https://www.perl.org/, the Perl Home Page.\n\n`);
    const e = a.findIndex((x) => x === '-e' || x === '-E' || /^-\w*e$/.test(x));
    if (e >= 0) return perlRun(ctx, a[e + 1] ?? '');
    if (a[0] !== undefined && !a[0].startsWith('-')) {
      const r = ctx.state.fs.readFile(a[0].startsWith('/') ? a[0] : `${ctx.state.cwd}/${a[0]}`, ctx.cred);
      return r.ok ? perlRun(ctx, r.value) : err(`Can't open perl script "${a[0]}": No such file or directory\n`, 2);
    }
    return perlRun(ctx, ctx.stdin ?? '');
  },
};

export const python3: CommandSpec = {
  name: 'python3',
  path: '/usr/bin/python3',
  run(ctx) {
    const v = upstream(ctx.state.persona, 'python3', '3.11.2');
    const a = ctx.argv.slice(1);
    if (a[0] === '-V' || a[0] === '--version') return out(`Python ${v}\n`);
    if (a[0] === '-c') return a[1] === undefined ? err('Argument expected for the -c option\nusage: python3 [option] ... [-c cmd | -m mod | file | -] [arg] ...\nTry `python -h\' for more information.\n', 2) : python(ctx, a[1]);
    if (a[0] !== undefined && !a[0].startsWith('-')) {
      const r = ctx.state.fs.readFile(a[0].startsWith('/') ? a[0] : `${ctx.state.cwd}/${a[0]}`, ctx.cred);
      return r.ok ? python(ctx, r.value) : err(`python3: can't open file '${a[0].startsWith('/') ? a[0] : `${ctx.state.cwd}/${a[0]}`}': [Errno 2] No such file or directory\n`, 2);
    }
    if (ctx.stdin !== null) return python(ctx, ctx.stdin);
    return out(`Python ${v} (main, Mar 13 2023, 12:18:29) [GCC 12.2.0] on linux\nType "help", "copyright", "credits" or "license" for more information.\n>>> \n`);
  },
};
