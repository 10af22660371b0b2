// $(( )) arithmetic (bash(1) "ARITHMETIC EVALUATION", integer subset): a small recursive-descent
// evaluator over numbers, variables, + - * / % **, comparisons, && || ! and parentheses. No eval.

export type ArithResult = { ok: true; value: number } | { ok: false; error: string };

class ArithError extends Error {}

const MAX_DEPTH = 64;

class Arith {
  private i = 0;
  private depth = 0;
  constructor(
    private readonly s: string,
    private readonly lookup: (name: string) => string | undefined,
  ) {}

  private ws(): void {
    while (this.s[this.i] === ' ' || this.s[this.i] === '\t' || this.s[this.i] === '\n') this.i++;
  }

  private eat(op: string): boolean {
    this.ws();
    if (this.s.startsWith(op, this.i)) {
      this.i += op.length;
      return true;
    }
    return false;
  }

  private fail(): never {
    const rest = this.s.slice(this.i).trim();
    throw new ArithError(rest === '' ? 'syntax error: operand expected (error token is "")' : `syntax error in expression (error token is "${rest}")`);
  }

  parse(): number {
    const v = this.or();
    this.ws();
    if (this.i < this.s.length) this.fail();
    return v;
  }

  private or(): number {
    let v = this.and();
    while (this.eat('||')) v = (this.and() !== 0 || v !== 0) ? 1 : 0;
    return v;
  }

  private and(): number {
    let v = this.cmp();
    while (this.eat('&&')) v = (this.cmp() !== 0 && v !== 0) ? 1 : 0;
    return v;
  }

  private cmp(): number {
    let v = this.add();
    while (true) {
      if (this.eat('==')) v = v === this.add() ? 1 : 0;
      else if (this.eat('!=')) v = v !== this.add() ? 1 : 0;
      else if (this.eat('<=')) v = v <= this.add() ? 1 : 0;
      else if (this.eat('>=')) v = v >= this.add() ? 1 : 0;
      else if (this.eat('<')) v = v < this.add() ? 1 : 0;
      else if (this.eat('>')) v = v > this.add() ? 1 : 0;
      else return v;
    }
  }

  private add(): number {
    let v = this.mul();
    while (true) {
      if (this.eat('+')) v = Math.trunc(v + this.mul());
      else if (this.eat('-')) v = Math.trunc(v - this.mul());
      else return v;
    }
  }

  private mul(): number {
    let v = this.pow();
    while (true) {
      this.ws();
      if (this.s.startsWith('**', this.i)) return v;
      if (this.eat('*')) v = Math.trunc(v * this.pow());
      else if (this.eat('/') || this.eat('%')) {
        const op = this.s[this.i - 1];
        const start = this.i;
        const r = this.pow();
        if (r === 0) throw new ArithError(`division by 0 (error token is "${this.s.slice(start).trim()}")`);
        v = op === '/' ? Math.trunc(v / r) : v % r;
      } else return v;
    }
  }

  private pow(): number {
    const b = this.unary();
    if (this.eat('**')) return Math.trunc(b ** this.pow());
    return b;
  }

  private unary(): number {
    if (++this.depth > MAX_DEPTH) throw new ArithError('expression recursion level exceeded');
    try {
      if (this.eat('-')) return -this.unary();
      if (this.eat('+')) return this.unary();
      if (this.eat('!')) return this.unary() === 0 ? 1 : 0;
      return this.atom();
    } finally {
      this.depth--;
    }
  }

  private atom(): number {
    this.ws();
    if (this.eat('(')) {
      const v = this.or();
      if (!this.eat(')')) this.fail();
      return v;
    }
    const rest = this.s.slice(this.i);
    const num = /^(0[xX][0-9a-fA-F]+|\d+)/.exec(rest);
    if (num?.[1]) {
      this.i += num[1].length;
      return Number.parseInt(num[1], num[1].startsWith('0x') || num[1].startsWith('0X') ? 16 : 10);
    }
    const name = /^\$?([A-Za-z_][A-Za-z0-9_]*)/.exec(rest);
    if (name?.[1]) {
      this.i += name[0].length;
      const raw = (this.lookup(name[1]) ?? '0').trim();
      const n = Number.parseInt(raw === '' ? '0' : raw, 10);
      return Number.isFinite(n) ? n : 0;
    }
    return this.fail();
  }
}

export function evalArith(expr: string, lookup: (name: string) => string | undefined): ArithResult {
  if (expr.length > 1024) return { ok: false, error: 'expression too long' };
  try {
    return { ok: true, value: new Arith(expr, lookup).parse() };
  } catch (e) {
    if (e instanceof ArithError) return { ok: false, error: e.message };
    throw e;
  }
}
