// Parses a line into lists of pipelines (bash(1) "SHELL GRAMMAR": `;`, `&`, `&&`, `||`, `|`,
// `( ... )`, `!`, redirections, leading NAME=value assignments) with alias expansion of the first
// word. Reports syntax errors with bash's wording and incomplete input for PS2 continuation.

import { lex } from './lex-line';
import type { Token, Word } from './lex-line';
import type { Command, ListItem, ParseResult, Pipeline, Redir, SimpleCommand } from './syntax';

export type * from './syntax';

const MAX_ALIAS_EXPANSIONS = 16;
const NONE: ReadonlySet<string> = new Set();
const THEN = new Set(['then']);
const ELSE_FI = new Set(['elif', 'else', 'fi']);
const FI = new Set(['fi']);
const DO = new Set(['do']);
const DONE = new Set(['done']);
const BRACE_END = new Set(['}']);
/** Reserved words that cannot start a command. */
const MISPLACED = new Set(['then', 'else', 'elif', 'fi', 'do', 'done', '}', 'esac', 'in']);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ASSIGN = /^[A-Za-z_][A-Za-z0-9_]*=/;

class SyntaxError_ extends Error {
  constructor(readonly token: string) {
    super(token);
  }
}
class IncompleteInput extends Error {}

function plainLiteral(w: Word): string | null {
  const p = w.parts[0];
  return w.parts.length === 1 && p?.t === 'lit' && !p.q ? p.v : null;
}

function opText(t: Token | undefined): string {
  if (!t) return 'newline';
  if (t.k === 'op') return t.op === 'nl' ? 'newline' : t.op;
  if (t.k === 'redir') return `${t.op}`;
  return t.w.raw;
}

class Parser {
  private pos = 0;
  private aliasBudget = MAX_ALIAS_EXPANSIONS;

  constructor(
    private tokens: Token[],
    private readonly aliases: ReadonlyMap<string, string>,
  ) {}

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private isOp(op: string): boolean {
    const t = this.peek();
    return t?.k === 'op' && t.op === op;
  }

  private line = 1;

  private skipNewlines(): void {
    while (this.isOp('nl')) {
      this.pos++;
      this.line++;
    }
  }

  /** Reserved word at the current (command) position, if any. */
  private reserved(): string | null {
    const t = this.peek();
    return t?.k === 'word' ? plainLiteral(t.w) : null;
  }

  private expectWord(word: string): void {
    if (this.pos >= this.tokens.length) throw new IncompleteInput();
    if (this.reserved() !== word) throw new SyntaxError_(opText(this.peek()));
    this.pos++;
  }

  /** A list that must not be empty and ends at one of `stop`. */
  private body(stop: ReadonlySet<string>): ListItem[] {
    const items = this.list(false, stop);
    if (this.pos >= this.tokens.length) throw new IncompleteInput();
    if (items.length === 0) throw new SyntaxError_(opText(this.peek()));
    return items;
  }

  private trailingRedirs(): Redir[] {
    const redirs: Redir[] = [];
    while (this.peek()?.k === 'redir') redirs.push(this.redir());
    return redirs;
  }

  private compound(word: string): Command {
    this.pos++;
    if (word === 'if') {
      const clauses = [{ cond: this.body(THEN), body: [] as ListItem[] }];
      this.expectWord('then');
      (clauses[0] as { body: ListItem[] }).body = this.body(ELSE_FI);
      let elseBody: ListItem[] | null = null;
      while (this.reserved() === 'elif') {
        this.pos++;
        const cond = this.body(THEN);
        this.expectWord('then');
        clauses.push({ cond, body: this.body(ELSE_FI) });
      }
      if (this.reserved() === 'else') {
        this.pos++;
        elseBody = this.body(FI);
      }
      this.expectWord('fi');
      return { kind: 'if', clauses, elseBody, redirs: this.trailingRedirs() };
    }
    if (word === 'for') {
      const nameTok = this.peek();
      if (nameTok === undefined) throw new IncompleteInput();
      const name = nameTok.k === 'word' ? plainLiteral(nameTok.w) : null;
      if (name === null || !NAME.test(name)) throw new SyntaxError_(opText(nameTok));
      this.pos++;
      let words: Word[] | null = null;
      if (this.reserved() === 'in') {
        this.pos++;
        words = [];
        for (let t = this.peek(); t?.k === 'word'; t = this.peek()) {
          words.push(t.w);
          this.pos++;
        }
      }
      if (this.isOp(';')) this.pos++;
      this.skipNewlines();
      this.expectWord('do');
      const loopBody = this.body(DONE);
      this.expectWord('done');
      return { kind: 'for', name, words, body: loopBody, redirs: this.trailingRedirs() };
    }
    if (word === 'while' || word === 'until') {
      const cond = this.body(DO);
      this.expectWord('do');
      const loopBody = this.body(DONE);
      this.expectWord('done');
      return { kind: 'while', until: word === 'until', cond, body: loopBody, redirs: this.trailingRedirs() };
    }
    const items = this.body(BRACE_END);
    this.expectWord('}');
    return { kind: 'brace', items, redirs: this.trailingRedirs() };
  }

  list(closing: boolean, stop: ReadonlySet<string> = NONE): ListItem[] {
    const items: ListItem[] = [];
    while (true) {
      this.skipNewlines();
      if (this.pos >= this.tokens.length || (closing && this.isOp(')'))) break;
      const word = this.reserved();
      if (word !== null && stop.has(word)) {
        const last = items[items.length - 1];
        if (last && (last.op === '&&' || last.op === '||')) throw new SyntaxError_(word);
        break;
      }
      const line = this.line;
      const pipeline = this.pipeline();
      const t = this.peek();
      if (t === undefined) {
        items.push({ pipeline, op: ';', line });
        break;
      }
      if (t.k !== 'op') throw new SyntaxError_(opText(t));
      if (t.op === ';' || t.op === '&' || t.op === 'nl') {
        this.pos++;
        if (t.op === 'nl') this.line++;
        items.push({ pipeline, op: t.op === 'nl' ? ';' : t.op, line });
      } else if (t.op === '&&' || t.op === '||') {
        this.pos++;
        items.push({ pipeline, op: t.op, line });
        this.skipNewlines();
        if (this.pos >= this.tokens.length) throw new IncompleteInput();
      } else if (t.op === ')' && closing) {
        items.push({ pipeline, op: ';', line });
        break;
      } else throw new SyntaxError_(opText(t));
    }
    return items;
  }

  private pipeline(): Pipeline {
    let negate = false;
    const first = this.peek();
    if (first?.k === 'word' && plainLiteral(first.w) === '!') {
      negate = true;
      this.pos++;
    }
    const commands: Command[] = [this.command()];
    while (this.isOp('|')) {
      this.pos++;
      this.skipNewlines();
      if (this.pos >= this.tokens.length) throw new IncompleteInput();
      commands.push(this.command());
    }
    return { commands, negate };
  }

  private redir(): Redir {
    const t = this.peek();
    if (t?.k !== 'redir') throw new SyntaxError_(opText(t));
    this.pos++;
    if (t.op === '<<') return { fd: t.fd, op: t.op, target: null, body: t.body ?? '', ...(t.bodyWord ? { bodyWord: t.bodyWord } : {}) };
    const target = this.peek();
    if (target?.k !== 'word') throw new SyntaxError_(opText(target));
    this.pos++;
    return { fd: t.fd, op: t.op, target: target.w };
  }

  private expandAlias(): void {
    const t = this.peek();
    if (t?.k !== 'word' || this.aliasBudget <= 0) return;
    const name = plainLiteral(t.w);
    if (name === null) return;
    const value = this.aliases.get(name);
    if (value === undefined) return;
    const lexed = lex(value);
    if (!lexed.ok) return;
    this.aliasBudget--;
    const replacement = lexed.tokens;
    this.tokens = [...this.tokens.slice(0, this.pos), ...replacement, ...this.tokens.slice(this.pos + 1)];
    // Expand the new head too unless it is the same name (an alias "ls" -> "ls --color=auto" stops).
    const first = replacement[0];
    const head = first?.k === 'word' ? plainLiteral(first.w) : null;
    if (head !== null && head !== name) this.expandAlias();
  }

  private command(): Command {
    const word = this.reserved();
    if (word === 'if' || word === 'for' || word === 'while' || word === 'until' || word === '{') return this.compound(word);
    if (word !== null && MISPLACED.has(word)) throw new SyntaxError_(word);
    if (this.isOp('(')) {
      this.pos++;
      const items = this.list(true);
      if (!this.isOp(')')) throw new IncompleteInput();
      if (items.length === 0) throw new SyntaxError_(')');
      this.pos++;
      const redirs: Redir[] = [];
      while (this.peek()?.k === 'redir') redirs.push(this.redir());
      const next = this.peek();
      if (next?.k === 'word') throw new SyntaxError_(next.w.raw);
      return { kind: 'group', items, redirs };
    }
    const cmd: SimpleCommand = { kind: 'simple', assigns: [], words: [], redirs: [] };
    let aliasChecked = false;
    while (true) {
      const t = this.peek();
      if (t === undefined) break;
      if (t.k === 'redir') {
        cmd.redirs.push(this.redir());
        continue;
      }
      if (t.k === 'op') {
        if (t.op === '(') throw new SyntaxError_(cmd.words.length > 0 ? '(' : opText(this.tokens[this.pos + 1]));
        break;
      }
      const lit = t.w.parts[0];
      if (cmd.words.length === 0 && lit?.t === 'lit' && !lit.q && ASSIGN.test(lit.v)) {
        const eq = lit.v.indexOf('=');
        const rest = lit.v.slice(eq + 1);
        const parts = [...(rest === '' ? [] : [{ ...lit, v: rest }]), ...t.w.parts.slice(1)];
        cmd.assigns.push({ name: lit.v.slice(0, eq), value: { parts, raw: t.w.raw.slice(eq + 1) } });
        this.pos++;
        continue;
      }
      if (cmd.words.length === 0 && !aliasChecked) {
        aliasChecked = true;
        this.expandAlias();
        const again = this.peek();
        if (again?.k !== 'word') continue;
        cmd.words.push(again.w);
        this.pos++;
        continue;
      }
      cmd.words.push(t.w);
      this.pos++;
    }
    if (cmd.words.length === 0 && cmd.assigns.length === 0 && cmd.redirs.length === 0) throw new SyntaxError_(opText(this.peek()));
    return cmd;
  }
}

export function parseLine(input: string, aliases: ReadonlyMap<string, string> = new Map()): ParseResult {
  const lexed = lex(input);
  if (!lexed.ok) return lexed.incomplete ? { ok: false, incomplete: true } : { ok: false, incomplete: false, message: `syntax error near unexpected token \`${lexed.token}'` };
  try {
    const parser = new Parser(lexed.tokens, aliases);
    const items = parser.list(false);
    return { ok: true, items };
  } catch (e) {
    if (e instanceof IncompleteInput) return { ok: false, incomplete: true };
    if (e instanceof SyntaxError_) return { ok: false, incomplete: false, message: `syntax error near unexpected token \`${e.token}'` };
    throw e;
  }
}
