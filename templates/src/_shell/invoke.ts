// Command lookup and invocation: builtins first, then $PATH in the virtual filesystem; files run by
// their `exec` tag (fake binaries), as shell scripts through the emulator, or fail like the kernel
// would for foreign ELF files. Builds the CommandContext each command receives.

import type { Executor, Dialect } from './executor';
import type { CommandContext, CommandResult, CommandSpec, PipelineMember, RunOptions } from './commands/types';
import { allocPid, credOf } from './state';
import { resolvePath, joinPath } from './fs/path';
import { canAccess } from './fs/perms';
import type { VNode } from './fs/vfs-types';
import { ERRNO_TEXT } from './fs/vfs-types';
import { parseLine } from './parse-line';
import { OrderedCapture } from './sink';
import { LIMITS } from './limits';
import { busyboxErrors } from './commands/busybox-errors';

type Found = { kind: 'builtin'; spec: CommandSpec } | { kind: 'file'; path: string; node: VNode } | { kind: 'error'; message: string; code: number; notFound: boolean };

const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'rbash']);

const MAX_NESTED_RUNS = 32;

export class Invoker {
  /** Commands currently running other commands (sudo sudo ..., env env ..., find -exec find ...). */
  private nesting = 0;

  constructor(private readonly ex: Executor) {}

  private get state() {
    return this.ex.state;
  }

  /** Locate argv[0]: builtins (unless `external`), then a path or a $PATH search. */
  find(name: string, external: boolean, pathVar?: string): Found {
    const state = this.state;
    const cred = credOf(state);
    const prefix = this.ex.prefix();
    if (name.includes('/')) {
      const r = state.fs.stat(resolvePath(state.cwd, name), cred);
      if (!r.ok) return { kind: 'error', message: `${prefix}: ${name}: ${ERRNO_TEXT[r.errno]}\n`, code: r.errno === 'ENOENT' ? 127 : 126, notFound: r.errno === 'ENOENT' };
      if (r.value.node.kind === 'dir') return { kind: 'error', message: `${prefix}: ${name}: Is a directory\n`, code: 126, notFound: false };
      if (!canAccess(r.value.node, cred, 'x')) return { kind: 'error', message: `${prefix}: ${name}: Permission denied\n`, code: 126, notFound: false };
      return { kind: 'file', path: r.value.path, node: r.value.node };
    }
    if (!external) {
      const spec = this.ex.registry.get(name);
      if (spec?.builtin) return { kind: 'builtin', spec };
    }
    const dirs = (pathVar ?? state.vars.get('PATH') ?? '').split(':').slice(0, 64);
    for (const dir of dirs) {
      const full = dir === '' ? resolvePath(state.cwd, name) : joinPath(resolvePath(state.cwd, dir), name);
      const r = state.fs.stat(full, cred);
      if (r.ok && r.value.node.kind === 'file' && canAccess(r.value.node, cred, 'x')) return { kind: 'file', path: full, node: r.value.node };
    }
    return { kind: 'error', message: this.ex.notFoundMessage(name), code: 127, notFound: true };
  }

  context(argv: readonly string[], stdin: string | null, extraEnv: ReadonlyMap<string, string>, pid: number, pipeline: readonly PipelineMember[], tty = false): CommandContext {
    const state = this.state;
    const env = new Map<string, string>();
    for (const name of state.exported) {
      const v = state.vars.get(name);
      if (v !== undefined) env.set(name, v);
    }
    for (const [k, v] of extraEnv) env.set(k, v);
    return {
      argv,
      stdin,
      state,
      user: state.user,
      cred: credOf(state),
      now: state.clock(),
      pid,
      depth: this.ex.opts.depth,
      shellPrefix: this.ex.prefix(),
      pipeline,
      tty,
      env,
      run: (a, opts) => this.runCaptured(a, opts ?? {}),
      runScript: (source, o) => this.runScript(source, o.name, o.args, o.stdin, o.dialect),
    };
  }

  invoke(argv: readonly string[], stdin: string | null, extraEnv: ReadonlyMap<string, string>, member: PipelineMember | null, pipeline: readonly PipelineMember[], tty = false, external = false, pathVar?: string): CommandResult {
    const name = argv[0] ?? '';
    const found = this.find(name, external, pathVar);
    if (found.kind === 'error') return { stdout: '', stderr: found.message, code: found.code, notFound: found.notFound };
    if (found.kind === 'builtin') return this.safeRun(found.spec, this.context(argv, stdin, extraEnv, this.state.shellPid, pipeline, tty));
    const pid = member?.pid ?? allocPid(this.state);
    return this.runFile(found.path, found.node, argv, stdin, extraEnv, pid, pipeline, tty);
  }

  private safeRun(spec: CommandSpec, ctx: CommandContext): CommandResult {
    try {
      const result = spec.run(ctx);
      // Alpine and embedded userlands are BusyBox: its applets word file errors their own way.
      return ctx.state.persona.family === 'alpine' ? busyboxErrors(result) : result;
    } catch {
      // A bug in one emulated command must not end the session; look like a crashed process.
      return { stdout: '', stderr: 'Segmentation fault (core dumped)\n', code: 139 };
    }
  }

  private runFile(path: string, node: VNode, argv: readonly string[], stdin: string | null, extraEnv: ReadonlyMap<string, string>, pid: number, pipeline: readonly PipelineMember[], tty: boolean): CommandResult {
    const state = this.state;
    const name = argv[0] ?? path;
    const prefix = this.ex.prefix();
    if (node.exec !== undefined) {
      const spec = this.ex.registry.get(node.exec);
      if (spec) return this.safeRun(spec, this.context(argv, stdin, extraEnv, pid, pipeline, tty));
    }
    const data = state.fs.readFile(path, credOf(state));
    if (!data.ok) return { stdout: '', stderr: `${prefix}: ${name}: ${ERRNO_TEXT[data.errno]}\n`, code: 126 };
    const content = data.value;
    if (content.startsWith('\x7fELF')) {
      const machine = content.charCodeAt(18);
      const native = state.persona.arch === 'aarch64' || state.persona.arch === 'arm64' ? 0xb7 : 0x3e;
      if (machine === native && content.length > 64) return { stdout: '', stderr: 'Segmentation fault (core dumped)\n', code: 139 };
      return { stdout: '', stderr: `${prefix}: ${name}: cannot execute binary file: Exec format error\n`, code: 126 };
    }
    let dialect: Dialect = 'bash';
    if (content.startsWith('#!')) {
      const first = content.slice(2, content.indexOf('\n') < 0 ? content.length : content.indexOf('\n')).trim();
      const [interp = '', arg = ''] = first.split(/[ \t]+/);
      const shell = interp.endsWith('/env') ? arg : (interp.split('/').pop() ?? '');
      const exists = interp.endsWith('/env') ? this.find(arg, true).kind === 'file' : state.fs.stat(interp, credOf(state)).ok;
      if (!exists || !SHELLS.has(shell)) return { stdout: '', stderr: `${prefix}: ${name}: ${interp}: bad interpreter: No such file or directory\n`, code: 126 };
      dialect = shell === 'bash' ? 'bash' : 'sh';
    }
    return this.runScript(content, name, argv.slice(1), stdin, dialect);
  }

  runScript(source: string, name: string, args: readonly string[], stdin: string | null, dialect: Dialect): CommandResult {
    const child = this.ex.child({ dialect, name, positional: args });
    if (!child) return { stdout: '', stderr: `${this.ex.prefix()}: fork: retry: Resource temporarily unavailable\n`, code: 254 };
    const text = source.split('\n').slice(0, LIMITS.maxScriptLines).join('\n');
    const parsed = parseLine(text, new Map());
    if (!parsed.ok) {
      const msg = parsed.incomplete ? 'syntax error: unexpected end of file' : parsed.message;
      return { stdout: '', stderr: dialect === 'sh' ? `${name}: 1: Syntax error: ${msg.replace('syntax error near ', '')}\n` : `${name}: line 1: ${msg}\n`, code: 2 };
    }
    void stdin;
    const cap = new OrderedCapture(LIMITS.maxCommandOutputBytes);
    const snap = this.ex.snapshot();
    const outcome = child.runItems(parsed.items, 0, { fd1: { kind: 'sink', sink: cap.out }, fd2: { kind: 'sink', sink: cap.err } });
    this.ex.restore(snap);
    return { stdout: cap.out.text(), stderr: cap.err.text(), code: outcome.status, chunks: cap.chunks };
  }

  /** CommandContext.run: an external command by argv, output captured (sudo, env, nohup, xargs). */
  runCaptured(argv: readonly string[], opts: RunOptions): CommandResult {
    if (argv.length === 0) return { stdout: '', stderr: '', code: 0 };
    if (++this.state.commandsThisLine > LIMITS.maxCommandsPerLine || this.nesting >= MAX_NESTED_RUNS) {
      return { stdout: '', stderr: `${this.ex.prefix()}: fork: retry: Resource temporarily unavailable\n`, code: 254 };
    }
    const member: PipelineMember = { pid: allocPid(this.state), cmdline: argv.join(' ').slice(0, 4096) };
    this.nesting++;
    try {
      return this.invoke(argv, opts.stdin ?? null, opts.env ?? new Map(), member, [member], false, true, opts.path);
    } finally {
      this.nesting--;
    }
  }
}
