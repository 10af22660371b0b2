// Redirections of one command (bash(1) "REDIRECTION"), applied left to right onto a small fd table:
// files are opened (created/truncated) before the command runs, written after it finishes, and every
// failure uses bash's wording ("-bash: f: Permission denied", "ambiguous redirect").

import type { Redir } from './parse-line';
import type { ShellState } from './state';
import { credOf } from './state';
import type { Sink } from './sink';
import { ERRNO_TEXT } from './fs/vfs-types';
import { canAccess } from './fs/perms';
import { resolvePath } from './fs/path';
import { LIMITS } from './limits';

export type Dest =
  | { kind: 'sink'; sink: Sink; tty?: boolean }
  | { kind: 'file'; path: string; chunks: string[]; size: number; proc: boolean }
  | { kind: 'null' }
  | { kind: 'closed' };

export interface FdTable {
  stdin: string | null;
  fds: Map<number, Dest>;
  /** Files opened by this command's own redirections (inherited ones are flushed by their owner). */
  opened?: Set<Dest>;
}

export type RedirTarget = { ok: true; value: string } | { ok: false; error: string };

export function writeTo(dest: Dest | undefined, text: string): void {
  if (!dest || text === '') return;
  if (dest.kind === 'sink') dest.sink.write(text);
  else if (dest.kind === 'file' && dest.size < LIMITS.maxOverlayBytes) {
    dest.chunks.push(text);
    dest.size += text.length;
  }
}

function openFile(state: ShellState, target: string, append: boolean): { ok: true; dest: Dest } | { ok: false; error: string } {
  const cred = credOf(state);
  const path = resolvePath(state.cwd, target);
  const existing = state.fs.stat(path, cred);
  if (existing.ok) {
    const node = existing.value.node;
    if (node.kind === 'chardev') return { ok: true, dest: { kind: 'null' } };
    if (node.kind === 'dir') return { ok: false, error: `${target}: ${ERRNO_TEXT.EISDIR}` };
    if (node.special === 'proc') {
      if (!canAccess(node, cred, 'w')) return { ok: false, error: `${target}: ${ERRNO_TEXT.EACCES}` };
      return { ok: true, dest: { kind: 'file', path, chunks: [], size: 0, proc: true } };
    }
  }
  const opened = state.fs.writeFile(path, '', cred, append);
  if (!opened.ok) return { ok: false, error: `${target}: ${ERRNO_TEXT[opened.errno]}` };
  return { ok: true, dest: { kind: 'file', path, chunks: [], size: 0, proc: false } };
}

/**
 * Apply redirections to `table` (mutated). `expand` turns a target word into one string or an
 * error message. Returns an error message (without the shell prefix) or null.
 */
export function applyRedirs(state: ShellState, table: FdTable, redirs: readonly Redir[], expand: (r: Redir) => RedirTarget, expandBody: (r: Redir) => string): string | null {
  for (const r of redirs) {
    if (r.op === '<<') {
      table.stdin = r.bodyWord ? expandBody(r) : (r.body ?? '');
      continue;
    }
    const t = expand(r);
    if (!t.ok) return t.error;
    const target = t.value;
    if (r.op === '<<<') {
      table.stdin = `${target}\n`;
      continue;
    }
    if (r.op === '<') {
      const data = state.fs.readFile(resolvePath(state.cwd, target), credOf(state));
      if (!data.ok) return `${target}: ${ERRNO_TEXT[data.errno]}`;
      table.stdin = data.value;
      continue;
    }
    if (r.op === '<&') continue;
    const fd = r.fd ?? 1;
    if (r.op === '>&' && /^\d+$/.test(target)) {
      const src = table.fds.get(Number.parseInt(target, 10));
      if (!src) return `${target}: Bad file descriptor`;
      table.fds.set(fd, src);
      continue;
    }
    if (r.op === '>&' && target === '-') {
      table.fds.set(fd, { kind: 'closed' });
      continue;
    }
    const both = r.op === '&>' || r.op === '&>>' || (r.op === '>&' && r.fd === null);
    const opened = openFile(state, target, r.op === '>>' || r.op === '&>>');
    if (!opened.ok) return opened.error;
    (table.opened ??= new Set()).add(opened.dest);
    table.fds.set(both ? 1 : fd, opened.dest);
    if (both) table.fds.set(2, opened.dest);
  }
  return null;
}

/** Write buffered file output into the VFS; returns write-error messages (bash/coreutils wording). */
export function flushFiles(state: ShellState, table: FdTable, argv0: string, builtin: boolean, prefix: string): string {
  let errors = '';
  for (const dest of table.opened ?? []) {
    if (dest.kind !== 'file' || dest.size === 0) continue;
    const text = dest.chunks.join('');
    const fail = dest.proc ? 'EIO' : (() => {
      const w = state.fs.writeFile(dest.path, text, credOf(state), true);
      return w.ok ? null : w.errno;
    })();
    if (fail) errors += builtin ? `${prefix}: ${argv0}: write error: ${ERRNO_TEXT[fail]}\n` : `${argv0}: write error: ${ERRNO_TEXT[fail]}\n`;
  }
  return errors;
}
