// One fold upsert written once and run two ways: multi-row through a driver batch (D1, HTTP
// libSQL), or as prepared statements of a fixed number of rows bound in chunks (Node's native connection).
import { q, RawSql, type SqlArg } from '../../db/raw-sql';

export interface Upsert<T> {
  /** Parameters per VALUES row. */
  columns: number;
  /** One entity's parameters, in column order. */
  values(x: T): SqlArg[];
  /** The statement around a VALUES list (or an id list when `columns` is 1); `now` is the clock. */
  statement(values: RawSql, now: SqlArg): RawSql;
}

/** One VALUES row: `(?, ?, ...)`; a one-column row is a bare `?` (for `IN (...)` lists). */
export function tuple(args: SqlArg[]): RawSql {
  return new RawSql(args.length === 1 ? '?' : `(${args.map(() => '?').join(', ')})`, args);
}

/** Marks where a row's parameter (row, column) or the clock (row -1) goes in a prepared statement. */
class Slot {
  constructor(
    readonly row: number,
    readonly column: number,
  ) {}
}

export interface PreparedUpsert<T> {
  /** SQL text for exactly `rows` entities; the same for every call, so the driver prepares it once. */
  text: string;
  rows: number;
  /** The statement's parameters for `xs[from .. from + rows)`. */
  bind(xs: readonly T[], from: number, now: number): SqlArg[];
}

const preparedCache = new WeakMap<Upsert<never>, Map<number, PreparedUpsert<never>>>();

/**
 * The `rows`-entity form of an upsert, with a binder that places row values and constants. Multi-row
 * statements apply their rows in order, exactly as that many single-row runs would, for a fraction of
 * the per-statement cost.
 */
export function prepareUpsert<T>(u: Upsert<T>, rows = 1): PreparedUpsert<T> {
  let byRows = preparedCache.get(u as Upsert<never>);
  if (!byRows) preparedCache.set(u as Upsert<never>, (byRows = new Map()));
  const hit = byRows.get(rows);
  if (hit) return hit as PreparedUpsert<T>;
  const tuples = Array.from({ length: rows }, (_, r) => tuple(Array.from({ length: u.columns }, (_, c) => new Slot(r, c) as unknown as SqlArg)));
  const st = u.statement(q.join(tuples), new Slot(-1, 0) as unknown as SqlArg);
  const plan = st.args.map((a) => ((a as unknown) instanceof Slot ? (a as unknown as Slot) : { value: a }));
  const p: PreparedUpsert<T> = {
    text: st.text,
    rows,
    bind: (xs, from, now) => {
      const values = Array.from({ length: rows }, (_, r) => u.values(xs[from + r]!));
      return plan.map((s) => (s instanceof Slot ? (s.row < 0 ? now : values[s.row]![s.column]!) : s.value));
    },
  };
  byRows.set(rows, p as PreparedUpsert<never>);
  return p;
}
