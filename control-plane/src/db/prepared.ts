// Prepared queries for the hottest paths (per database handle): drizzle builds their SQL once
// instead of on every request.
import { asc, eq, sql } from 'drizzle-orm';
import { users } from './schema';
import type { Db } from './types';

function build(db: Db) {
  return {
    userById: db.select().from(users).where(eq(users.id, sql.placeholder('id'))).prepare(),
    usersOrdered: db.select().from(users).orderBy(asc(users.createdAtMs), asc(users.username)).prepare(),
  };
}

const cache = new WeakMap<Db, ReturnType<typeof build>>();

export function prepared(db: Db): ReturnType<typeof build> {
  let p = cache.get(db);
  if (!p) cache.set(db, (p = build(db)));
  return p;
}
