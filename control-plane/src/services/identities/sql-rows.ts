// Multi-row statements chunked under the driver's parameter limit (libSQL 32766, D1 100).
import { q, RawSql, type SqlArg } from '../../db/raw-sql';

/** `INSERT ... VALUES (..), (..) <suffix>` in chunks. */
export function insertRows(head: string, rows: SqlArg[][], suffix: string, paramLimit: number): RawSql[] {
  if (!rows.length) return [];
  const per = Math.max(1, Math.floor(paramLimit / rows[0]!.length));
  const out: RawSql[] = [];
  for (let i = 0; i < rows.length; i += per) {
    const values = rows.slice(i, i + per).map((r) => new RawSql(`(${r.map(() => '?').join(', ')})`, r));
    out.push(q`${q.raw(head)} VALUES ${q.join(values)} ${q.raw(suffix)}`);
  }
  return out;
}

/** `DELETE FROM table WHERE column IN (...)` in chunks. */
export function deleteIn(table: string, column: string, ids: string[], paramLimit: number): RawSql[] {
  const out: RawSql[] = [];
  const per = Math.max(1, paramLimit - 1);
  for (let i = 0; i < ids.length; i += per) {
    const part = ids.slice(i, i + per);
    out.push(new RawSql(`DELETE FROM ${table} WHERE ${column} IN (${part.map(() => '?').join(', ')})`, part));
  }
  return out;
}
