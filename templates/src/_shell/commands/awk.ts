// awk (mawk on Debian/Ubuntu, gawk elsewhere), the subset seen in attacker one-liners:
// `[-F sep] '[BEGIN|END|/re/|NR==1|$3>100] { print $1, $2; ... }'` with fields, NR, NF, $NF,
// strings, numbers, concatenation and commas. The program is parsed into data and interpreted
// here; anything else is rejected with awk's own syntax-error message.

import type { CommandSpec } from './types';
import { Output } from './types';
import { readInputs, splitLines } from './inputs';
import { compileRegex } from './regex-lite';
import type { Regex } from './regex-lite';
import { ERRNO_TEXT } from '../fs/vfs-types';

type Expr = { k: 'field'; index: Expr } | { k: 'var'; name: 'NR' | 'NF' } | { k: 'num'; v: number } | { k: 'str'; v: string } | { k: 'cat'; parts: Expr[] } | { k: 'arith'; op: '+' | '-' | '*' | '/' | '%'; a: Expr; b: Expr };
type Cond = { k: 'always' } | { k: 'begin' } | { k: 'end' } | { k: 're'; re: Regex; target: Expr | null; negate: boolean } | { k: 'cmp'; op: string; a: Expr; b: Expr };
interface Rule {
  cond: Cond;
  prints: Array<Expr[] | null>;
}

class AwkSyntax extends Error {}

class AwkParser {
  private i = 0;
  constructor(private readonly s: string) {}

  private ws(): void {
    while (/[ \t\n]/.test(this.s[this.i] ?? 'x')) this.i++;
  }

  private peek(): string {
    this.ws();
    return this.s[this.i] ?? '';
  }

  private fail(): never {
    const near = this.s.slice(this.i).trim().split(/\s/)[0] || 'end of file';
    throw new AwkSyntax(near);
  }

  private eat(t: string): boolean {
    this.ws();
    if (this.s.startsWith(t, this.i)) {
      this.i += t.length;
      return true;
    }
    return false;
  }

  program(): Rule[] {
    const rules: Rule[] = [];
    while (this.peek() !== '') {
      const cond = this.cond();
      let prints: Array<Expr[] | null> = [null];
      if (this.peek() === '{') prints = this.block();
      else if (cond.k === 'begin' || cond.k === 'end') this.fail();
      rules.push({ cond, prints });
      while (this.eat(';'));
    }
    return rules;
  }

  private regexLiteral(): Regex {
    let j = this.i + 1;
    while (j < this.s.length && this.s[j] !== '/') j += this.s[j] === '\\' ? 2 : 1;
    if (j >= this.s.length) this.fail();
    const c = compileRegex(this.s.slice(this.i + 1, j), { extended: true, icase: false });
    if (!c.ok) this.fail();
    this.i = j + 1;
    return c.re;
  }

  private cond(): Cond {
    this.ws();
    if (this.s.startsWith('BEGIN', this.i)) {
      this.i += 5;
      return { k: 'begin' };
    }
    if (this.s.startsWith('END', this.i)) {
      this.i += 3;
      return { k: 'end' };
    }
    if (this.peek() === '{') return { k: 'always' };
    if (this.peek() === '/') return { k: 're', re: this.regexLiteral(), target: null, negate: false };
    const a = this.expr();
    this.ws();
    const op = ['==', '!=', '>=', '<=', '!~', '~', '>', '<'].find((o) => this.s.startsWith(o, this.i));
    if (!op) this.fail();
    this.i += op.length;
    if (op === '~' || op === '!~') {
      if (this.peek() !== '/') this.fail();
      return { k: 're', re: this.regexLiteral(), target: a, negate: op === '!~' };
    }
    return { k: 'cmp', op, a, b: this.expr() };
  }

  private block(): Array<Expr[] | null> {
    this.eat('{');
    const prints: Array<Expr[] | null> = [];
    while (true) {
      while (this.eat(';'));
      if (this.eat('}')) return prints;
      if (!this.eat('print')) this.fail();
      const list: Expr[] = [];
      while (![';', '}', ''].includes(this.peek())) {
        list.push(this.expr());
        if (!this.eat(',')) break;
      }
      prints.push(list.length === 0 ? null : list);
    }
  }

  private expr(): Expr {
    const parts: Expr[] = [];
    while (true) {
      const c = this.peek();
      if (c === '' || ',;{}=!<>~)'.includes(c)) break;
      let term = this.product();
      while (this.peek() === '+' || this.peek() === '-') {
        const op = this.s[this.i] as '+' | '-';
        this.i++;
        term = { k: 'arith', op, a: term, b: this.product() };
      }
      parts.push(term);
    }
    if (parts.length === 0) this.fail();
    return parts.length === 1 ? (parts[0] as Expr) : { k: 'cat', parts };
  }

  /** awk precedence: `*`, `/`, `%` bind tighter than `+`/`-` (POSIX awk grammar, non_unary_expr). */
  private product(): Expr {
    let left = this.term();
    while (this.peek() === '*' || this.peek() === '/' || this.peek() === '%') {
      const op = this.s[this.i] as '*' | '/' | '%';
      this.i++;
      left = { k: 'arith', op, a: left, b: this.term() };
    }
    return left;
  }

  private term(): Expr {
    const c = this.peek();
    if (c === '(') {
      this.i++;
      const inner = this.expr();
      if (!this.eat(')')) this.fail();
      return inner;
    }
    if (c === '$') {
      this.i++;
      if (this.eat('(')) {
        const index = this.expr();
        if (!this.eat(')')) this.fail();
        return { k: 'field', index };
      }
      return { k: 'field', index: this.term() };
    }
    if (c === '"') {
      let j = this.i + 1;
      let v = '';
      while (j < this.s.length && this.s[j] !== '"') {
        if (this.s[j] === '\\') {
          const n = this.s[j + 1] ?? '';
          v += n === 'n' ? '\n' : n === 't' ? '\t' : n;
          j += 2;
        } else v += this.s[j++];
      }
      if (j >= this.s.length) this.fail();
      this.i = j + 1;
      return { k: 'str', v };
    }
    const num = /^\d+(\.\d+)?/.exec(this.s.slice(this.i));
    if (num) {
      this.i += num[0].length;
      return { k: 'num', v: Number(num[0]) };
    }
    if (this.s.startsWith('NR', this.i) || this.s.startsWith('NF', this.i)) {
      const name = this.s.slice(this.i, this.i + 2) as 'NR' | 'NF';
      this.i += 2;
      return { k: 'var', name };
    }
    return this.fail();
  }
}

export const awk: CommandSpec = {
  name: 'awk',
  path: '/usr/bin/awk',
  run(ctx) {
    const o = new Output();
    const mawk = ctx.state.persona.family === 'debian';
    const args = ctx.argv.slice(1);
    let fs: string | null = null;
    while ((args[0] ?? '').startsWith('-') && args[0] !== '-') {
      const a = args.shift() ?? '';
      if (a === '-F') fs = args.shift() ?? ' ';
      else if (a.startsWith('-F')) fs = a.slice(2);
      else if (a === '-v') args.shift();
      else if (a === '--') break;
    }
    const program = args.shift();
    if (program === undefined) {
      o.err(mawk ? 'usage: mawk [-F value] [-v var=value] [--] \'program text\' [file ...]\n' : 'Usage: awk [POSIX or GNU style options] -f progfile [--] file ...\n');
      return o.done(2);
    }
    let rules: Rule[];
    try {
      rules = new AwkParser(program.slice(0, 4096)).program();
    } catch (e) {
      if (!(e instanceof AwkSyntax)) throw e;
      o.err(mawk ? `mawk: line 1: syntax error at or near ${e.message}\n` : `awk: cmd. line:1: ${program.split('\n')[0] ?? ''}\nawk: cmd. line:1: ${' '.repeat(Math.min(program.length, 60))}^ syntax error\n`);
      return o.done(2);
    }
    if (fs === 't') fs = '\t';
    let nr = 0;
    let fields: string[] = [];
    let record = '';
    const field = (n: number): string => (n === 0 ? record : fields[n - 1] ?? '');
    const evalExpr = (e: Expr): string => {
      switch (e.k) {
        case 'str': return e.v;
        case 'num': return String(e.v);
        case 'var': return String(e.name === 'NR' ? nr : fields.length);
        case 'field': return field(Math.max(0, Math.floor(Number(evalExpr(e.index)) || 0)));
        case 'cat': return e.parts.map(evalExpr).join('');
        case 'arith': {
          const a = Number.parseFloat(evalExpr(e.a)) || 0;
          const b = Number.parseFloat(evalExpr(e.b)) || 0;
          const v = e.op === '+' ? a + b : e.op === '-' ? a - b : e.op === '*' ? a * b : e.op === '/' ? a / b : a % b;
          return Number.isFinite(v) ? String(Number.isInteger(v) ? v : Number(v.toPrecision(6))) : 'inf';
        }
      }
    };
    const holds = (c: Cond): boolean => {
      if (c.k === 'always') return true;
      if (c.k === 're') return c.re.test(c.target ? evalExpr(c.target) : record) !== c.negate;
      if (c.k === 'cmp') {
        const a = evalExpr(c.a);
        const b = evalExpr(c.b);
        const na = Number(a);
        const nb = Number(b);
        const numeric = a.trim() !== '' && b.trim() !== '' && !Number.isNaN(na) && !Number.isNaN(nb);
        const cmp = numeric ? na - nb : a < b ? -1 : a > b ? 1 : 0;
        return c.op === '==' ? cmp === 0 : c.op === '!=' ? cmp !== 0 : c.op === '>' ? cmp > 0 : c.op === '<' ? cmp < 0 : c.op === '>=' ? cmp >= 0 : cmp <= 0;
      }
      return false;
    };
    const act = (r: Rule): void => {
      for (const p of r.prints) o.out(`${p === null ? record : p.map(evalExpr).join(' ')}\n`);
    };
    for (const r of rules) if (r.cond.k === 'begin') act(r);
    const inputs = readInputs(ctx, args);
    for (const input of inputs) {
      if (!input.ok) {
        o.err(mawk ? `mawk: cannot open ${input.name} (${ERRNO_TEXT[input.errno]})\n` : `awk: fatal: cannot open file \`${input.name}' for reading: ${ERRNO_TEXT[input.errno]}\n`);
        return o.done(2);
      }
      for (const line of splitLines(input.text)) {
        nr++;
        record = line;
        fields = fs === null || fs === ' ' ? line.trim().split(/[ \t]+/).filter((x) => x !== '') : line.split(fs);
        for (const r of rules) if (r.cond.k !== 'begin' && r.cond.k !== 'end' && holds(r.cond)) act(r);
        if (o.stdoutSize >= 65_536) break;
      }
    }
    for (const r of rules) if (r.cond.k === 'end') act(r);
    return o.done(0);
  },
};
