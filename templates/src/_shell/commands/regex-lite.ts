// A small POSIX regular-expression engine (BRE and ERE subsets used by grep/awk/sed one-liners:
// literals, ., [...] with ranges and [:classes:], * + ? {n,m}, |, groups, ^ $). Patterns come from
// attackers, so they are never handed to RegExp: they compile to a Thompson NFA whose simulation is
// linear in the input (no catastrophic backtracking), with a cap on the automaton size.

type Test = (c: string) => boolean;

type Ast =
  | { k: 'char'; test: Test }
  | { k: 'cat'; items: Ast[] }
  | { k: 'alt'; items: Ast[] }
  | { k: 'rep'; node: Ast; min: number; max: number }
  | { k: 'bol' }
  | { k: 'eol' };

type State = { t: 'char'; test: Test; out: number } | { t: 'split'; a: number; b: number } | { t: 'bol' | 'eol'; out: number } | { t: 'match' };

export interface Regex {
  /** Start and end of the leftmost-longest match in `line`, or null. */
  exec(line: string, from?: number): [number, number] | null;
  test(line: string): boolean;
}

export type RegexResult = { ok: true; re: Regex } | { ok: false; error: string };

const MAX_STATES = 20_000;
const MAX_REPEAT = 255;

const CLASSES: Record<string, Test> = {
  alpha: (c) => /[A-Za-z]/.test(c),
  digit: (c) => c >= '0' && c <= '9',
  alnum: (c) => /[A-Za-z0-9]/.test(c),
  upper: (c) => c >= 'A' && c <= 'Z',
  lower: (c) => c >= 'a' && c <= 'z',
  space: (c) => ' \t\n\r\f\v'.includes(c),
  blank: (c) => c === ' ' || c === '\t',
  punct: (c) => /[!-/:-@[-`{-~]/.test(c),
  xdigit: (c) => /[0-9A-Fa-f]/.test(c),
  print: (c) => c >= ' ' && c <= '~',
  cntrl: (c) => c < ' ' || c === '\x7f',
};

class RegexError extends Error {}

class Parser {
  private i = 0;
  constructor(
    private readonly s: string,
    private readonly extended: boolean,
    private readonly icase: boolean,
  ) {}

  private lit(c: string): Ast {
    if (!this.icase) return { k: 'char', test: (x) => x === c };
    const lo = c.toLowerCase();
    return { k: 'char', test: (x) => x.toLowerCase() === lo };
  }

  /** Is the text at i the operator `op` in this syntax (BRE needs a backslash for most). */
  private isOp(op: string): boolean {
    if (this.extended) return this.s[this.i] === op;
    if (op === '*' || op === '[' || op === '.' || op === '^' || op === '$') return this.s[this.i] === op;
    return this.s[this.i] === '\\' && this.s[this.i + 1] === op;
  }

  private eatOp(op: string): boolean {
    if (!this.isOp(op)) return false;
    this.i += this.extended || op === '*' || op === '[' || op === '.' ? 1 : 2;
    return true;
  }

  parse(): Ast {
    const ast = this.alt();
    if (this.i < this.s.length) throw new RegexError(this.extended ? 'Unmatched ) or \\)' : 'Unmatched \\)');
    return ast;
  }

  private alt(): Ast {
    const items = [this.cat()];
    while (this.eatOp('|')) items.push(this.cat());
    return items.length === 1 ? (items[0] as Ast) : { k: 'alt', items };
  }

  private cat(): Ast {
    const items: Ast[] = [];
    while (this.i < this.s.length && !this.isOp('|') && !this.isOp(')')) {
      let atom = this.atom(items.length === 0);
      while (true) {
        if (this.eatOp('*')) atom = { k: 'rep', node: atom, min: 0, max: Infinity };
        else if (this.eatOp('+')) atom = { k: 'rep', node: atom, min: 1, max: Infinity };
        else if (this.eatOp('?')) atom = { k: 'rep', node: atom, min: 0, max: 1 };
        else if (this.isOp('{')) {
          this.eatOp('{');
          const m = /^(\d*)(,?)(\d*)/.exec(this.s.slice(this.i)) ?? ['', '', '', ''];
          this.i += m[0].length;
          if (!this.eatOp('}')) throw new RegexError('Unmatched \\{');
          const min = Number.parseInt(m[1] || '0', 10);
          const max = m[2] ? (m[3] ? Number.parseInt(m[3], 10) : Infinity) : min;
          if (min > MAX_REPEAT || (max !== Infinity && max > MAX_REPEAT) || max < min) throw new RegexError('Invalid content of \\{\\}');
          atom = { k: 'rep', node: atom, min, max };
        } else break;
      }
      items.push(atom);
    }
    return { k: 'cat', items };
  }

  private atom(first: boolean): Ast {
    const s = this.s;
    const c = s[this.i] ?? '';
    if (this.eatOp('(')) {
      const inner = this.alt();
      if (!this.eatOp(')')) throw new RegexError(this.extended ? 'Unmatched ( or \\(' : 'Unmatched ( or \\(');
      return inner;
    }
    if (c === '^' && (this.extended || first)) {
      this.i++;
      return { k: 'bol' };
    }
    if (c === '$' && (this.extended || this.i === s.length - 1 || s.startsWith('\\)', this.i + 1) || s.startsWith('\\|', this.i + 1))) {
      this.i++;
      return { k: 'eol' };
    }
    if (c === '.') {
      this.i++;
      return { k: 'char', test: () => true };
    }
    if (c === '[') return this.bracket();
    if (c === '*' && first) {
      this.i++;
      return this.lit('*');
    }
    if (c === '\\') {
      const n = s[this.i + 1];
      if (n === undefined) throw new RegexError('Trailing backslash');
      this.i += 2;
      if (n === 'w') return { k: 'char', test: (x) => /[A-Za-z0-9_]/.test(x) };
      if (n === 'W') return { k: 'char', test: (x) => !/[A-Za-z0-9_]/.test(x) };
      if (n === 's') return { k: 'char', test: (x) => ' \t\n\r\f\v'.includes(x) };
      if (n === 'S') return { k: 'char', test: (x) => !' \t\n\r\f\v'.includes(x) };
      return this.lit(n);
    }
    this.i++;
    return this.lit(c);
  }

  private bracket(): Ast {
    const s = this.s;
    this.i++;
    let negate = false;
    if (s[this.i] === '^') {
      negate = true;
      this.i++;
    }
    const tests: Test[] = [];
    let first = true;
    while (this.i < s.length && (s[this.i] !== ']' || first)) {
      first = false;
      if (s.startsWith('[:', this.i)) {
        const end = s.indexOf(':]', this.i + 2);
        const cls = end < 0 ? undefined : CLASSES[s.slice(this.i + 2, end)];
        if (!cls) throw new RegexError('Invalid character class name');
        tests.push(cls);
        this.i = end + 2;
        continue;
      }
      const lo = s[this.i] ?? '';
      if (s[this.i + 1] === '-' && s[this.i + 2] !== undefined && s[this.i + 2] !== ']') {
        const hi = s[this.i + 2] ?? '';
        if (hi < lo) throw new RegexError('Invalid range end');
        tests.push(this.icase ? (x) => (x.toLowerCase() >= lo.toLowerCase() && x.toLowerCase() <= hi.toLowerCase()) || (x >= lo && x <= hi) : (x) => x >= lo && x <= hi);
        this.i += 3;
      } else {
        tests.push(this.icase ? (x) => x.toLowerCase() === lo.toLowerCase() : (x) => x === lo);
        this.i++;
      }
    }
    if (s[this.i] !== ']') throw new RegexError('Unmatched [, [^, [:, [., or [=');
    this.i++;
    return { k: 'char', test: (x) => tests.some((t) => t(x)) !== negate };
  }
}

class Compiler {
  readonly states: State[] = [];

  private add(s: State): number {
    if (this.states.length >= MAX_STATES) throw new RegexError('Regular expression too big');
    this.states.push(s);
    return this.states.length - 1;
  }

  /** Compile `ast` so that it continues to state `next`; returns its entry state. */
  build(ast: Ast, next: number): number {
    switch (ast.k) {
      case 'char':
        return this.add({ t: 'char', test: ast.test, out: next });
      case 'bol':
      case 'eol':
        return this.add({ t: ast.k, out: next });
      case 'cat': {
        let entry = next;
        for (let i = ast.items.length - 1; i >= 0; i--) entry = this.build(ast.items[i] as Ast, entry);
        return entry;
      }
      case 'alt': {
        const entries = ast.items.map((it) => this.build(it, next));
        return entries.reduce((b, a) => this.add({ t: 'split', a, b }));
      }
      case 'rep': {
        let entry = next;
        if (ast.max === Infinity) {
          const split = this.add({ t: 'split', a: -1, b: next });
          const body = this.build(ast.node, split);
          (this.states[split] as { a: number }).a = body;
          entry = split;
        } else {
          for (let i = ast.min; i < ast.max; i++) {
            const body = this.build(ast.node, entry);
            entry = this.add({ t: 'split', a: body, b: next });
          }
        }
        for (let i = 0; i < ast.min; i++) entry = this.build(ast.node, entry);
        return entry;
      }
    }
  }
}

export function compileRegex(pattern: string, opts: { extended: boolean; icase: boolean }): RegexResult {
  try {
    const ast = new Parser(pattern, opts.extended, opts.icase).parse();
    const c = new Compiler();
    const match = c.states.length;
    c.states.push({ t: 'match' });
    const start = c.build(ast, match);
    const states = c.states;
    const closure = (set: Set<number>, s: number, pos: number, len: number): void => {
      const stack = [s];
      while (stack.length > 0) {
        const id = stack.pop() ?? -1;
        if (id < 0 || set.has(id)) continue;
        set.add(id);
        const st = states[id];
        if (!st) continue;
        if (st.t === 'split') stack.push(st.b, st.a);
        else if (st.t === 'bol' && pos === 0) stack.push(st.out);
        else if (st.t === 'eol' && pos === len) stack.push(st.out);
      }
    };
    const longestFrom = (line: string, from: number): number => {
      let current = new Set<number>();
      closure(current, start, from, line.length);
      let best = current.has(match) ? from : -1;
      for (let pos = from; pos < line.length && current.size > 0; pos++) {
        const next = new Set<number>();
        const ch = line[pos] ?? '';
        for (const id of current) {
          const st = states[id];
          if (st?.t === 'char' && st.test(ch)) closure(next, st.out, pos + 1, line.length);
        }
        current = next;
        if (current.has(match)) best = pos + 1;
      }
      return best;
    };
    const re: Regex = {
      exec(line, from = 0) {
        if (!re.test(line.slice(0, 8192))) return null;
        for (let s = from; s <= Math.min(line.length, 8192); s++) {
          const end = longestFrom(line, s);
          if (end >= 0) return [s, end];
        }
        return null;
      },
      test(line) {
        let current = new Set<number>();
        for (let pos = 0; pos <= line.length; pos++) {
          closure(current, start, pos, line.length);
          if (current.has(match)) return true;
          if (pos === line.length) break;
          const next = new Set<number>();
          const ch = line[pos] ?? '';
          for (const id of current) {
            const st = states[id];
            if (st?.t === 'char' && st.test(ch)) closure(next, st.out, pos + 1, line.length);
          }
          current = next;
        }
        return false;
      },
    };
    return { ok: true, re };
  } catch (e) {
    if (e instanceof RegexError) return { ok: false, error: e.message };
    throw e;
  }
}
