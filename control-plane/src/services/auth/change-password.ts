// A user changes their own password: needs the current one, clears the forced-change flag and
// revokes other sessions; returns a fresh token for the caller.
import { eq, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { users, type UserRow } from '../../db/schema';
import { prepared } from '../../db/prepared';
import { issueToken } from '../../crypto/jwt';
import { AppError } from '../../errors';
import { assertPasswordAcceptable } from '../users/password-policy';
import { toUserView } from '../users/view';
import type { LoginResult } from './login';
import { forgetUser } from './user-cache';

export async function changePassword(
  deps: AppDeps,
  user: UserRow,
  currentPassword: string,
  newPassword: string,
): Promise<LoginResult> {
  // The request's row may come from the revocation cache: check against the stored one.
  const stored = await prepared(deps.db).userById.get({ id: user.id });
  if (!stored || stored.tokenVersion !== user.tokenVersion) throw new AppError('unauthorized', 'Session is no longer valid');
  if (!(await deps.hasher.verify(currentPassword, stored.passwordHash))) {
    throw new AppError('unauthorized', 'Current password is incorrect');
  }
  if (newPassword === currentPassword) {
    throw new AppError('validation_failed', 'New password must differ from the current one');
  }
  assertPasswordAcceptable(newPassword, user.username);
  const now = deps.now();
  const [row] = await deps.db
    .update(users)
    .set({
      passwordHash: await deps.hasher.hash(newPassword),
      mustChangePassword: false,
      tokenVersion: sql`${users.tokenVersion} + 1`,
      updatedAtMs: now,
    })
    .where(eq(users.id, user.id))
    .returning();
  forgetUser(deps.db, user.id);
  if (!row) throw new AppError('unauthorized', 'Session is no longer valid');
  const { token, expiresAtMs } = await issueToken(deps.config.jwtSecret, row, now, deps.config.jwtTtlMinutes);
  return { token, expiresAt: new Date(expiresAtMs).toISOString(), user: toUserView(row) };
}
