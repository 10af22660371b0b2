// Word expansion in bash order (bash(1) "EXPANSION"): tilde, parameters, command substitution and
// arithmetic, then word splitting of unquoted results, pathname expansion and quote removal.
// Values are only ever treated as data; command substitution runs through the emulator itself.

import type { Word } from './lex-line';
import { escapeGlob, hasGlobChars, unescapeGlob } from './glob';
import { evalArith } from './arith';

export interface ExpandEnv {
  getVar(name: string): string | undefined;
  homeOf(user: string): string | undefined;
  commandSubst(src: string): string;
  glob(pattern: string): string[];
}

export type ExpandResult = { ok: true; fields: string[] } | { ok: false; error: string };

interface Seg {
  text: string;
  quoted: boolean;
}

class ExpandError extends Error {}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SPECIAL = /^[0-9?$!#@*-]$/;

function parameter(spec: string, env: ExpandEnv): string {
  if (NAME.test(spec) || SPECIAL.test(spec)) return env.getVar(spec) ?? '';
  if (spec.startsWith('#') && (NAME.test(spec.slice(1)) || SPECIAL.test(spec.slice(1)))) return String((env.getVar(spec.slice(1)) ?? '').length);
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(:?)([-=+?])(.*)$/s.exec(spec);
  if (m) {
    const [, name = '', colon, op, word = ''] = m;
    const value = env.getVar(name);
    const unset = value === undefined || (colon === ':' && value === '');
    if (op === '-' || op === '=') return unset ? word : (value ?? '');
    if (op === '+') return unset ? '' : word;
    if (unset) throw new ExpandError(`${name}: ${word === '' ? 'parameter null or not set' : word}`);
    return value ?? '';
  }
  throw new ExpandError(`\${${spec}}: bad substitution`);
}

function segmentsToFields(word: Word, env: ExpandEnv): Seg[][] {
  const fields: Seg[][] = [[]];
  const cur = (): Seg[] => fields[fields.length - 1] ?? [];
  const splitInto = (value: string): void => {
    const pieces = value.split(/[ \t\n]+/);
    pieces.forEach((piece, k) => {
      if (k > 0) fields.push([]);
      if (piece !== '') cur().push({ text: piece, quoted: false });
    });
  };
  for (const part of word.parts) {
    if (part.t === 'lit') cur().push({ text: part.v, quoted: part.q });
    else if (part.t === 'tilde') {
      const home = env.homeOf(part.user);
      cur().push(home === undefined ? { text: `~${part.user}`, quoted: false } : { text: home, quoted: true });
    } else {
      let value: string;
      if (part.t === 'var') value = parameter(part.name, env);
      else if (part.t === 'cmd') value = env.commandSubst(part.src).replace(/\n+$/, '');
      else {
        const r = evalArith(part.src, (n) => env.getVar(n));
        if (!r.ok) throw new ExpandError(`${part.src.trim()}: ${r.error}`);
        value = String(r.value);
      }
      if (part.q) cur().push({ text: value, quoted: true });
      else splitInto(value);
    }
  }
  return fields;
}

/** Expand a word into zero or more fields (arguments). */
export function expandWord(word: Word, env: ExpandEnv): ExpandResult {
  try {
    const out: string[] = [];
    for (const segs of segmentsToFields(word, env)) {
      if (segs.length === 0) continue;
      const pattern = segs.map((s) => (s.quoted ? escapeGlob(s.text) : s.text)).join('');
      const globbable = segs.some((s) => !s.quoted && hasGlobChars(s.text));
      if (globbable) {
        const matches = env.glob(pattern);
        if (matches.length > 0) {
          out.push(...matches);
          continue;
        }
        out.push(unescapeGlob(pattern));
        continue;
      }
      out.push(segs.map((s) => s.text).join(''));
    }
    return { ok: true, fields: out };
  } catch (e) {
    if (e instanceof ExpandError) return { ok: false, error: e.message };
    throw e;
  }
}

export function expandWords(words: readonly Word[], env: ExpandEnv, maxFields = 4096): ExpandResult {
  const fields: string[] = [];
  for (const w of words) {
    const r = expandWord(w, env);
    if (!r.ok) return r;
    fields.push(...r.fields);
    if (fields.length > maxFields) return { ok: false, error: 'Argument list too long' };
  }
  return { ok: true, fields };
}

/** Expansion without splitting or globbing (assignments, redirection targets, here-strings). */
export function expandToString(word: Word, env: ExpandEnv): { ok: true; value: string } | { ok: false; error: string } {
  try {
    const text = segmentsToFields(
      { ...word, parts: word.parts.map((p) => (p.t === 'var' || p.t === 'cmd' || p.t === 'arith' ? { ...p, q: true } : p)) },
      env,
    )
      .map((segs) => segs.map((s) => s.text).join(''))
      .join(' ');
    return { ok: true, value: text };
  } catch (e) {
    if (e instanceof ExpandError) return { ok: false, error: e.message };
    throw e;
  }
}
