// One fold upsert written once and run two ways: multi-row through a driver batch (D1, HTTP
// libSQL), or as one prepared single-row statement bound per entity (Node's native connection).
import { RawSql, type SqlArg } from '../../db/raw-sql';

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

/** Marks where a row's parameter (index) or the clock (-1) goes in a prepared statement. */
class Slot {
  constructor(readonly index: number) {}
}

export interface PreparedUpsert<T> {
  /** SQL text for exactly one entity; the same for every call, so the driver prepares it once. */
  text: string;
  bind(x: T, now: number): SqlArg[];
}

const preparedCache = new WeakMap<Upsert<never>, PreparedUpsert<never>>();

/** The single-row form of an upsert, with a binder that places row values and constants. */
export function prepareUpsert<T>(u: Upsert<T>): PreparedUpsert<T> {
  const hit = preparedCache.get(u as Upsert<never>);
  if (hit) return hit as PreparedUpsert<T>;
  const slots = Array.from({ length: u.columns }, (_, i) => new Slot(i) as unknown as SqlArg);
  const st = u.statement(tuple(slots), new Slot(-1) as unknown as SqlArg);
  const plan = st.args.map((a) => ((a as unknown) instanceof Slot ? (a as unknown as Slot).index : { value: a }));
  const p: PreparedUpsert<T> = {
    text: st.text,
    bind: (x, now) => {
      const v = u.values(x);
      return plan.map((s) => (typeof s === 'number' ? (s < 0 ? now : v[s]!) : s.value));
    },
  };
  preparedCache.set(u as Upsert<never>, p as PreparedUpsert<never>);
  return p;
}
