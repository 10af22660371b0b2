// Delete a user. Admins cannot delete themselves, and the last admin always stays.
import { eq } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { users } from '../../db/schema';
import { AppError } from '../../errors';
import { forgetUser } from '../auth/user-cache';
import { getUser } from './get';
import { assertAnotherAdmin } from './update';

export async function removeUser(deps: AppDeps, actorId: string, id: string): Promise<void> {
  if (actorId === id) throw new AppError('conflict', 'You cannot delete your own account');
  const user = await getUser(deps, id);
  if (user.role === 'admin') await assertAnotherAdmin(deps, id);
  await deps.db.delete(users).where(eq(users.id, id));
  forgetUser(deps.db, id);
}
