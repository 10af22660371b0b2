// RawBatch over the two driver shapes: libSQL clients (`batch` of {sql,args}) and D1 (`batch` of
// prepared, bound statements). Runtime-neutral: the entries pass in the client they already have.
import type { RawBatch, RawResult } from './raw-sql';

interface LibsqlLike {
  batch(stmts: { sql: string; args: (string | number | null)[] }[], mode: 'write'): Promise<{ rowsAffected: number; rows: ArrayLike<unknown>[] }[]>;
}
interface D1Like {
  prepare(sql: string): { bind(...args: unknown[]): unknown };
  batch(stmts: unknown[]): Promise<{ meta?: { changes?: number }; results?: Record<string, unknown>[] }[]>;
}

export function libsqlRawBatch(client: LibsqlLike): RawBatch {
  return async (stmts) => {
    if (stmts.length === 0) return [];
    const res = await client.batch(stmts.map((s) => ({ sql: s.text, args: s.args })), 'write');
    return res.map((r): RawResult => ({ rowsAffected: r.rowsAffected, rows: r.rows.map((row) => Array.from(row)) }));
  };
}

export function d1RawBatch(db: D1Like): RawBatch {
  return async (stmts) => {
    if (stmts.length === 0) return [];
    const res = await db.batch(stmts.map((s) => db.prepare(s.text).bind(...s.args)));
    return res.map((r): RawResult => ({ rowsAffected: r.meta?.changes ?? 0, rows: (r.results ?? []).map((row) => Object.values(row)) }));
  };
}
