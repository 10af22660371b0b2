// Tab completion over the session's state, as bash's readline (busybox ash's lineedit on Alpine) does
// it without programmable completion: the first word completes commands (aliases, builtins, keywords
// and the executables found along $PATH, so it agrees with `which` and "not found"), later words
// complete paths in the virtual filesystem, `~user` and `$VAR`. Bounded: candidates and scans are capped.

import type { ShellState } from './state';
import { credOf, homeOf } from './state';
import type { Registry } from './commands/index';
import { canAccess } from './fs/perms';
import { joinPath, normalize } from './fs/path';
import { compareNames } from './commands/ls-format';
import { shellName } from './flavor';
import { quoteFor, wordAt } from './complete-word';

const MAX_MATCHES = 4096;
const MAX_SCAN = 20_000;
const MAX_PREFIX_CHARS = 255;

/** bash's reserved words: readline offers them for the first word too. */
const KEYWORDS = ['!', '[[', ']]', 'case', 'coproc', 'do', 'done', 'elif', 'else', 'esac', 'fi', 'for', 'function', 'if', 'in', 'select', 'then', 'time', 'until', 'while', '{', '}'];

export interface Completion {
  /** The text of line[start, cursor) is replaced by `text`. */
  start: number;
  /** Replacement: the completed word (quoted as typed), the common prefix when ambiguous. */
  text: string;
  /** Candidates as the listing shows them (basename, "/" after directories), sorted; capped. */
  matches: string[];
  /** Number of candidates before the cap. */
  total: number;
  /** bash (readline) or busybox ash (lineedit): they list and redraw differently. */
  style: 'readline' | 'busybox';
}

interface Candidate {
  name: string;
  dir: boolean;
}

export function completeCommand(state: ShellState, registry: Registry, prefix: string): string[] {
  return commandCandidates(state, registry, prefix.slice(0, MAX_PREFIX_CHARS), false).map((c) => c.name);
}

function commandCandidates(state: ShellState, registry: Registry, p: string, withKeywordsAndDirs: boolean): Candidate[] {
  const cred = credOf(state);
  const found = new Map<string, Candidate>();
  const add = (name: string, dir = false): void => {
    if (found.size < MAX_MATCHES && !found.has(name)) found.set(name, { name, dir });
  };
  for (const name of state.aliases.keys()) if (name.startsWith(p)) add(name);
  if (withKeywordsAndDirs) for (const k of KEYWORDS) if (k.startsWith(p)) add(k);
  for (const name of registry.names()) if (registry.isBuiltin(name) && name.startsWith(p)) add(name);
  let scanned = 0;
  for (const dir of (state.vars.get('PATH') ?? '').split(':').filter((d) => d.startsWith('/')).slice(0, 64)) {
    const list = state.fs.readdir(dir, cred);
    if (!list.ok) continue;
    for (const name of list.value) {
      if (++scanned > MAX_SCAN || found.size >= MAX_MATCHES) break;
      if (!name.startsWith(p) || found.has(name)) continue;
      const st = state.fs.stat(joinPath(dir, name), cred);
      if (st.ok && st.value.node.kind === 'file' && canAccess(st.value.node, cred, 'x')) add(name);
    }
  }
  // bash also offers the current directory's subdirectories for a command name (autocd-style).
  if (withKeywordsAndDirs) for (const c of fileCandidates(state, state.cwd, p, 'dirs')) add(c.name, true);
  return [...found.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Entries of `dir` starting with `prefix`; "." and ".." only when the prefix starts with a dot. */
function fileCandidates(state: ShellState, dir: string, prefix: string, want: 'all' | 'dirs' | 'exec'): Candidate[] {
  const cred = credOf(state);
  const list = state.fs.readdir(dir, cred);
  if (!list.ok) return [];
  const names = prefix.startsWith('.') ? ['.', '..', ...list.value] : list.value;
  const out: Candidate[] = [];
  let scanned = 0;
  for (const name of names) {
    if (++scanned > MAX_SCAN || out.length >= MAX_MATCHES) break;
    if (!name.startsWith(prefix)) continue;
    const st = state.fs.stat(joinPath(dir, name), cred);
    const isDir = st.ok && st.value.node.kind === 'dir';
    if (want === 'dirs' && !isDir) continue;
    if (want === 'exec' && !isDir && !(st.ok && canAccess(st.value.node, cred, 'x'))) continue;
    out.push({ name, dir: isDir });
  }
  return out;
}

function commonPrefix(names: readonly string[]): string {
  let prefix = names[0] ?? '';
  for (const n of names) {
    let i = 0;
    while (i < prefix.length && i < n.length && prefix[i] === n[i]) i++;
    prefix = prefix.slice(0, i);
  }
  return prefix;
}

/** Completion of the word before `cursor` in `line`. */
export function completeAt(state: ShellState, registry: Registry, line: string, cursor: number): Completion {
  const style = shellName(state.persona) === 'bash' ? 'readline' : 'busybox';
  const word = wordAt(line.slice(0, 4096), cursor);
  const lit = word.literal.slice(0, MAX_PREFIX_CHARS);
  const none: Completion = { start: word.start, text: word.raw, matches: [], total: 0, style };
  const locale = state.vars.get('LC_ALL') ?? state.vars.get('LANG') ?? 'C';
  const cred = credOf(state);

  // What is matched (the last path component), and how a candidate becomes the word's new text.
  let cands: Candidate[];
  let typed: string;
  let suffixOf: (c: Candidate) => string = (c) => (c.dir ? '/' : ' ');
  if (word.quote === '' && lit.startsWith('$') && /^\$[A-Za-z0-9_]*$/.test(lit)) {
    typed = lit.slice(1);
    cands = [...state.vars.keys()].filter((k) => k.startsWith(typed)).slice(0, MAX_MATCHES).map((name) => {
      const value = state.vars.get(name) ?? '';
      const st = value.startsWith('/') ? state.fs.stat(value, cred) : undefined;
      return { name, dir: st?.ok === true && st.value.node.kind === 'dir' };
    });
  } else if (word.quote === '' && /^~[^/]*$/.test(lit) && word.raw.startsWith('~')) {
    typed = lit.slice(1);
    cands = state.accounts.users.filter((u) => u.name.startsWith(typed)).map((u) => ({ name: u.name, dir: true }));
  } else if (word.commandPosition && !lit.includes('/')) {
    typed = lit;
    cands = commandCandidates(state, registry, lit, style === 'readline');
    if (style === 'busybox') cands = cands.filter((c) => !c.dir);
  } else {
    const slash = lit.lastIndexOf('/');
    const dirPart = slash >= 0 ? lit.slice(0, slash + 1) : '';
    typed = lit.slice(slash + 1);
    let base = dirPart;
    const tilde = /^~([^/]*)\//.exec(dirPart);
    if (tilde && word.raw.startsWith('~')) {
      const home = tilde[1] === '' ? homeOf(state) : state.accounts.byName(tilde[1] ?? '')?.home;
      if (home === undefined) return none;
      base = home + dirPart.slice(tilde[0].length - 1);
    }
    const dir = base === '' ? state.cwd : normalize(base.startsWith('/') ? base : joinPath(state.cwd, base));
    cands = fileCandidates(state, dir, typed, word.commandPosition ? 'exec' : 'all');
    if (style === 'readline') suffixOf = (c) => (c.dir ? '/' : word.quote !== '' ? `${word.quote} ` : ' ');
  }
  if (cands.length === 0) return none;
  const sorted = [...cands].sort((a, b) => compareNames(locale, a.name, b.name));
  const matches = sorted.map((c) => (c.dir ? `${c.name}/` : c.name));
  if (style === 'busybox') matches.sort();
  const append = (more: string): string => word.raw + quoteFor(more, word.quote);
  if (sorted.length === 1) {
    const only = sorted[0] as Candidate;
    return { start: word.start, text: append(only.name.slice(typed.length)) + suffixOf(only), matches, total: 1, style };
  }
  return { start: word.start, text: append(commonPrefix(sorted.map((c) => c.name)).slice(typed.length)), matches, total: sorted.length, style };
}
