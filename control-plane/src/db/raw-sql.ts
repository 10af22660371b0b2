// A lean SQL builder for the ingest hot path: a tagged template that turns interpolations into `?`
// parameters (never string-splices values), run through the driver's own batch (one transaction).
// drizzle's builder costs more than SQLite itself at tens of thousands of rows per second.
export type SqlArg = string | number | null;

export class RawSql {
  constructor(
    readonly text: string,
    readonly args: SqlArg[],
  ) {}
}

/** `q\`... ${value} ...\``: values become parameters; nested RawSql fragments are inlined. */
export function q(strings: TemplateStringsArray, ...values: (SqlArg | RawSql)[]): RawSql {
  let text = strings[0]!;
  const args: SqlArg[] = [];
  values.forEach((v, i) => {
    if (v instanceof RawSql) {
      text += v.text;
      for (const a of v.args) args.push(a);
    } else {
      text += '?';
      args.push(v);
    }
    text += strings[i + 1]!;
  });
  return new RawSql(text, args);
}

/** Joins fragments with a separator (parameters kept in order). */
q.join = (parts: RawSql[], separator = ', '): RawSql => {
  const args: SqlArg[] = [];
  for (const p of parts) for (const a of p.args) args.push(a);
  return new RawSql(parts.map((p) => p.text).join(separator), args);
};

/** Trusted SQL text (identifiers, validated integers); never attacker data. */
q.raw = (text: string): RawSql => new RawSql(text, []);

export interface RawResult {
  rowsAffected: number;
  rows: unknown[][];
}

/** Runs statements in order, atomically, and returns each one's affected count and rows. */
export type RawBatch = (statements: RawSql[]) => Promise<RawResult[]>;
