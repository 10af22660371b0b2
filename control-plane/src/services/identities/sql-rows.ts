// Multi-row statements chunked under the driver's parameter limit (libSQL 32766, D1 100).
import { RawSql, type SqlArg } from '../../db/raw-sql';

/**
 * `INSERT ... VALUES (..), (..) <suffix>` in chunks (rows of one width). Text and parameters are built
 * flat per chunk: a full run writes about a million parameters, and one object per row added GC time.
 */
export function insertRows(head: string, rows: SqlArg[][], suffix: string, paramLimit: number): RawSql[] {
  if (!rows.length) return [];
  const width = rows[0]!.length;
  const per = Math.max(1, Math.floor(paramLimit / width));
  const tuple = `(${new Array<string>(width).fill('?').join(', ')})`;
  const out: RawSql[] = [];
  for (let i = 0; i < rows.length; i += per) {
    const n = Math.min(per, rows.length - i);
    const args = new Array<SqlArg>(n * width);
    let k = 0;
    for (let r = i; r < i + n; r++) {
      const row = rows[r]!;
      for (let c = 0; c < width; c++) args[k++] = row[c]!;
    }
    out.push(new RawSql(`${head} VALUES ${new Array<string>(n).fill(tuple).join(', ')} ${suffix}`, args));
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
