// `column IN (values)` bound as ONE JSON parameter (json_each), for lists of any length: D1 binds at
// most 100 parameters per statement, so drizzle's inArray breaks there past 100 values.
import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';

export function inJsonList(column: SQLWrapper, values: readonly (string | number)[]): SQL {
  return sql`${column} IN (SELECT value FROM json_each(${JSON.stringify(values)}))`;
}
