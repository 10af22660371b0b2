// Tokenizer for one (possibly multi-line) input buffer, following the bash token rules
// (bash(1) "QUOTING", "EXPANSION", "REDIRECTION"). It only builds data: nothing read here is ever
// evaluated. Unterminated quotes, substitutions and here-documents report `incomplete` so the shell
// can ask for a continuation line with PS2, like bash does.

import { Incomplete, matchParen } from './lex-types';
import type { LexResult, RedirOp, Token, Word, WordPart } from './lex-types';

export type { LexResult, RedirOp, Token, Word, WordPart } from './lex-types';

const INCOMPLETE = { ok: false, incomplete: true } as const;
const META = new Set([' ', '\t', '\n', ';', '&', '|', '<', '>', '(', ')']);
const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const SPECIAL_PARAM = new Set(['?', '$', '!', '#', '@', '*', '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);

class Lexer {
  private i = 0;
  private readonly tokens: Token[] = [];
  private parts: WordPart[] = [];
  private raw = '';
  private started = false;
  private heredocs: Array<{ delim: string; strip: boolean; expand: boolean; token: Token & { k: 'redir' } }> = [];

  constructor(private readonly s: string) {}

  private lit(v: string, q: boolean): void {
    const last = this.parts[this.parts.length - 1];
    if (last && last.t === 'lit' && last.q === q) last.v += v;
    else this.parts.push({ t: 'lit', v, q });
    this.started = true;
  }

  private endWord(): void {
    if (this.started) this.tokens.push({ k: 'word', w: { parts: this.parts, raw: this.raw } });
    this.parts = [];
    this.raw = '';
    this.started = false;
  }

  /** `$...` at this.i (pointing at `$`); returns false if it is a literal dollar. */
  private dollar(q: boolean): void {
    const s = this.s;
    const next = s[this.i + 1];
    if (next === '(' && s[this.i + 2] === '(') {
      const end = s.indexOf('))', this.i + 3);
      if (end < 0) throw new Incomplete();
      this.parts.push({ t: 'arith', src: s.slice(this.i + 3, end), q });
      this.raw += s.slice(this.i, end + 2);
      this.i = end + 2;
    } else if (next === '(') {
      const end = matchParen(s, this.i + 2);
      this.parts.push({ t: 'cmd', src: s.slice(this.i + 2, end - 1), q });
      this.raw += s.slice(this.i, end);
      this.i = end;
    } else if (next === '{') {
      const end = s.indexOf('}', this.i + 2);
      if (end < 0) throw new Incomplete();
      this.parts.push({ t: 'var', name: s.slice(this.i + 2, end), q });
      this.raw += s.slice(this.i, end + 1);
      this.i = end + 1;
    } else if (next !== undefined && SPECIAL_PARAM.has(next)) {
      this.parts.push({ t: 'var', name: next, q });
      this.raw += s.slice(this.i, this.i + 2);
      this.i += 2;
    } else if (next !== undefined && NAME_START.test(next)) {
      let j = this.i + 1;
      while (j < s.length && NAME_CHAR.test(s[j] ?? '')) j++;
      this.parts.push({ t: 'var', name: s.slice(this.i + 1, j), q });
      this.raw += s.slice(this.i, j);
      this.i = j;
    } else {
      this.lit('$', q);
      this.raw += '$';
      this.i++;
      return;
    }
    this.started = true;
  }

  private backtick(q: boolean): void {
    const s = this.s;
    let j = this.i + 1;
    let src = '';
    while (j < s.length && s[j] !== '`') {
      if (s[j] === '\\' && (s[j + 1] === '`' || s[j + 1] === '\\' || s[j + 1] === '$')) j++;
      src += s[j] ?? '';
      j++;
    }
    if (j >= s.length) throw new Incomplete();
    this.parts.push({ t: 'cmd', src, q });
    this.raw += s.slice(this.i, j + 1);
    this.i = j + 1;
    this.started = true;
  }

  private doubleQuoted(): void {
    const s = this.s;
    this.raw += '"';
    this.i++;
    this.started = true;
    while (true) {
      if (this.i >= s.length) throw new Incomplete();
      const c = s[this.i] ?? '';
      if (c === '"') {
        this.raw += '"';
        this.i++;
        // An empty "" still makes a (empty) word.
        this.lit('', true);
        return;
      }
      if (c === '\\' && ['$', '`', '"', '\\', '\n'].includes(s[this.i + 1] ?? '')) {
        if (s[this.i + 1] !== '\n') this.lit(s[this.i + 1] ?? '', true);
        this.raw += s.slice(this.i, this.i + 2);
        this.i += 2;
      } else if (c === '$') this.dollar(true);
      else if (c === '`') this.backtick(true);
      else {
        this.lit(c, true);
        this.raw += c;
        this.i++;
      }
    }
  }

  private readHeredocBodies(): void {
    for (const h of this.heredocs) {
      const lines: string[] = [];
      while (true) {
        if (this.i >= this.s.length) throw new Incomplete();
        let end = this.s.indexOf('\n', this.i);
        if (end < 0) end = this.s.length;
        let line = this.s.slice(this.i, end);
        this.i = Math.min(end + 1, this.s.length + 1);
        if (h.strip) line = line.replace(/^\t+/, '');
        if (line === h.delim) break;
        lines.push(line);
        if (end >= this.s.length) throw new Incomplete();
      }
      h.token.body = lines.length > 0 ? lines.join('\n') + '\n' : '';
      if (h.expand) h.token.bodyWord = heredocWord(h.token.body);
    }
    this.heredocs = [];
  }

  private redirect(): void {
    const s = this.s;
    let fd: number | null = null;
    if (this.started && this.parts.length === 1 && this.parts[0]?.t === 'lit' && !this.parts[0].q && /^\d{1,2}$/.test(this.parts[0].v)) {
      fd = Number.parseInt(this.parts[0].v, 10);
      this.parts = [];
      this.raw = '';
      this.started = false;
    } else this.endWord();
    const three = s.slice(this.i, this.i + 3);
    const two = s.slice(this.i, this.i + 2);
    let op: RedirOp;
    if (three === '&>>' || three === '<<<') op = three;
    else if (two === '>>' || two === '>&' || two === '<&' || two === '&>' || two === '<<' || two === '>|') op = two;
    else op = s[this.i] === '<' ? '<' : '>';
    this.i += op.length;
    const token: Token & { k: 'redir' } = { k: 'redir', fd, op };
    this.tokens.push(token);
    if (op === '<<') {
      const strip = s[this.i] === '-';
      if (strip) this.i++;
      while (s[this.i] === ' ' || s[this.i] === '\t') this.i++;
      let j = this.i;
      while (j < s.length && !META.has(s[j] ?? '')) j++;
      const rawDelim = s.slice(this.i, j);
      const delim = rawDelim.replace(/['"\\]/g, '');
      if (delim === '') return;
      this.i = j;
      this.heredocs.push({ delim, strip, expand: delim === rawDelim, token });
    }
  }

  /** A here-document body with an unquoted delimiter: expanded like a double-quoted string. */
  bodyAsWord(): Word {
    const s = this.s;
    this.started = true;
    while (this.i < s.length) {
      const c = s[this.i] ?? '';
      if (c === '\\' && ['$', '`', '\\'].includes(s[this.i + 1] ?? '')) {
        this.lit(s[this.i + 1] ?? '', true);
        this.i += 2;
      } else if (c === '$') this.dollar(true);
      else if (c === '`') this.backtick(true);
      else {
        this.lit(c, true);
        this.i++;
      }
    }
    return { parts: this.parts, raw: s };
  }

  run(): Token[] {
    const s = this.s;
    while (this.i < s.length) {
      const c = s[this.i] ?? '';
      if (c === ' ' || c === '\t') {
        this.endWord();
        this.i++;
      } else if (c === '\n') {
        this.endWord();
        this.i++;
        this.tokens.push({ k: 'op', op: 'nl' });
        if (this.heredocs.length > 0) this.readHeredocBodies();
      } else if (c === '#' && !this.started) {
        const nl = s.indexOf('\n', this.i);
        this.i = nl < 0 ? s.length : nl;
      } else if (c === '\\') {
        if (this.i + 1 >= s.length) throw new Incomplete();
        // Backslash-newline is a line continuation and disappears.
        if (s[this.i + 1] !== '\n') this.lit(s[this.i + 1] ?? '', true);
        this.raw += s.slice(this.i, this.i + 2);
        this.i += 2;
      } else if (c === "'") {
        const end = s.indexOf("'", this.i + 1);
        if (end < 0) throw new Incomplete();
        this.lit(s.slice(this.i + 1, end), true);
        this.raw += s.slice(this.i, end + 1);
        this.i = end + 1;
      } else if (c === '"') this.doubleQuoted();
      else if (c === '$') this.dollar(false);
      else if (c === '`') this.backtick(false);
      else if (c === '~' && !this.started) {
        let j = this.i + 1;
        while (j < s.length && /[A-Za-z0-9_.-]/.test(s[j] ?? '')) j++;
        if (j < s.length && !META.has(s[j] ?? '') && s[j] !== '/') {
          this.lit('~', false);
          this.raw += '~';
          this.i++;
        } else {
          this.parts.push({ t: 'tilde', user: s.slice(this.i + 1, j) });
          this.raw += s.slice(this.i, j);
          this.i = j;
          this.started = true;
        }
      } else if (c === '<' || c === '>' || (c === '&' && s[this.i + 1] === '>')) this.redirect();
      else if (c === ';' || c === '&' || c === '|' || c === '(' || c === ')') {
        this.endWord();
        const two = s.slice(this.i, this.i + 2);
        if (two === '&&' || two === '||' || two === ';;') {
          this.tokens.push({ k: 'op', op: two });
          this.i += 2;
        } else {
          this.tokens.push({ k: 'op', op: c });
          this.i++;
        }
      } else {
        this.lit(c, false);
        this.raw += c;
        this.i++;
      }
    }
    this.endWord();
    if (this.heredocs.length > 0) throw new Incomplete();
    return this.tokens;
  }
}

function heredocWord(body: string): Word | undefined {
  try {
    return new Lexer(body).bodyAsWord();
  } catch (e) {
    if (e instanceof Incomplete) return undefined;
    throw e;
  }
}

export function lex(input: string): LexResult {
  try {
    return { ok: true, tokens: new Lexer(input).run() };
  } catch (e) {
    if (e instanceof Incomplete) return INCOMPLETE;
    throw e;
  }
}
