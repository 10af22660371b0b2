// Resolve a bearer token to its user: the token must verify, be unexpired and carry the user's
// current token version (logout, password change and role change revoke older tokens).
import { eq } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { users, type UserRow } from '../../db/schema';
import { readToken } from '../../crypto/jwt';
import { AppError } from '../../errors';

export async function authenticate(deps: AppDeps, token: string): Promise<UserRow> {
  const claims = await readToken(deps.config.jwtSecret, token);
  if (!claims) throw new AppError('unauthorized', 'Invalid or expired token');
  const user = await deps.db.select().from(users).where(eq(users.id, claims.sub)).get();
  if (!user || user.tokenVersion !== claims.tv) throw new AppError('unauthorized', 'Session is no longer valid');
  return user;
}
