// Logout revokes every token of the user by bumping the token version.
import { eq, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { users } from '../../db/schema';
import { forgetUser } from './user-cache';

export async function logout(deps: AppDeps, userId: string): Promise<void> {
  await deps.db
    .update(users)
    .set({ tokenVersion: sql`${users.tokenVersion} + 1`, updatedAtMs: deps.now() })
    .where(eq(users.id, userId));
  forgetUser(deps.db, userId);
}
