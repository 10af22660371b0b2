// List users, oldest first.
import { asc } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { users } from '../../db/schema';
import { toUserView, type UserView } from './view';

export async function listUsers(deps: AppDeps): Promise<UserView[]> {
  const rows = await deps.db.select().from(users).orderBy(asc(users.createdAtMs), asc(users.username));
  return rows.map(toUserView);
}
