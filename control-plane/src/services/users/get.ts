// Load one user by id or fail with not_found.
import { eq } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { users, type UserRow } from '../../db/schema';
import { AppError } from '../../errors';

export async function getUser(deps: AppDeps, id: string): Promise<UserRow> {
  const row = await deps.db.select().from(users).where(eq(users.id, id)).get();
  if (!row) throw new AppError('not_found', 'User not found');
  return row;
}
