// Admin update of a user: role change or password reset (which forces a change at next login and
// revokes the user's sessions). The last admin cannot be demoted.
import { and, eq, ne, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { users, type UserRow } from '../../db/schema';
import { AppError } from '../../errors';
import { forgetUser } from '../auth/user-cache';
import { getUser } from './get';
import { assertPasswordAcceptable } from './password-policy';

export interface UpdateUserInput {
  role?: 'admin' | 'viewer';
  password?: string;
}

export async function updateUser(deps: AppDeps, id: string, input: UpdateUserInput): Promise<UserRow> {
  const user = await getUser(deps, id);
  const set: Partial<UserRow> = { updatedAtMs: deps.now() };
  if (input.role && input.role !== user.role) {
    if (user.role === 'admin') await assertAnotherAdmin(deps, id);
    set.role = input.role;
  }
  if (input.password !== undefined) {
    assertPasswordAcceptable(input.password, user.username);
    set.passwordHash = await deps.hasher.hash(input.password);
    set.mustChangePassword = true;
  }
  const bumpSessions = set.role !== undefined || set.passwordHash !== undefined;
  const [row] = await deps.db
    .update(users)
    .set({ ...set, ...(bumpSessions ? { tokenVersion: sql`${users.tokenVersion} + 1` } : {}) })
    .where(eq(users.id, id))
    .returning();
  forgetUser(deps.db, id);
  if (!row) throw new AppError('not_found', 'User not found');
  return row;
}

export async function assertAnotherAdmin(deps: AppDeps, exceptId: string): Promise<void> {
  const other = await deps.db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'admin'), ne(users.id, exceptId)))
    .get();
  if (!other) throw new AppError('conflict', 'The last admin cannot be removed or demoted');
}
