// Token and word types produced by the lexer, plus the quote-aware scanner for `$( ... )` that the
// lexer uses to find where a command substitution ends.

export type WordPart =
  | { t: 'lit'; v: string; q: boolean }
  | { t: 'var'; name: string; q: boolean }
  | { t: 'cmd'; src: string; q: boolean }
  | { t: 'arith'; src: string; q: boolean }
  | { t: 'tilde'; user: string };

export interface Word {
  parts: WordPart[];
  raw: string;
}

export type RedirOp = '>' | '>>' | '<' | '>&' | '<&' | '&>' | '&>>' | '<<' | '<<<' | '>|';

export type Token =
  | { k: 'word'; w: Word }
  | { k: 'op'; op: ';' | '&&' | '||' | '|' | '&' | '(' | ')' | ';;' | 'nl' }
  | { k: 'redir'; fd: number | null; op: RedirOp; body?: string; bodyWord?: Word };

export type LexResult = { ok: true; tokens: Token[] } | { ok: false; incomplete: true } | { ok: false; incomplete: false; token: string };

export class Incomplete extends Error {}

/** Index just past the `)` closing a `$(` or `(` opened before `start`, skipping quoted text. */
export function matchParen(s: string, start: number, depth0 = 1): number {
  let depth = depth0;
  for (let i = start; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') i++;
    else if (c === "'") {
      const end = s.indexOf("'", i + 1);
      if (end < 0) throw new Incomplete();
      i = end;
    } else if (c === '"') {
      i++;
      while (i < s.length && s[i] !== '"') i += s[i] === '\\' ? 2 : 1;
      if (i >= s.length) throw new Incomplete();
    } else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i + 1;
  }
  throw new Incomplete();
}
